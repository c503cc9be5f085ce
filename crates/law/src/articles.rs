//! Articles of national law the router and the deadlines rest on, quoted.

/// An article: its citation and its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    pub cite: &'static str,
    pub text: &'static str,
}

/// Authorised organisations act in their own name.
pub const LICENSING_23: Article = Article {
    cite: "《中华人民共和国行政许可法》第二十三条",
    text: "法律、法规授权的具有管理公共事务职能的组织，在法定授权范围内，以自己的名义实施行政许可。被授权的组织适用本法有关行政机关的规定。",
};

/// The entrusting body answers for what is done in its name.
pub const LICENSING_24: Article = Article {
    cite: "《中华人民共和国行政许可法》第二十四条第二款、第三款",
    text: "委托行政机关对受委托行政机关实施行政许可的行为应当负责监督，并对该行为的后果承担法律责任。受委托行政机关在委托范围内，以委托行政机关名义实施行政许可；不得再委托其他组织或者个人实施行政许可。",
};

/// Working days exclude statutory holidays.
pub const LICENSING_82: Article = Article {
    cite: "《中华人民共和国行政许可法》第八十二条",
    text: "本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。",
};

/// In litigation, the entrusting body is the defendant.
pub const LITIGATION_26: Article = Article {
    cite: "《中华人民共和国行政诉讼法》第二十六条第五款",
    text: "行政机关委托的组织所作的行政行为，委托的行政机关是被告。",
};

/// The start day of a period is not counted.
pub const CIVIL_201: Article = Article {
    cite: "《中华人民共和国民法典》第二百零一条",
    text: "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。",
};

/// A period in years ends on the corresponding day.
pub const CIVIL_202: Article = Article {
    cite: "《中华人民共和国民法典》第二百零二条",
    text: "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。",
};

/// 以上、以下 include the number; 不满、超过 do not.
pub const CIVIL_1259: Article = Article {
    cite: "《中华人民共和国民法典》第一千二百五十九条",
    text: "民法所称的“以上”、“以下”、“以内”、“届满”，包括本数；所称的“不满”、“超过”、“以外”，不包括本数。",
};
