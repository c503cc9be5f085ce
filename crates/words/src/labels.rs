//! Short names of the core's values, in Chinese and English. Where the notice has its own
//! word (a mode, an entrustment element), the Chinese is the notice's word from the core.

use delegation_law::catalogue::Mode;
use delegation_law::deadlines::Standing;
use delegation_law::facts::{Heritage, TreeSite, WaterRequest, WaterSource};
use delegation_law::records::{Element, HandoverState};

use crate::{Label, Lang};

impl Label for Mode {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Mode::Entrusted => lang.pick(self.table_term(), "entrusted"),
            Mode::Authorised => lang.pick(self.table_term(), "authorised"),
        }
    }
}

impl Label for WaterSource {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            WaterSource::Surface => lang.pick("地表水", "surface water"),
            WaterSource::Ground => lang.pick("地下水", "groundwater"),
        }
    }
}

impl Label for WaterRequest {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            WaterRequest::New => lang.pick("新增取水许可", "new permit"),
            WaterRequest::Change => lang.pick("变更取水许可", "change of permit"),
            WaterRequest::Renewal => lang.pick("延续取水许可", "renewal of permit"),
        }
    }
}

impl Label for TreeSite {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            TreeSite::CityManagedGreen => lang.pick("市管绿地", "city-managed green space"),
            TreeSite::FeatureBoulevard => lang.pick("特色风貌林荫路", "feature boulevard"),
            TreeSite::HistoricGarden => lang.pick("历史名园", "historic garden"),
            TreeSite::Other => lang.pick("其他地点（其他树木）", "elsewhere (other trees)"),
        }
    }
}

impl Label for Heritage {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Heritage::Ordinary => lang.pick("一般树木", "ordinary tree"),
            Heritage::AncientOrFamous => lang.pick("古树名木", "ancient or famous tree"),
            Heritage::SuccessorResource => {
                lang.pick("古树后续资源", "successor resource of ancient trees")
            }
        }
    }
}

impl Label for HandoverState {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            HandoverState::NotStarted => lang.pick("未开始", "not started"),
            HandoverState::InProgress => lang.pick("交接中", "in progress"),
            HandoverState::HandedOver => lang.pick("已交接", "handed over"),
        }
    }
}

impl Label for Element {
    fn label(self, lang: Lang) -> &'static str {
        let zh = self.notice_words();
        match self {
            Element::Content => lang.pick(zh, "content of the entrustment"),
            Element::Method => lang.pick(zh, "method of execution"),
            Element::RightsAndDuties => lang.pick(zh, "rights and duties of both sides"),
            Element::Responsibility => lang.pick(zh, "division of responsibility"),
            Element::Supervision => lang.pick(zh, "supervision measures"),
        }
    }
}

/// One wording for where a handover stands, on every screen and in the report.
impl Label for Standing {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Standing::Overdue => lang.pick("已逾期未登记交接", "overdue: no handover recorded"),
            Standing::Late => lang.pick("晚于法定期限交接", "handed over after the deadline"),
            Standing::OnTime => lang.pick("按期交接", "handed over on time"),
            Standing::Pending => lang.pick("未到期", "not yet due"),
        }
    }
}
