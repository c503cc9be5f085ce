//! What is said of notices (issue 31): why a notice file is refused.

use crate::{Lang, Text};

impl Text for delegation_law::notices::NoticeProblem {
    fn text(&self, lang: Lang) -> String {
        use delegation_law::notices::{BoundProblem, NoticeProblem as P};
        let d = crate::dates::ymd;
        match (self, lang) {
            (P::Data(p), Lang::Zh) => format!("内容有误（{p:?}）"),
            (P::Data(p), Lang::En) => format!("{p:?}"),
            (P::Empty(field), Lang::Zh) => format!("{field} 不能为空"),
            (P::Empty(field), Lang::En) => format!("{field} must not be empty"),
            (P::PassageTwice(no), Lang::Zh) => format!("正文第{no}句的编号用了两次"),
            (P::PassageTwice(no), Lang::En) => format!("passage {no} is numbered twice"),
            (P::NoSuchPassage { role, no }, Lang::Zh) => {
                format!("{role} 指向正文第{no}句，通告中没有这一句")
            }
            (P::NoSuchPassage { role, no }, Lang::En) => {
                format!("{role} names passage {no}, which the notice does not have")
            }
            (P::ItemOrder { no }, Lang::Zh) => {
                format!("事项序号{no}不对：序号从1起，按顺序排列")
            }
            (P::ItemOrder { no }, Lang::En) => {
                format!("item number {no} is out of order: items are numbered from 1, rising")
            }
            (P::ItemTwice(no), Lang::Zh) => {
                format!("第{no}项列了两次（或既修改又移出），不知以哪个为准")
            }
            (P::ItemTwice(no), Lang::En) => format!(
                "item {no} is listed twice (or both changed and withdrawn): which one is meant is unclear"
            ),
            (P::NoItems, Lang::Zh) => "通告没有列出任何事项".into(),
            (P::NoItems, Lang::En) => "the notice lists no item".into(),
            (P::AmendsNothing, Lang::Zh) => {
                "只有修改通告（amends）才能移出事项；修改通告须新增、修改或移出至少一项".into()
            }
            (P::AmendsNothing, Lang::En) => {
                "only an amendment (amends) withdraws items, and it must add, change or withdraw at least one".into()
            }
            (P::WithdrawsUnknown { no, amended }, Lang::Zh) => {
                format!("移出第{no}项，但{amended}没有这一项")
            }
            (P::WithdrawsUnknown { no, amended }, Lang::En) => {
                format!("withdraws item {no}, which {amended} does not have")
            }
            (P::Bound { item, problem }, Lang::Zh) => match problem {
                BoundProblem::NotANumber => format!("第{item}项的范围界限不是非负的数"),
                BoundProblem::Empty => {
                    format!("第{item}项的范围下限高于上限，没有任何数值能落在其中")
                }
            },
            (P::Bound { item, problem }, Lang::En) => match problem {
                BoundProblem::NotANumber => {
                    format!("a bound of item {item}'s scope is not a number of zero or more")
                }
                BoundProblem::Empty => format!(
                    "item {item}'s scope has its lower bound above its upper: no value fits"
                ),
            },
            (P::UnknownNotice(n), Lang::Zh) => {
                format!("所指的通告{n}本程序没有（须先导入；修改通告只能修改原通告）")
            }
            (P::UnknownNotice(n), Lang::En) => format!(
                "names {n}, a notice the program does not hold (import it first; an amendment amends an original notice)"
            ),
            (P::ReplacesAndAmends, Lang::Zh) => "replaces 与 amends 只能填一个".into(),
            (P::ReplacesAndAmends, Lang::En) => "give replaces or amends, not both".into(),
            (P::NamesItself, Lang::Zh) => "通告不能替代或修改它自己".into(),
            (P::NamesItself, Lang::En) => "a notice cannot replace or amend itself".into(),
            (P::AlreadyHeld(n), Lang::Zh) => {
                format!("已有文号为{n}的通告，内容不同；同一文号不能有两份")
            }
            (P::AlreadyHeld(n), Lang::En) => {
                format!("a notice {n} is already held with other content; one 文号, one notice")
            }
            (
                P::DatesOutOfOrder {
                    field,
                    date,
                    before,
                    other,
                },
                Lang::Zh,
            ) => format!("{field} {} 早于 {before} {}", d(*date), d(*other)),
            (
                P::DatesOutOfOrder {
                    field,
                    date,
                    before,
                    other,
                },
                Lang::En,
            ) => format!("{field} {} is before {before} {}", d(*date), d(*other)),
            (
                P::Unquoted {
                    field,
                    text,
                    source,
                },
                Lang::Zh,
            ) => format!("{field} 的文字“{text}”在 {source} 中找不到，须与公报原文一致；未导入"),
            (
                P::Unquoted {
                    field,
                    text,
                    source,
                },
                Lang::En,
            ) => format!(
                "the {field} text “{text}” is not in {source}; it must be as the gazette prints it. Nothing imported"
            ),
            (P::Validity(y), Lang::Zh) => format!(
                "有效期{y}年不合理（应为1至{}年）",
                delegation_law::notices::MAX_VALIDITY_YEARS
            ),
            (P::Validity(y), Lang::En) => format!(
                "a validity of {y} years (1 to {} are taken)",
                delegation_law::notices::MAX_VALIDITY_YEARS
            ),
            (P::HandoverDays(n), Lang::Zh) => format!(
                "交接期限{n}个工作日不合理（至多{}个）",
                delegation_law::notices::MAX_HANDOVER_DAYS
            ),
            (P::HandoverDays(n), Lang::En) => format!(
                "a handover of {n} working days (at most {} are taken)",
                delegation_law::notices::MAX_HANDOVER_DAYS
            ),
            (P::DateOutOfRange { field, date }, Lang::Zh) => format!(
                "{field} {} 不在{}至{}之间",
                d(*date),
                d(delegation_law::notices::EARLIEST),
                d(delegation_law::notices::LATEST)
            ),
            (P::DateOutOfRange { field, date }, Lang::En) => format!(
                "{field} {} is not between {} and {}",
                d(*date),
                d(delegation_law::notices::EARLIEST),
                d(delegation_law::notices::LATEST)
            ),
        }
    }
}
