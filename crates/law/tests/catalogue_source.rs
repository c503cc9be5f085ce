//! Every string of data/catalogue.ron against the gazette text in tests/reference/gazette/.
//! Whitespace the PDF extraction put inside Chinese words is ignored; nothing else is.

use delegation_law::catalogue::Catalogue;

#[path = "../../../tests/common/mod.rs"]
mod common;

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn gazette() -> String {
    common::read_reference("gazette/000_aedf352df84fbad2.txt")
}

/// The rows of the attached table: the tab-separated lines after the header, cells squeezed.
fn table_rows(text: &str) -> Vec<Vec<String>> {
    let start = text
        .find("序号\t事项名称\t事项类别\t市级实施单位\t调整方式\t备注")
        .expect("the gazette has the table header");
    let end = start
        + text[start..]
            .find("公开方式")
            .expect("the table ends before 公开方式");
    text[start..end]
        .lines()
        .filter(|l| l.contains('\t') && !l.starts_with("序号"))
        .map(|l| l.split('\t').map(squeeze).collect())
        .collect()
}

#[test]
fn every_table_cell_matches_the_gazette() {
    let text = gazette();
    let rows = table_rows(&text);
    assert_eq!(rows.len(), 12, "the gazette table has 12 rows");
    let cat = Catalogue::embedded();
    assert_eq!(cat.items.len(), 12);
    for (row, item) in rows.iter().zip(&cat.items) {
        let ours = [
            item.no.to_string(),
            squeeze(&item.name),
            squeeze(&item.category),
            squeeze(&item.city_unit),
            item.mode.table_term().to_string(),
            squeeze(&item.remarks),
        ];
        // An empty 备注 cell may be missing at the end of the line.
        let mut theirs = row.clone();
        theirs.resize(6, String::new());
        assert_eq!(theirs, ours, "item {} differs from the gazette", item.no);
    }
}

#[test]
fn notice_strings_and_passages_are_in_the_gazette() {
    let text = gazette();
    let whole = squeeze(&text);
    let cat = Catalogue::embedded();
    let n = &cat.notice;
    let start = whole
        .find(&squeeze(&n.number))
        .expect("the notice number is printed");
    let notice = &whole[start..];
    for (what, s) in [
        ("number", &n.number),
        ("title", &n.title),
        ("issuer", &n.issuer),
        ("addressees", &n.addressees),
        ("attachment title", &n.attachment_title),
        ("publication", &n.publication),
        ("gazette", &n.gazette),
    ] {
        assert!(
            whole.contains(&squeeze(s)),
            "{what} {s:?} is not in the gazette"
        );
    }
    assert!(notice.contains("（以下简称增城开发区管委会）"));
    assert!(notice.contains(&n.committee));
    let mut body = String::new();
    for p in &n.passages {
        assert!(
            notice.contains(&squeeze(&p.text)),
            "passage {} is not in the gazette: {}",
            p.no,
            p.text
        );
        body.push_str(&squeeze(&p.text));
    }
    // The passages, in order, are the whole operative body: nothing left out between them.
    let first = squeeze(&n.passages[0].text);
    let from = notice.find(&first).unwrap();
    assert!(
        notice[from..].starts_with(&body),
        "the passages do not cover the body without gaps"
    );
    assert!(notice.contains("2024年4月29日"));
    assert_eq!(n.issued.to_string(), "2024-04-29");
}

#[test]
fn scope_quotes_are_the_remarks() {
    let text = gazette();
    let whole = squeeze(&text);
    for item in &Catalogue::embedded().items {
        let Some(rule) = &item.scope else { continue };
        let quotes: Vec<std::sync::Arc<str>> = match rule {
            delegation_law::rules::ScopeRule::Grid { quote, .. }
            | delegation_law::rules::ScopeRule::WaterIntake { quote, .. } => {
                vec![quote.clone()]
            }
            delegation_law::rules::ScopeRule::Trees { excluded, tiers } => {
                let mut v = vec![excluded.quote.clone()];
                v.extend(tiers.iter().map(|t| t.quote.clone()));
                v
            }
        };
        for q in quotes {
            assert!(
                squeeze(&item.remarks).contains(&squeeze(&q)) && whole.contains(&squeeze(&q)),
                "item {}: quote {q:?} is not in its 备注",
                item.no
            );
        }
    }
}

#[test]
fn the_notice_quotes_the_gazette_by_its_own_check() {
    // `notices import --source` runs this check; the shipped notice passes it, and a string
    // changed by one character does not.
    let text = gazette();
    let cat = Catalogue::embedded();
    assert_eq!(cat.unquoted(&text), None);
    let mut changed = cat.clone();
    changed.items[9].remarks = changed.items[9].remarks.replace("15万", "20万");
    assert_eq!(
        changed.unquoted(&text).map(|(field, _)| field),
        Some("items 10 remarks".to_string())
    );
}
