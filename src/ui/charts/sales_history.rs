//! [`SalesHistory`]: one customer's sales by month, as bars.

use super::monthly::{monthly_chart, Series};
use crate::charts::draw::monthly::MonthlyKind;
use crate::charts::series::{fill_months, month_number, month_of_number, MonthValue};
use crate::i18n::Lang;
use leptos::prelude::*;

/// Fewer months than this are widened backwards, so a new customer's one month is not one
/// bar across the whole chart.
const MIN_MONTHS: i64 = 12;

/// The months of `sales` from the first to `through` (or the last), with months without sales
/// at 0, widened back to at least a year.
fn history_months(sales: &[MonthValue], through: Option<(i32, u32)>) -> Vec<MonthValue> {
    let mut months = fill_months(sales, through, 0.0);
    if let Some(&(y, m, _)) = months.first() {
        let missing = MIN_MONTHS - months.len() as i64;
        if missing > 0 {
            let first = month_number(y, m);
            let before = (first - missing..first).map(|n| {
                let (y, m) = month_of_number(n);
                (y, m, 0.0)
            });
            months = before.chain(months).collect();
        }
    }
    months
}

/// Monthly bars of one customer's net sales (returns make a month negative), every month from
/// the first sale to `through`, months without sales at zero. Hover, tap or focus a month for its
/// value.
#[component]
pub fn SalesHistory(
    /// The chart's accessible name, already translated ("销售历史" / "Sales history").
    #[prop(into)]
    label: Signal<String>,
    /// What the bars are, for the tooltip ("销售额" / "Sales").
    #[prop(into)]
    series_label: Signal<String>,
    /// (year, month 1–12, net sales): in any order, gaps allowed.
    #[prop(into)]
    months: Signal<Vec<MonthValue>>,
    /// The last month to show (this month), so a customer who stopped buying shows the empty
    /// months since.
    #[prop(optional, into)]
    through: Option<Signal<(i32, u32)>>,
    /// Language of the axis numbers and month names.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How a value is written in the tooltip (money, say); by default 12,345.5.
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    let series = Signal::derive(move || {
        let through = through.map(|t| t.get());
        Series { label: series_label.get(), points: months.with(|m| history_months(m, through)) }
    });
    monthly_chart(MonthlyKind::Bar, label, series, None, lang, format)
}
