//! The monthly plan's form, pure: what was typed (rows of text) read into a [`MonthlyPlan`],
//! each row's own problems under [`validate_plan`] (the core checks a plan's items together;
//! the form shows each problem next to the row it comes from), and the cells of the month's
//! list, which the table and its CSV export share.

use super::plans::{validate_plan, PlanProgress};
use crate::i18n::{format_money, format_percent, Lang};
use crate::model::sales::{MonthlyPlan, PlanItem};
use crate::model::validate::Invalid;
use crate::model::{Dataset, Id, Money, NumberError, Qty};
use chrono::NaiveDate;

/// One target of the form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemRow {
    pub product: Option<Id>,
    pub spec: String,
    pub quantity: String,
    pub amount: String,
}

impl ItemRow {
    /// A stored item as the form shows it (zero as an empty box).
    pub fn of(item: &PlanItem) -> ItemRow {
        ItemRow {
            product: item.product,
            spec: item.spec.clone(),
            quantity: if item.quantity.0 == 0 { String::new() } else { item.quantity.to_plain() },
            amount: if item.amount.0 == 0 { String::new() } else { item.amount.to_plain() },
        }
    }
}

/// The whole form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanDraft {
    pub items: Vec<ItemRow>,
    pub schedule: String,
    pub support: String,
}

/// A problem of one row of the form: `field` is `product`, `spec`, `quantity` or `amount`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub field: &'static str,
    pub problem: Invalid,
}

/// A number box: empty is zero, anything else must read.
fn number<T>(text: &str, parse: fn(&str) -> Result<T, NumberError>, zero: T) -> Result<T, Invalid> {
    match parse(text) {
        Ok(v) => Ok(v),
        Err(NumberError::Empty) => Ok(zero),
        Err(e) => Err(Invalid::Number(e)),
    }
}

impl PlanDraft {
    /// An empty form: one empty row.
    pub fn blank() -> PlanDraft {
        PlanDraft { items: vec![ItemRow::default()], ..PlanDraft::default() }
    }

    /// A stored (or copied) plan in the form.
    pub fn of(plan: &MonthlyPlan) -> PlanDraft {
        PlanDraft {
            items: plan.items.iter().map(ItemRow::of).collect(),
            schedule: plan.schedule.clone(),
            support: plan.support.clone(),
        }
    }

    /// The plan typed, for `customer` and `month` (trimmed texts), or the boxes whose number
    /// does not read. Whether the plan is acceptable is `validate_plan`'s to say.
    pub fn read(&self, customer: Id, month: NaiveDate) -> Result<MonthlyPlan, Vec<RowError>> {
        let mut bad = Vec::new();
        let mut items = Vec::with_capacity(self.items.len());
        for (row, r) in self.items.iter().enumerate() {
            let quantity = number(&r.quantity, Qty::parse, Qty::ZERO)
                .map_err(|problem| bad.push(RowError { row, field: "quantity", problem }))
                .unwrap_or(Qty::ZERO);
            let amount = number(&r.amount, Money::parse, Money::ZERO)
                .map_err(|problem| bad.push(RowError { row, field: "amount", problem }))
                .unwrap_or(Money::ZERO);
            items.push(PlanItem { product: r.product, spec: r.spec.trim().to_string(), quantity, amount });
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(MonthlyPlan {
            customer,
            month: Some(super::month_of(month)),
            items,
            schedule: self.schedule.trim().to_string(),
            support: self.support.trim().to_string(),
        })
    }
}

/// Each item's problems, by row: every item is put alone through `validate_plan` (so the rules
/// stay the core's), and each problem goes to the box it is about.
pub fn row_errors(plan: &MonthlyPlan, data: &Dataset) -> Vec<RowError> {
    let mut out = Vec::new();
    for (row, item) in plan.items.iter().enumerate() {
        let alone = MonthlyPlan {
            customer: plan.customer,
            month: plan.month,
            items: vec![item.clone()],
            ..MonthlyPlan::default()
        };
        for e in validate_plan(&alone, None, data).into_iter().filter(|e| e.field == "items") {
            let field = match e.problem {
                Invalid::UnknownProduct | Invalid::Required => "product",
                Invalid::Negative if item.quantity.0 < 0 => "quantity",
                Invalid::Negative => "amount",
                Invalid::NotPositive => "quantity",
                _ => "spec",
            };
            out.push(RowError { row, field, problem: e.problem });
        }
    }
    out
}

/// A ratio as a percentage, or "—" when there is nothing to compare with.
pub fn ratio_text(r: Option<f64>) -> String {
    r.map(format_percent).unwrap_or_else(|| "—".into())
}

/// The cells of one plan in the month's list: customer, plan amount, actual, pace, attainment,
/// vs last year, vs the usual rhythm.
pub fn list_cells(p: &PlanProgress, customer: &str, lang: Lang) -> [String; 7] {
    let money = |m: Money| format_money(m, "CNY", lang);
    [
        customer.to_string(),
        p.plan.map(money).unwrap_or_else(|| "—".into()),
        money(p.actual),
        ratio_text(p.pace()),
        ratio_text(p.attainment()),
        ratio_text(p.vs_last_year()),
        ratio_text(p.vs_usual()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Hlc, NodeId, Product, Record};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn firm() -> (Dataset, Id, Id) {
        let mut data = Dataset::default();
        let (c, p) = (Id::v7(1, [1; 10]), Id::v7(2, [2; 10]));
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        data.customers.merge(Record::new(
            c,
            Id::NIL,
            stamp,
            None,
            Customer { name: "宏达".into(), ..Customer::default() },
        ));
        data.products.merge(Record::new(
            p,
            Id::NIL,
            stamp,
            None,
            Product { name: "水泥".into(), ..Product::default() },
        ));
        (data, c, p)
    }

    #[test]
    fn a_draft_reads_into_a_plan_and_back() {
        let (_, c, p) = firm();
        let draft = PlanDraft {
            items: vec![
                ItemRow { product: Some(p), spec: " P.O 42.5 ".into(), quantity: "2.5".into(), amount: String::new() },
                ItemRow { product: Some(p), spec: String::new(), quantity: String::new(), amount: "1,200.50".into() },
            ],
            schedule: " 上旬 ".into(),
            support: String::new(),
        };
        let plan = draft.read(c, d(2026, 12, 9)).unwrap();
        assert_eq!(plan.month, Some(d(2026, 12, 1)));
        assert_eq!(
            (plan.items[0].spec.as_str(), plan.items[0].quantity, plan.items[0].amount),
            ("P.O 42.5", Qty(2_500), Money::ZERO)
        );
        assert_eq!(plan.items[1].amount, Money(120_050));
        assert_eq!(plan.schedule, "上旬");
        let back = PlanDraft::of(&plan);
        assert_eq!((back.items[0].quantity.as_str(), back.items[0].amount.as_str()), ("2.5", ""));
        assert_eq!(back.items[1].amount, "1200.5");
        assert_eq!(PlanDraft::blank().items.len(), 1);
    }

    #[test]
    fn numbers_that_do_not_read_are_named_by_row_and_box() {
        let (_, c, p) = firm();
        let draft = PlanDraft {
            items: vec![
                ItemRow { product: Some(p), quantity: "10".into(), ..ItemRow::default() },
                ItemRow { product: Some(p), quantity: "ten".into(), amount: "1.234".into(), ..ItemRow::default() },
            ],
            ..PlanDraft::default()
        };
        let errs = draft.read(c, d(2026, 12, 1)).unwrap_err();
        assert_eq!(
            errs,
            vec![
                RowError { row: 1, field: "quantity", problem: Invalid::Number(NumberError::NotANumber) },
                RowError { row: 1, field: "amount", problem: Invalid::Number(NumberError::TooManyDecimals) },
            ]
        );
    }

    #[test]
    fn each_rows_problem_goes_next_to_its_box() {
        let (data, c, p) = firm();
        let item = |product, spec: &str, quantity, amount| PlanItem { product, spec: spec.into(), quantity, amount };
        let plan = MonthlyPlan {
            customer: c,
            month: Some(d(2026, 12, 1)),
            items: vec![
                item(Some(p), "", Qty::units(1), Money::ZERO),
                item(Some(p), "", Qty::ZERO, Money::ZERO),
                item(None, "", Qty::units(1), Money::ZERO),
                item(Some(Id::v7(9, [9; 10])), "", Qty::units(1), Money::ZERO),
                item(Some(p), "", Qty::units(1), Money(-1)),
            ],
            ..MonthlyPlan::default()
        };
        let got: Vec<(usize, &str, Invalid)> =
            row_errors(&plan, &data).iter().map(|e| (e.row, e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (1, "quantity", Invalid::NotPositive),
                (2, "product", Invalid::Required),
                (3, "product", Invalid::UnknownProduct),
                (4, "amount", Invalid::Negative),
            ]
        );
    }

    #[test]
    fn list_cells_say_what_the_table_says() {
        let (_, c, _) = firm();
        let p = PlanProgress {
            customer: c,
            month: d(2026, 12, 1),
            as_of: d(2026, 12, 15),
            elapsed_days: 15,
            month_days: 31,
            plan: Some(Money(310_000)),
            plan_pro_rata: Some(Money(150_000)),
            actual: Money(120_000),
            last_year: Money::ZERO,
            usual: Money(200_000),
            usual_pro_rata: Money(96_774),
            items: Vec::new(),
        };
        let cells = list_cells(&p, "宏达", Lang::En);
        assert_eq!(cells[..5], ["宏达", "¥3,100.00", "¥1,200.00", "80.0%", "38.7%"]);
        assert_eq!(cells[5], "—", "no sales last year");
        assert_eq!(cells[6], "124.0%");
        assert_eq!(ratio_text(None), "—");
    }
}
