//! Why a file could not be used, in the clerk's language. The parser's own words (and the
//! operating system's) stay as they are: they are what a technician searches for.

use crate::{Lang, Text};
use delegation_core::applications::{ParseError, Problem};

impl Text for ParseError {
    fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let d = &self.detail;
        let what = match self.problem {
            Problem::Syntax => format!("格式有误（{d}）"),
            Problem::Empty => "文件是空的".to_string(),
            Problem::NotUtf8 => "不是 UTF-8 文本文件".to_string(),
            Problem::Unreadable => format!("无法读取（{d}）"),
            Problem::NotRecords => format!("不是交接记录文件（{d}）"),
            Problem::NotHolidayYear => format!("不是 holiday-cn 的年度节假日文件（{d}）"),
            Problem::OtherFormat => format!("不是交接记录文件（文件格式为 {d}）"),
            Problem::NewerVersion => format!("文件格式版本 {d} 比本程序的新，请先升级本程序"),
            Problem::BadContent => format!("内容有误（{d}）"),
        };
        if self.line > 0 {
            format!("{} 第{}行第{}列：{what}", self.file, self.line, self.column)
        } else {
            format!("{}：{what}", self.file)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use delegation_core::records::Records;

    #[test]
    fn a_wrong_records_file_is_explained_in_chinese_with_the_parsers_words() {
        let e = Records::parse("(applications: [])", "apps.ron").unwrap_err();
        let zh = e.text(Lang::Zh);
        assert!(
            zh.starts_with("apps.ron 第1行第") && zh.contains("：不是交接记录文件（"),
            "{zh}"
        );
        assert!(zh.contains(&e.detail) && !e.detail.is_empty(), "{zh}");
        assert_eq!(e.text(Lang::En), e.to_string());
        let e = Records::parse("  \n", "empty.ron").unwrap_err();
        assert_eq!(e.text(Lang::Zh), "empty.ron：文件是空的");
    }
}
