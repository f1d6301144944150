//! The analysis tables (ABC, customer share, RFM and CLV) as rows the page can sort, filter
//! and export: the worker's per-customer scores joined with the customers' names and fields.

use super::summary::{class_of_code, segment_of_code, stage_of_code, ScoreResult};
use crate::exchange::csv::export::write_csv;
use crate::i18n::{format_percent, Lang, Msg};
use crate::model::{CustomerType, Dataset, Id, Money};
use crate::search::{normalize_query, pinyin_initials, pinyin_sort_key};

/// One customer's line in the per-customer analyses.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerLine {
    pub id: Id,
    pub name: String,
    pub customer_type: CustomerType,
    pub region: String,
    /// Net sales in the period, fen.
    pub sales: i64,
    pub share: f64,
    /// Rank by sales (1 = largest) and the cumulative share up to this customer.
    pub rank: u32,
    pub cumulative: f64,
    pub class: u8,
    /// The share the firm expects (customer record), 0..1.
    pub expected_share: Option<f64>,
    pub rfm: [u8; 3],
    pub segment: u8,
    pub stage: u8,
    pub p_alive: f32,
    pub expected_purchases: f32,
    pub clv: f32,
    sort_name: String,
    search: String,
}

impl CustomerLine {
    /// Actual minus expected share, when an expectation is set.
    pub fn gap(&self) -> Option<f64> {
        self.expected_share.map(|e| self.share - e)
    }
}

/// Joins the scores with the customers, in-scope customers only, ranked by sales.
pub fn customer_lines(result: &ScoreResult, data: &Dataset) -> Vec<CustomerLine> {
    let t = &result.customers;
    let mut idx: Vec<usize> = (0..t.len()).filter(|&i| t.in_scope[i]).collect();
    idx.sort_by(|&a, &b| t.net_sales[b].cmp(&t.net_sales[a]).then(t.ids[a].cmp(&t.ids[b])));
    let total: i64 = idx.iter().map(|&i| t.net_sales[i].max(0)).sum();
    let mut cumulative = 0i64;
    idx.iter()
        .enumerate()
        .map(|(rank, &i)| {
            cumulative += t.net_sales[i].max(0);
            let c = data.customers.get(&t.ids[i]);
            let name = c.map(|c| c.data.name.clone()).unwrap_or_default();
            let search =
                format!("{}\u{1}{}\u{1}{}", name.to_lowercase(), pinyin_sort_key(&name), pinyin_initials(&name));
            CustomerLine {
                id: t.ids[i],
                sort_name: pinyin_sort_key(&name),
                search,
                name,
                customer_type: c.map(|c| c.data.customer_type).unwrap_or_default(),
                region: c.map(|c| c.data.region.clone()).unwrap_or_default(),
                sales: t.net_sales[i],
                share: f64::from(t.share[i]),
                rank: rank as u32 + 1,
                cumulative: if total > 0 { cumulative as f64 / total as f64 } else { 0.0 },
                class: t.abc[i],
                expected_share: c.and_then(|c| c.data.expected_share_bp).map(|bp| f64::from(bp) / 10_000.0),
                rfm: t.rfm[i],
                segment: t.segment[i],
                stage: t.lifecycle[i],
                p_alive: t.p_alive[i],
                expected_purchases: t.expected_purchases[i],
                clv: t.clv[i],
            }
        })
        .collect()
}

/// Columns of the per-customer analyses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Rank,
    Name,
    Type,
    Region,
    Sales,
    Share,
    Cumulative,
    Class,
    Expected,
    Gap,
    R,
    F,
    M,
    Segment,
    Stage,
    PAlive,
    ExpectedPurchases,
    Clv,
}

impl Column {
    pub const ALL: [Column; 18] = [
        Column::Rank,
        Column::Name,
        Column::Type,
        Column::Region,
        Column::Sales,
        Column::Share,
        Column::Cumulative,
        Column::Class,
        Column::Expected,
        Column::Gap,
        Column::R,
        Column::F,
        Column::M,
        Column::Segment,
        Column::Stage,
        Column::PAlive,
        Column::ExpectedPurchases,
        Column::Clv,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Column::Rank => "rank",
            Column::Name => "name",
            Column::Type => "type",
            Column::Region => "region",
            Column::Sales => "sales",
            Column::Share => "share",
            Column::Cumulative => "cum",
            Column::Class => "class",
            Column::Expected => "expected",
            Column::Gap => "gap",
            Column::R => "r",
            Column::F => "f",
            Column::M => "m",
            Column::Segment => "segment",
            Column::Stage => "stage",
            Column::PAlive => "palive",
            Column::ExpectedPurchases => "purchases",
            Column::Clv => "clv",
        }
    }

    pub fn from_code(code: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Column::Rank => Msg::ColRank,
            Column::Name => Msg::ColName,
            Column::Type => Msg::ColType,
            Column::Region => Msg::FilterRegion,
            Column::Sales => Msg::KpiSales,
            Column::Share => Msg::ColShare,
            Column::Cumulative => Msg::ColCumulative,
            Column::Class => Msg::ColClass,
            Column::Expected => Msg::ColExpectedShare,
            Column::Gap => Msg::ColGap,
            Column::R => Msg::ColR,
            Column::F => Msg::ColF,
            Column::M => Msg::ColM,
            Column::Segment => Msg::ColSegment,
            Column::Stage => Msg::ColStage,
            Column::PAlive => Msg::ColPAlive,
            Column::ExpectedPurchases => Msg::ColExpectedPurchases,
            Column::Clv => Msg::ColClv,
        }
    }

    /// Whether the column holds a number (right-aligned; sorts descending first).
    pub fn numeric(self) -> bool {
        !matches!(self, Column::Name | Column::Type | Column::Region | Column::Class | Column::Segment | Column::Stage)
    }

    /// The cell as text in the language.
    pub fn text(self, l: &CustomerLine, lang: Lang) -> String {
        let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
        let float = |v: f32, f: &dyn Fn(f64) -> String| if v.is_nan() { "—".to_string() } else { f(f64::from(v)) };
        let score = |s: u8| if s == 0 { "—".to_string() } else { s.to_string() };
        match self {
            Column::Rank => l.rank.to_string(),
            Column::Name => crate::i18n::customer_label(&l.name, lang).to_string(),
            Column::Type => crate::i18n::customer_type_label(l.customer_type).text(lang).to_string(),
            Column::Region => l.region.clone(),
            Column::Sales => Money(l.sales).format(),
            Column::Share => format_percent(l.share),
            Column::Cumulative => format_percent(l.cumulative),
            Column::Class => class_of_code(l.class).map(|c| c.letter().to_string()).unwrap_or_default(),
            Column::Expected => l.expected_share.map(format_percent).unwrap_or_else(|| "—".into()),
            Column::Gap => l
                .gap()
                .map(|g| format!("{}{}", if g >= 0.0 { "+" } else { "" }, format_percent(g)))
                .unwrap_or_else(|| "—".into()),
            Column::R => score(l.rfm[0]),
            Column::F => score(l.rfm[1]),
            Column::M => score(l.rfm[2]),
            Column::Segment => segment_of_code(l.segment).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
            Column::Stage => stage_of_code(l.stage).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
            Column::PAlive => float(l.p_alive, &|v| format_percent(v)),
            Column::ExpectedPurchases => float(l.expected_purchases, &|v| format!("{v:.2}")),
            Column::Clv => float(l.clv, &|v| Money((v * 100.0).round() as i64).format()),
        }
    }

    fn compare(self, a: &CustomerLine, b: &CustomerLine) -> std::cmp::Ordering {
        let f = |x: f32| if x.is_nan() { f32::NEG_INFINITY } else { x };
        let o = |x: Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
        match self {
            Column::Rank => a.rank.cmp(&b.rank),
            Column::Name => a.sort_name.cmp(&b.sort_name),
            Column::Type => a.customer_type.cmp(&b.customer_type),
            Column::Region => a.region.cmp(&b.region),
            Column::Sales | Column::Share | Column::Cumulative => a.sales.cmp(&b.sales),
            Column::Class => a.class.cmp(&b.class),
            Column::Expected => o(a.expected_share).total_cmp(&o(b.expected_share)),
            Column::Gap => o(a.gap()).total_cmp(&o(b.gap())),
            Column::R => a.rfm[0].cmp(&b.rfm[0]),
            Column::F => a.rfm[1].cmp(&b.rfm[1]),
            Column::M => a.rfm[2].cmp(&b.rfm[2]),
            Column::Segment => a.segment.cmp(&b.segment),
            Column::Stage => a.stage.cmp(&b.stage),
            Column::PAlive => f(a.p_alive).total_cmp(&f(b.p_alive)),
            Column::ExpectedPurchases => f(a.expected_purchases).total_cmp(&f(b.expected_purchases)),
            Column::Clv => f(a.clv).total_cmp(&f(b.clv)),
        }
    }
}

/// Row positions sorted by a column (ties by rank, so the order is stable).
pub fn sort_lines(lines: &[CustomerLine], column: Column, descending: bool) -> Vec<u32> {
    let mut order: Vec<u32> = (0..lines.len() as u32).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&lines[i as usize], &lines[j as usize]);
        let o = column.compare(a, b);
        let o = if descending { o.reverse() } else { o };
        o.then(a.rank.cmp(&b.rank))
    });
    order
}

/// Keeps the rows whose name matches the text (characters, pinyin, initials) and class/segment.
pub fn filter_lines(
    lines: &[CustomerLine],
    order: &[u32],
    text: &str,
    class: Option<u8>,
    segment: Option<u8>,
) -> Vec<u32> {
    let q = normalize_query(text);
    order
        .iter()
        .copied()
        .filter(|&i| {
            let l = &lines[i as usize];
            class.is_none_or(|c| l.class == c)
                && segment.is_none_or(|s| l.segment == s)
                && (q.is_empty() || l.search.contains(&q))
        })
        .collect()
}

/// The rows as a CSV file (UTF-8 with BOM, formula-safe), headers in the language.
pub fn lines_csv(lines: &[CustomerLine], order: &[u32], columns: &[Column], lang: Lang) -> Vec<u8> {
    let header: Vec<&str> = columns.iter().map(|c| c.label().text(lang)).collect();
    write_csv(&header, order.iter().map(|&i| columns.iter().map(|c| c.text(&lines[i as usize], lang)).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoSpec};
    use crate::workspace::{AnalysisSettings, Workspace};
    use chrono::NaiveDate;

    #[test]
    fn abc_lines_rank_and_accumulate_and_export() {
        let end = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let data = generate(&DemoSpec { customers: 300, lines: 6_000, ..DemoSpec::default_for(end) }).unwrap();
        let mut w = Workspace::new(data.clone());
        let r = w.score(&AnalysisSettings::default(), end).unwrap();
        let lines = customer_lines(&r, &data);
        assert_eq!(lines.len(), 300);
        assert_eq!(lines[0].rank, 1);
        assert!(lines.windows(2).all(|p| p[0].sales >= p[1].sales && p[0].cumulative <= p[1].cumulative));
        assert!((lines.last().unwrap().cumulative - 1.0).abs() < 1e-9);
        // Class A ends where the cumulative share first reaches 75%.
        let last_a = lines.iter().rposition(|l| l.class == 1).unwrap();
        assert!(lines[last_a].cumulative >= 0.75 && (last_a == 0 || lines[last_a - 1].cumulative < 0.75));
        let by_clv = sort_lines(&lines, Column::Clv, true);
        let clvs: Vec<f32> = by_clv.iter().map(|&i| lines[i as usize].clv).filter(|v| !v.is_nan()).collect();
        assert!(clvs.windows(2).all(|p| p[0] >= p[1]));
        let name = &lines[5].name;
        let found = filter_lines(&lines, &sort_lines(&lines, Column::Rank, false), &pinyin_initials(name), None, None);
        assert!(found.iter().any(|&i| lines[i as usize].name == *name));
        let a_only = filter_lines(&lines, &by_clv, "", Some(1), None);
        assert!(a_only.iter().all(|&i| lines[i as usize].class == 1));
        let csv = lines_csv(&lines, &a_only, &[Column::Rank, Column::Name, Column::Sales, Column::Class], Lang::Zh);
        assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "Excel needs the BOM");
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert!(text.starts_with("排名,名称,本期销售额,ABC 类"));
        assert_eq!(text.lines().count(), a_only.len() + 1);
    }
}
