//! The desktop app's labels, Chinese and English. What the core says (outcomes, findings,
//! warnings) is in `legal`; this file holds the words of the screens themselves.

use crate::Lang;

macro_rules! labels {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        /// A label of the desktop app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum L {
            $($name),*
        }

        impl L {
            /// Every label, for tests that check both languages are filled in.
            pub const ALL: &'static [L] = &[$(L::$name),*];

            /// The label in a language.
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(L::$name => lang.pick($zh, $en)),*
                }
            }
        }
    };
}

labels! {
    AppTitle => "增城开发区市级权限事项", "Zengcheng zone delegated powers";
    NavCatalogue => "事项目录", "Catalogue";
    NavRouter => "办件分派", "Router";
    NavDeadlines => "期限", "Deadlines";
    NavWorkdays => "工作日", "Workdays";
    NavNotice => "通告原文", "Notice";
    NavRecords => "交接记录", "Handovers";
    NavBatch => "批量分派", "Batch";
    NavCases => "办件台账", "Cases";
    Language => "English", "中文";
    ThemeLight => "浅色", "Light";
    ThemeDark => "深色", "Dark";
    KeysHint => "Ctrl+1…8 或 Ctrl+PgUp/PgDn 切换页面 · Ctrl+F 搜索 · Esc 清除 · Ctrl+= / Ctrl+- 字号", "Ctrl+1…8 or Ctrl+PgUp/PgDn screens · Ctrl+F search · Esc clears · Ctrl+= / Ctrl+- text size";

    // Catalogue
    SearchPlaceholder => "搜索事项名称、实施单位、备注…", "Search names, units, remarks…";
    FilterMode => "调整方式", "Mode";
    FilterCategory => "事项类别", "Category";
    FilterUnit => "市级实施单位", "Municipal unit";
    All => "全部", "All";
    Shown => "显示", "Showing";
    NoMatch => "没有符合条件的事项", "No item matches";
    ChooseItem => "请在左侧选择一个事项", "Choose an item on the left";
    FieldNo => "序号", "No.";
    FieldName => "事项名称", "Item";
    FieldCategory => "事项类别", "Category";
    FieldUnit => "市级实施单位", "Municipal implementing unit";
    FieldMode => "调整方式", "Mode";
    FieldRemarks => "备注", "Remarks";
    RemarksEmpty => "（空）", "(empty)";
    Scope => "适用范围", "Scope";
    ScopeAll => "备注未设限制：开发区内的本事项均由管委会行使。", "No remarks: the whole item, inside the zone, goes to the committee.";
    LegalMeaning => "法律含义", "What the mode means in law";
    Dates => "日期", "Dates";
    HandoverDate => "交接日期", "Handover date";
    HandoverRecorded => "已登记", "recorded";
    HandoverAssumed => "未登记，按法定期限推定", "not recorded; statutory deadline assumed";
    HandoverOverdue => "已逾期未登记交接", "overdue: no handover recorded";
    HandoverLate => "晚于法定期限", "later than the deadline";
    HandoverPending => "待交接", "pending";
    HandoverNotRecorded => "未登记交接日期", "handover date not recorded";
    NoHandoverRecorded => "尚未登记任何交接日期，各事项暂按法定期限推定：请先登记交接日期。", "No handover recorded yet, so the statutory deadline is assumed: record the handover dates first.";
    NoHandoverShort => "尚未登记交接日期，暂按法定期限推定", "No handover recorded: deadlines assumed";
    RecordHandovers => "去登记交接日期", "Record handover dates";
    ValidUntil => "有效期最后一日", "Validity last day";

    // Router
    ChooseItemToRoute => "选择事项", "Choose an item";
    ApplicationId => "办件编号", "Application id";
    CasesAll => "全部", "All";
    CasesYear => "收件年度", "Year received";
    CasesItem => "事项", "Item";
    CasesStatus => "状态", "Status";
    CasesResult => "办理结果", "Result";
    CasesOrder => "排序", "Order";
    CasesSearch => "查找", "Find";
    CasesSearchHint => "办件编号或申请人", "Case id or applicant";
    CasesOverdueOnly => "仅逾期", "Overdue only";
    CasesLoading => "正在读取办件台账…", "Reading the case register…";
    CasesNone => "办件台账中还没有办件。在“办件分派”页点“登记为办件”，或在“批量分派”页打开登记表后登记。", "The case register has no cases yet. Record one with “Record as case” on the Router screen.";
    CasesNoneMatch => "没有符合筛选条件的办件", "No case matches the filters";
    CasesRefresh => "刷新", "Refresh";
    CasesBack => "关闭", "Close";
    PageFirst => "首页", "First";
    PagePrevious => "上一页", "Previous";
    PageNext => "下一页", "Next";
    PageLast => "末页", "Last";
    OrderReceived => "收件日期（早→晚）", "Received (earliest first)";
    OrderReceivedLatest => "收件日期（晚→早）", "Received (latest first)";
    OrderClosed => "办结日期（早→晚）", "Closed (earliest first)";
    OrderClosedLatest => "办结日期（晚→早）", "Closed (latest first)";
    CaseId => "办件编号", "Case id";
    CaseWorkingDays => "工作日", "Working days";
    CaseOverdueMark => "逾期", "overdue";
    CaseHeading => "办件", "Case";
    CaseApplicant => "申请人", "Applicant";
    CaseFacts => "事实", "Facts";
    CaseMode => "行使方式", "Mode";
    CaseClause => "依据条款", "Clause";
    CaseFinding => "认定", "Finding";
    CaseFlips => "何种事实会改变结论", "What would change the outcome";
    CaseEarlierDecisions => "更正前的决定", "Earlier decisions";
    CaseNote => "备注", "Note";
    CaseTrail => "审计记录", "Audit trail";
    CaseReopen => "重新办理", "Reopen";
    CaseCloseHeading => "办结本件", "Close the case";
    CaseClosedOn => "办结日期", "Closed on";
    CaseChooseResult => "选择办理结果", "Choose the result";
    CaseClose => "确认办结", "Close case";
    CaseClosedBeforeReceived => "办结日期早于收件日期", "before the received date";
    CaseClosedAfterToday => "办结日期晚于今天", "after today";
    ReceivedAfterToday => "收件日期晚于今天：请核对后再登记", "after today: check it before recording";
    RecordCase => "登记为办件", "Record as case";
    CaseIdRequired => "登记为办件需要办件编号", "a case id is needed to record the case";
    OpenCase => "打开办件", "Open the case";
    CasesFigures => "年度统计", "Year's figures";
    RecordAll => "全部登记为办件", "Record all as cases";
    CorrectFacts => "更正事实", "Correct the facts";
    CaseSlip => "办件登记单 PDF", "Case record PDF";
    SaveCorrection => "保存更正", "Save the correction";
    CancelCorrection => "取消更正", "Leave the correction";
    CorrectionKeepsId => "更正不改办件编号：请改回原编号，或取消更正", "a correction keeps the case id: put it back, or leave the correction";
    RecordCancel => "停止登记", "Stop recording";
    CasesList => "办件列表", "Case list";
    FiguresYear => "统计年度", "Year";
    FiguresXlsx => "导出统计 .xlsx", "Figures .xlsx";
    FiguresCsv => "导出统计 .csv", "Figures .csv";
    FiguresPdf => "统计表 PDF", "Figures PDF";
    LimitHeading => "承诺时限（协调员设定，记入审计记录）", "Time limits (set by the coordinator, audited)";
    LimitHint => "工作日数，空白为不设", "working days; blank: none";
    LimitSet => "设定", "Set";
    CasesLost => "读写办件台账的线程意外停止，未作改动；请重试", "the case register's job stopped unexpectedly; nothing was changed: try again";
    RecordingCase => "正在登记…", "Recording…";
    RecordInvalid => "INVALID 的决定不登记为办件：请先改正表单", "an INVALID decision is not recorded as a case: correct the form first";
    IdMayBeEmpty => "可留空：决定单上写“未编号”", "may be left empty: the slip says “unnumbered”";
    Received => "收件日期", "Received";
    InZone => "项目位于增城经济技术开发区内", "Site inside the development zone";
    ProjectType => "项目类型", "Project type";
    PowerGrid => "电网工程", "Power-grid project";
    GasStation => "天然气分布式能源站", "Gas distributed-energy station";
    OtherProject => "其他项目", "Other project";
    Kv => "电压等级（千伏）", "Voltage (kV)";
    CrossDistrict => "跨区项目", "Cross-district project";
    WaterSource => "水源", "Water source";
    Volume => "日取水量（立方米）", "Daily volume (m³)";
    Agricultural => "农业取水", "Agricultural use";
    Request => "申请类型", "Request";
    Site => "树木所在地", "Site";
    TreeCount => "株数", "Number of trees";
    Dbh => "最大胸径（厘米）", "Largest trunk diameter (cm)";
    Heritage => "古树名木情况", "Heritage status";
    NoFacts => "本事项无需补充其他情形。", "This item needs no further facts.";
    ErrDate => "请输入有效日期，格式为 2024-07-01", "Enter a real date as 2024-07-01";
    ErrWhole => "请输入正整数（只含数字）", "Enter a whole number (digits only)";
    ErrInteger => "请输入整数（可为负数），例如 30 或 -5", "Enter a whole number (may be negative), e.g. 30 or -5";
    ErrTooLarge => "数值过大，请核对", "Too large: check the number";
    ErrZero => "须大于 0", "Must be more than 0";
    ErrDecimal => "请输入大于 0 的数，最多两位小数，例如 30.5", "Enter a number above 0 with at most two decimals, e.g. 30.5";
    ErrEmpty => "请填写", "Required";
    ErrItemNo => "事项序号为 1–12（附件共 12 项）", "The notice's items are numbered 1–12";
    FixItemNo => "事项序号有误：请输入 1–12，或在旁边的列表中选择事项。", "The item number is wrong: type 1–12, or choose the item from the list beside it.";
    FillForm => "填写完各项后显示分派结论。", "Fill in the form to see the decision.";
    RouterHint => "请在左侧选择事项，表单只列出该事项需要的情形。", "Choose an item on the left; the form asks only for the facts it needs.";
    FixForm => "请先更正标红的字段，才能得出结论。", "Correct the marked fields to see a decision.";
    Decision => "分派结论", "Decision";
    ApprovingBody => "审批机关", "Approving body";
    InNameOf => "以谁的名义", "In the name of";
    Answerable => "承担法律责任", "Answers for it";
    Warnings => "提示", "Warnings";
    Trace => "判断依据", "Trace";
    Copy => "复制结论", "Copy decision";
    Copied => "已复制", "Copied";
    EnterCopies => "在任一字段按 Enter 也可复制", "Enter in any field copies too";
    NotDelegatedMeaning => "本通告不调整此件：按原有的事权划分办理，不由增城开发区管委会审批。", "The notice does not move this application: it is handled under the existing division of powers, not by the committee.";

    // Deadlines
    NoticeDate => "通告印发及施行日期", "Notice issued and in force";
    HandoverDeadline => "交接期限（30个工作日）", "Handover deadline (30 working days)";
    StartExcluded => "印发之日不计入（民法典第二百零一条）", "Issue day not counted (Civil Code art. 201)";
    StartIncluded => "印发之日计入", "Issue day counted";
    ValidityListing => "按规范性文件目录惯例（至2029-04-28）", "Listing practice (to 2029-04-28)";
    ValidityCivil => "按民法典第二百零二条（至2029-04-29）", "Civil Code art. 202 (to 2029-04-29)";
    Today => "今天", "Today";
    DaysSince => "已过", "passed";
    DaysUntil => "还有", "to go";
    WorkingDays => "个工作日", "working days";
    CalendarDays => "天", "days";
    TimeLeft => "有效期剩余", "Validity left";
    Expired => "已届满", "expired";
    ItemsTable => "各事项交接情况", "Handover by item";
    State => "状态", "State";
    Reminders => "提醒", "Reminders";
    SeeAll => "查看", "See all";
    Dismiss => "知道了", "Dismiss";

    // Working days
    PrevMonth => "‹ 上月", "‹ Prev";
    NextMonth => "下月 ›", "Next ›";
    Mon => "一", "Mon";
    Tue => "二", "Tue";
    Wed => "三", "Wed";
    Thu => "四", "Thu";
    Fri => "五", "Fri";
    Sat => "六", "Sat";
    Sun => "日", "Sun";
    Holiday => "法定节假日", "Holiday";
    Makeup => "调休上班", "Make-up working day";
    Weekend => "周末", "Weekend";
    Calculator => "工作日计算", "Working-day calculator";
    StartDate => "起算日期", "Start date";
    NDays => "工作日数（可为负数）", "Working days (may be negative)";
    CountStart => "起算日计入", "Count the start day";
    Result => "结果", "Result";
    FromDate => "自", "From";
    ToDate => "至", "To";
    Between => "间隔工作日", "Working days between";
    Uncovered => "超出日历范围", "Beyond the calendar";
    CalendarCovers => "日历覆盖年份", "Calendar covers";

    // Records
    RecordsFile => "记录文件", "Records file";
    ReadOnlyLocked => "另一个窗口已打开交接记录：本窗口只读，不会覆盖其修改。", "Another instance has the records open: this one is read-only and will not overwrite its work.";
    ServerReading => "正在从数据库服务器读取交接记录：", "Reading the handover records from the database server ";
    ServerSaving => "正在将交接记录保存到数据库服务器：", "Saving the handover records to the database server ";
    ServerRead => "已从数据库服务器读取交接记录：", "Handover records read from the database server ";
    ServerUnreadShort => "交接记录未读取，不可修改：无法连接数据库服务器 ", "Handover records not read, not editable: cannot reach the database server ";
    SharedStore => "共享办件台账", "Shared register";
    SharedStoreHint => "postgres://用户@服务器:端口/数据库（留空：只用本机）", "postgres://user@host:port/db (empty: this PC only)";
    UseStore => "使用", "Use";
    StoreFromEnv => "由环境变量 DELEGATION_TRACKER_STORE 指定，在此不能更改", "set by DELEGATION_TRACKER_STORE; cannot be changed here";
    StoreUnsaved => "交接记录有未保存的修改：请先保存或撤销，再更换办件台账", "The records have unsaved changes: save or undo them before changing the register";
    StoreBusy => "正在读取或保存交接记录：完成后再更换办件台账", "The records are being read or saved: change the register when that is done";
    StoreNotUrl => "不是数据库服务器的地址：应以 postgres:// 开头，如 postgres://dt_clerk@dbserver:5432/dt", "Not a database server's address: it starts with postgres://, e.g. postgres://dt_clerk@dbserver:5432/dt";
    StorePassword => "地址中含口令：口令不保存在设置中，请用 PGPASSWORD 或口令文件（~/.pgpass，Windows 为 %APPDATA%\\postgresql\\pgpass.conf）", "The address holds a password: passwords are not kept in settings; use PGPASSWORD or the password file (~/.pgpass; on Windows %APPDATA%\\postgresql\\pgpass.conf)";
    StorePasswordKept => "设置文件中的共享办件台账地址含口令：口令不应保存在设置中，请删去并改用 PGPASSWORD 或口令文件", "The shared register's address in the settings file holds a password: passwords do not belong in settings; remove it and use PGPASSWORD or the password file";
    StoreNowServer => "已改用共享办件台账：", "Now using the shared register: ";
    StoreNowLocal => "已改用本机的交接记录：", "Now using this PC's records: ";
    ServerLost => "与数据库服务器的读取或保存意外中止：没有确认任何保存，请重试", "The read or save with the database server stopped unexpectedly: no save is confirmed; try again";
    ServerUnreadNote => "在读取之前仍可分派，但按尚未登记任何交接日期判断；交接记录不可修改，不会保存任何内容。", "Until they are read, routing goes on as if no handover were recorded; the records cannot be changed and nothing is saved.";
    ServerRetry => "重新连接", "Try again";
    ConflictTheirs => "服务器上现为：", "On the server now: ";
    ConflictOurs => "您的修改（未保存）：", "yours (not saved): ";
    ConflictSaveAgain => "。您的修改仍在表单中：核对后再次保存即以您的为准，或改回对方的记录", ". Yours is still in the form: save again to put yours over theirs, or change it back to theirs";
    ReadOnlyCorrupt => "交接记录文件无法读取，已以只读方式打开，文件未被改动", "The records file cannot be read; opened read-only and the file is left as it is";
    RestoreBackup => "恢复最近的完好备份（原文件另存，不会丢失）", "Restore the newest good backup (the bad file is kept aside)";
    StartFresh => "没有完好的备份：将原文件另存，从空白记录重新开始", "No good backup: keep the bad file aside and start with empty records";
    ImportRecords => "导入记录", "Import records";
    ExportRecords => "导出记录", "Export records";
    ReportXlsx => "导出报表 .xlsx", "Report .xlsx";
    ReportCsv => "导出报表 .csv", "Report .csv";
    ExportIcs => "导出日历 .ics", "Calendar .ics";
    ImportHolidays => "导入节假日 JSON", "Import holidays JSON";
    ImportNotice => "导入通告 .ron", "Import a notice .ron";
    AnnouncementDate => "交接日期公告日期", "Announcement date";
    AnnouncementPlace => "公告地点（网站或刊物）", "Announced where (site or publication)";
    FiveElements => "委托事项须细化明确的内容", "What the entrustment must spell out";
    Note => "说明", "Note";
    Notes => "备注说明", "Notes";
    Save => "保存", "Save";
    Unsaved => "有未保存的修改", "Unsaved changes";
    NeedHandoverDate => "已交接的事项须填写交接日期", "A handed-over item needs its handover date";
    HandoverBeforeNotice => "交接日期不能早于通告施行之日（2024-04-29）", "The handover date cannot be before the notice took effect (2024-04-29)";
    HandoverInFuture => "交接日期是完成交接之日，不能晚于今天", "The handover date is the day the handover was done: it cannot be after today";
    DateMeansHandedOver => "有交接日期即已完成交接：请把状态改为“已交接”，交接尚未完成则清空日期", "A handover date means the handover is done: set the state to handed over, or clear the date if it is not done yet";
    CloseUnsaved => "交接记录有未保存的修改。关闭前要保存吗？", "The handover records have unsaved changes. Save them before closing?";
    SaveAndClose => "保存并关闭", "Save and close";
    DiscardAndClose => "不保存，关闭", "Close without saving";
    CancelClose => "取消", "Cancel";
    Saved => "已保存", "Saved";
    Exported => "已导出", "Exported";
    Imported => "已导入", "Imported";
    Restored => "已恢复备份，原文件另存为", "Backup restored; the bad file was kept as";
    StartedFresh => "已从空白记录重新开始，原文件另存为", "Started with empty records; the bad file was kept as";
    Failed => "操作失败", "Failed";
    SettingsIgnored => "设置文件无法使用，已按默认设置打开（更改设置时重写该文件）", "The settings file cannot be used; the defaults are used (the file is rewritten at the next change)";
    SettingsNotSaved => "设置未能保存，下次启动将不会记得", "The settings could not be kept for the next start";
    OverrideUnusable => "导入的节假日文件无法使用，暂用内置日历", "The imported holidays cannot be used; the built-in calendar is used";

    // Batch
    OpenBatch => "打开办件文件…", "Open applications file…";
    ExportTable => "导出分派表 .csv/.xlsx", "Export decisions .csv/.xlsx";
    FilterOutcome => "按结论筛选", "Show";
    DatesUsed => "判断所用的交接日期", "Handover dates used";
    DateFromFile => "文件所列", "from the file";
    NotDelegatedShort => "本通告不调整，按原有事权划分办理", "not moved by the notice: existing division of powers";
    BatchRowHint => "点击一行查看完整结论、依据并复制；点击“办件编号”或“结论”排序", "Click a row for the whole decision, its trace and copy; click Id or Outcome to sort";
    Close => "关闭 ×", "Close ×";
    ReportPdf => "导出报表 .pdf", "Report .pdf";
    WriteTemplate => "空白登记表 .xlsx", "Blank register .xlsx";
    SlipPdf => "分派决定单 PDF", "Decision slip PDF";
    OpenedInViewer => "已写入并用本机的 PDF 阅读器打开（可在其中打印）：", "Written and opened in the desktop's PDF viewer (print from there):";
    OpeningInViewer => "已写入，正在用本机的 PDF 阅读器打开：", "Written; opening it in the desktop's PDF viewer:";
    NoPdfViewer => "已写入，但本机没有找到 PDF 阅读器；文件在", "Written, but no PDF viewer was found; the file is at";
    ViewerFailed => "已写入，但 PDF 阅读器未能打开它；文件在", "Written, but the PDF viewer could not open it; the file is at";
    BadRows => "以下各行无法读取，按申请信息无效（INVALID）处理：", "These rows could not be read and count as INVALID:";
    BatchHint => "打开一个办件文件（.xlsx、.csv 或 .ron），逐件显示分派结论。各列的填写方法见“登记表各列说明”。", "Open an applications file (.xlsx, .csv or .ron) to see each decision. What each column takes: “Register columns”.";
    ColumnsHelp => "登记表各列说明", "Register columns";
    ColumnsHelpHide => "收起各列说明", "Hide the columns";
    LoadCancel => "取消读取", "Cancel reading";
    LoadCancelled => "已取消读取，表格未改变", "Reading cancelled; the table is as it was";
    BadRowTitle => "此行无法读取，按申请信息无效（INVALID）处理", "This row could not be read and counts as INVALID";
    RowNoId => "（无编号）", "(no id)";

    // When no file dialog can open
    NoDialog => "本机无法打开文件选择窗口（需要 xdg-desktop-portal 或 zenity），请直接输入文件路径：", "No file dialog could open on this desktop (it needs xdg-desktop-portal or zenity). Type the file's path:";
    PathOk => "确定", "OK";
    PathCancel => "取消", "Cancel";
    PathEmpty => "请输入文件路径", "Type the file's path";
    PathNotFound => "找不到这个文件", "There is no such file";
    PathIsFolder => "这是一个文件夹，请在后面加上文件名", "That is a folder: add a file name";
    PathNoFolder => "文件夹不存在", "The folder does not exist";
    PathNoFolderCreate => "文件夹不存在，再按一次“确定”将新建它", "The folder does not exist: press OK again to create it";
    PathExists => "文件已存在，再按一次“确定”将覆盖它", "The file exists: press OK again to replace it";

    // Notice
    NoticeTable => "附件：目录", "Attachment: the table";
    SelectHint => "可选中文字并按 Ctrl+C 复制", "Select text and press Ctrl+C to copy";
}

/// Batch loading: "正在读取 FILE…" before the first rows, then how many are read and routed
/// (the file is read as a stream: its number of rows is known only at its end).
pub fn loading(lang: Lang, file: &str, done: Option<usize>) -> String {
    match (lang, done) {
        (Lang::Zh, None) => format!("正在读取 {file}…"),
        (Lang::En, None) => format!("Reading {file}…"),
        (Lang::Zh, Some(n)) => format!("正在读取并分派 {file}：已处理 {n} 行"),
        (Lang::En, Some(n)) => format!("Reading and routing {file}: {n} rows so far"),
    }
}

/// A row of a register by its place in the sheet: "第3行" / "row 3".
pub fn sheet_row(lang: Lang, row: u32) -> String {
    match lang {
        Lang::Zh => format!("第{row}行"),
        Lang::En => format!("row {row}"),
    }
}

/// The unreadable rows of a register: where they are (in the table, as INVALID).
pub fn unreadable_rows(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "有 {n} 行无法读取，按申请信息无效（INVALID）列在表中，并注明编号和出错的单元格；按结论筛选可只看这些行。"
        ),
        Lang::En => format!(
            "{n} rows could not be read: they are in the table as INVALID, each with its id and the cell that is wrong; the outcome filter shows them alone."
        ),
    }
}

/// What to do with a file too large for the app: the command line routes it.
pub fn too_large_for_app(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "文件过大，本程序的窗口无法打开。可在命令行分派并导出结果表：delegation-tracker route \"{file}\" --out 分派结果.csv"
        ),
        Lang::En => format!(
            "The file is too large for the window. Route it on the command line and export the table: delegation-tracker route \"{file}\" --out decisions.csv"
        ),
    }
}

/// The line under a decision that the conventions chosen on the deadlines screen changed
/// (issue 29, finding 4): which conventions, and the outcome under the defaults.
pub fn conventions_changed(
    lang: Lang,
    start_day: delegation_law::calendar::StartDay,
    validity: delegation_law::deadlines::ValidityConvention,
    default_outcome: &str,
) -> String {
    let chosen = [
        (start_day != Default::default()).then(|| crate::dates::start_day(lang, start_day)),
        (validity != Default::default()).then(|| crate::dates::validity(lang, validity)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(lang.semicolon());
    match lang {
        Lang::Zh => format!(
            "本结论取决于“期限”页所选的计算惯例（{chosen}）；按默认惯例应为：{default_outcome}"
        ),
        Lang::En => format!(
            "This outcome rests on the conventions chosen on the Deadlines screen ({chosen}); under the defaults it would be: {default_outcome}"
        ),
    }
}

/// The batch screen's export said: where, how many rows, and the filter when one was on
/// (only the rows it shows are written).
pub fn batch_exported(lang: Lang, path: &str, rows: usize, filter: Option<&str>) -> String {
    match (lang, filter) {
        (Lang::Zh, None) => format!("已导出 {path}（{rows} 行）"),
        (Lang::Zh, Some(f)) => {
            format!("已导出 {path}（仅按当前筛选“{f}”显示的 {rows} 行）")
        }
        (Lang::En, None) => format!("Exported {path} ({rows} rows)"),
        (Lang::En, Some(f)) => {
            format!("Exported {path} (only the {rows} rows the filter “{f}” shows)")
        }
    }
}

/// Under a file that could not be opened: the table shown is still the earlier file's.
pub fn still_shown(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Zh => format!("下表仍是此前读入的 {file}，未作改动。"),
        Lang::En => format!("The table below is still {file}, read before, unchanged."),
    }
}

/// Above the batch table: the 办件编号 used by more than one row (up to three named, with
/// their rows), of `total` such ids.
pub fn duplicate_ids(lang: Lang, named: &[(String, Vec<u32>)], total: usize) -> String {
    let list = named
        .iter()
        .map(|(id, rows)| {
            let rows = rows
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            match lang {
                Lang::Zh => format!("{id}（第{rows}行）"),
                Lang::En => format!("{id} (rows {rows})"),
            }
        })
        .collect::<Vec<_>>()
        .join(lang.semicolon());
    let more = total.saturating_sub(named.len());
    match (lang, more) {
        (Lang::Zh, 0) => format!(
            "⚠ 办件编号重复使用（模板说明：不可重复使用）：{list}。各行仍按其事实分派，请核对编号。"
        ),
        (Lang::Zh, n) => format!(
            "⚠ 办件编号重复使用（模板说明：不可重复使用）：{list}等，另有{n}个编号重复。各行仍按其事实分派，请核对编号。"
        ),
        (Lang::En, 0) => format!(
            "⚠ Application ids used more than once (the template says they must not be): {list}. Each row is still routed on its facts; check the ids."
        ),
        (Lang::En, n) => format!(
            "⚠ Application ids used more than once (the template says they must not be): {list}, and {n} more. Each row is still routed on its facts; check the ids."
        ),
    }
}

/// In a row's card: its 办件编号 is also used by these rows.
pub fn same_id(lang: Lang, rows: &[u32]) -> String {
    let rows = rows
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => format!("⚠ 本行的办件编号与第{rows}行重复，编号不可重复使用"),
        Lang::En => format!(
            "⚠ This row's application id is also used in row(s) {rows}; ids must not be reused"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for l in L::ALL {
            assert!(
                !l.get(Lang::Zh).is_empty() && !l.get(Lang::En).is_empty(),
                "{l:?}"
            );
        }
    }
}
