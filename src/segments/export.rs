//! A segment's customers as CSV (UTF-8 with BOM, formula-safe: `exchange::csv::export`): name,
//! type, region, owner, phone, net sales, class, segment, stage, P(alive), CLV — headers and
//! names in the user's language, amounts as plain numbers so a spreadsheet can sum them.

use super::population::Population;
use crate::exchange::csv::export::write_csv;
use crate::i18n::{Lang, Msg};
use crate::model::{CustomerType, Dataset, Id};
use crate::workspace::summary::{class_of_code, segment_of_code, stage_of_code};
use std::collections::HashMap;

fn type_label(t: CustomerType) -> Msg {
    match t {
        CustomerType::Dealer => Msg::TypeDealer,
        CustomerType::Retailer => Msg::TypeRetailer,
        CustomerType::Agent => Msg::TypeAgent,
        CustomerType::Industrial => Msg::TypeIndustrial,
        CustomerType::Consumer => Msg::TypeConsumer,
    }
}

/// The header row in the language.
pub fn header(lang: Lang) -> Vec<&'static str> {
    [
        Msg::ColName,
        Msg::FilterType,
        Msg::FRegion,
        Msg::FilterOwner,
        Msg::ColPhone,
        Msg::SgCsvNetSales,
        Msg::ColClass,
        Msg::ColSegment,
        Msg::ColStage,
        Msg::ColPAlive,
        Msg::SgCsvClv,
    ]
    .iter()
    .map(|m| m.text(lang))
    .collect()
}

/// Fen as yuan with two decimals and no grouping: `-1234.50`.
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn decimals(x: f32, places: usize) -> String {
    if x.is_finite() {
        format!("{:.*}", places, x)
    } else {
        String::new()
    }
}

/// The CSV file of the customers at `positions` of `population` (built from `data`).
/// `staff` names the owners; an owner not found is written as the id's short form.
pub fn segment_csv(
    data: &Dataset,
    population: &Population,
    positions: &[u32],
    staff: &HashMap<Id, String>,
    lang: Lang,
) -> Vec<u8> {
    let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
    let all = data.customers.all();
    let rows = positions.iter().map(|&p| {
        let i = p as usize;
        let phone = all.get(population.positions[i] as usize).map(|r| r.data.phone.clone()).unwrap_or_default();
        let owner =
            population.owner(i).map(|o| staff.get(&o).cloned().unwrap_or_else(|| o.short())).unwrap_or_default();
        let mut row = vec![
            population.name(i).to_string(),
            type_label(population.customer_type(i)).text(lang).to_string(),
            population.region(i).to_string(),
            owner,
            phone,
        ];
        match population.score_row(i) {
            Some((net, class, segment, stage, p_alive, clv)) => row.extend([
                yuan(net),
                class_of_code(class).map(|c| c.letter().to_string()).unwrap_or_default(),
                segment_of_code(segment).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
                stage_of_code(stage).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
                decimals(p_alive, 3),
                decimals(clv, 2),
            ]),
            None => row.extend(std::iter::repeat_n(String::new(), 6)),
        }
        row
    });
    write_csv(&header(lang), rows)
}

/// A file name for the export: the segment's name with characters file systems refuse
/// replaced, and the as-of date: `华东大客户-2026-11-25.csv`.
pub fn file_name(segment: &str, as_of: chrono::NaiveDate) -> String {
    let clean: String =
        segment.trim().chars().map(|c| if c.is_control() || "\\/:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let clean = if clean.is_empty() { "segment".to_string() } else { clean };
    format!("{clean}-{as_of}.csv")
}
