//! The smaller records that make the demo firm feel used: visits and calls, complaints with
//! their workflow steps, stock counts at key customers, this month's plans, and sales expenses
//! with budgets. Few in number (at most a few per hundred customers) so generation stays fast.

use super::build::{Builder, CustomerRefs, Org};
use super::catalog::DemoProduct;
use super::math::below;
use super::shape::{Profile, Status, Trade};
use crate::model::org::DepartmentFunction;
use crate::model::sales::{Expense, ExpenseBudget, ExpenseCategory, MonthlyPlan, PlanItem, StockCount};
use crate::model::service::{
    Complaint, ComplaintCategory, ComplaintStep, ComplaintStepKind, Interaction, InteractionKind,
};
use crate::model::{CustomerType, Id, Money, Qty};
use crate::service::complaints::Cause;
use chrono::{Datelike, NaiveDate};
use fastrand::Rng;

/// The products, as records and as generated.
pub(crate) struct Catalog<'a> {
    pub ids: &'a [Id],
    pub items: &'a [DemoProduct],
}

/// Adds all the secondary records.
pub(crate) fn add_all(
    b: &mut Builder,
    rng: &mut Rng,
    trade: &Trade,
    refs: &CustomerRefs,
    org: &Org,
    catalog: &Catalog,
) {
    interactions(b, rng, trade, refs);
    complaints(b, rng, trade, refs, org, catalog);
    let key: Vec<usize> = key_customers(trade, 0.95, 1_000);
    plans_and_expenses(b, rng, trade, refs, catalog, &key);
    let counted: Vec<usize> = key_customers(trade, 0.98, 300);
    stock_counts(b, rng, trade, refs, catalog, &counted);
}

/// Active customers at or above a size rank, biggest first, at most `max`.
fn key_customers(trade: &Trade, rank: f64, max: usize) -> Vec<usize> {
    let mut key: Vec<usize> = (0..trade.profiles.len())
        .filter(|&c| trade.profiles[c].rank >= rank && trade.profiles[c].status == Status::Active)
        .collect();
    key.sort_by(|&a, &b| trade.profiles[b].rank.total_cmp(&trade.profiles[a].rank));
    key.truncate(max);
    key
}

/// A random buyer, the bigger ones more likely (they get more attention).
fn some_buyer(rng: &mut Rng, profiles: &[Profile]) -> Option<usize> {
    for _ in 0..1_000 {
        let c = below(rng, profiles.len());
        let p = &profiles[c];
        if p.status != Status::Never && rng.f64() < 0.3 + 0.7 * p.rank {
            return Some(c);
        }
    }
    None
}

/// A day between the customer's first day and a month after their last (never after the end).
fn day_with(rng: &mut Rng, p: &Profile, days: usize) -> usize {
    let last = (p.last + 30).min(days - 1);
    p.first + below(rng, last - p.first + 1)
}

/// Visits, calls, meetings and promotions: one per four customers, at most 25,000.
fn interactions(b: &mut Builder, rng: &mut Rng, trade: &Trade, refs: &CustomerRefs) {
    const VISITS: &[&str] =
        &["季度拜访，了解库存和下季度进货计划", "上门拜访，介绍新品", "陪同走访下游门店", "到工地查看产品使用情况"];
    const CALLS: &[&str] = &["电话回访，确认到货情况", "电话沟通货款结算", "电话了解竞品价格", "电话通知价格调整"];
    const MEETINGS: &[&str] = &["参加年度经销商大会", "季度经销商座谈会", "签订年度经销协议"];
    let count = (trade.profiles.len() / 4).min(25_000);
    let mut made: Vec<(usize, usize, InteractionKind, &str)> = Vec::with_capacity(count);
    for _ in 0..count {
        let Some(c) = some_buyer(rng, &trade.profiles) else { break };
        let p = &trade.profiles[c];
        let day = day_with(rng, p, b.window.days);
        let (kind, summary) = match rng.u8(..100) {
            0..=44 => (InteractionKind::Visit, VISITS[below(rng, VISITS.len())]),
            45..=84 => (InteractionKind::Call, CALLS[below(rng, CALLS.len())]),
            85..=93 if matches!(p.kind, CustomerType::Dealer | CustomerType::Agent) => {
                (InteractionKind::Meeting, MEETINGS[below(rng, MEETINGS.len())])
            }
            85..=96 => (InteractionKind::ReturnVisit, "售后回访，客户反馈使用正常"),
            _ => (InteractionKind::Promotion, "联合门店开展促销活动"),
        };
        made.push((day, c, kind, summary));
    }
    made.sort_by_key(|&(day, c, _, _)| (day, c));
    b.data.interactions.reserve(made.len());
    for (k, (day, c, kind, summary)) in made.into_iter().enumerate() {
        let ms = b.window.ms(day as i64) + 5 * 3_600_000 + (k % 3_600) as u64 * 1_000;
        let mut data = Interaction {
            customer: refs.ids[c],
            kind,
            date: b.window.date(day),
            staff: Some(refs.owners[c]),
            summary: summary.into(),
            ..Interaction::default()
        };
        if kind == InteractionKind::Promotion {
            let budget = Money::from_yuan(2_000 + 1_000 * rng.i64(0..9));
            data.plan = "周末门店促销：满额赠品，现场讲解".into();
            data.budget = Some(budget);
            data.cost = Some(Money(budget.0 * (80 + rng.i64(0..30)) / 100));
            data.evaluation =
                if rng.bool() { "活动期间销量明显上升".into() } else { "效果一般，客流不足".into() };
        }
        let fact = b.fact(ms, Some(refs.owners[c]), data);
        b.data.interactions.merge(fact);
    }
}

/// Complaints (one per hundred customers) with the steps of DOMAIN.md §9 that had happened by
/// the end date: recent complaints are still open; a complaint that does not stand closes
/// after the decision, with the feedback to the customer recorded.
fn complaints(b: &mut Builder, rng: &mut Rng, trade: &Trade, refs: &CustomerRefs, org: &Org, catalog: &Catalog) {
    const WANTS: &[&str] = &["退货", "换货", "赔偿损失", "派技术人员到现场", "补发货物"];
    let count = trade.profiles.len() / 100;
    let department = |f: DepartmentFunction| org.departments.iter().position(|d| d.1 == f).unwrap_or(0);
    for _ in 0..count {
        let Some(c) = some_buyer(rng, &trade.profiles) else { break };
        let p = &trade.profiles[c];
        let received = p.first + below(rng, p.last - p.first + 1);
        let basket = &trade.baskets[p.basket.0 as usize..p.basket.1 as usize];
        let product = &catalog.items[basket[below(rng, basket.len())] as usize];
        let (category, problem, dept, cause) = match rng.u8(..100) {
            0..=39 => (
                ComplaintCategory::ProductQuality,
                "部分产品有质量问题",
                DepartmentFunction::Quality,
                Cause::Production,
            ),
            40..=59 => {
                (ComplaintCategory::LateDelivery, "到货比约定晚了一周", DepartmentFunction::Logistics, Cause::Transport)
            }
            60..=74 => (
                ComplaintCategory::SpecificationMismatch,
                "到货规格与订单不符",
                DepartmentFunction::Technical,
                Cause::Inspection,
            ),
            75..=87 => (
                ComplaintCategory::Packaging,
                "包装破损，运输途中受损",
                DepartmentFunction::Logistics,
                Cause::Packaging,
            ),
            _ => (ComplaintCategory::ServiceLevel, "售后响应慢", DepartmentFunction::AfterSales, Cause::Service),
        };
        let dept = department(dept);
        let complainant = b.data.contacts.all()[refs.first_contact[c]].data.name.clone();
        let owner = refs.owners[c];
        let header = Complaint {
            customer: refs.ids[c],
            received_on: Some(b.window.date(received)),
            complainant,
            against: format!("{} {}", product.name, product.spec),
            wants: WANTS[below(rng, WANTS.len())].into(),
            category,
        };
        let ms = b.window.ms(received as i64) + 2 * 3_600_000;
        let record = b.record(ms, Some(owner), header);
        let complaint = record.id;
        b.data.complaints.merge(record);

        let stands = rng.u8(..100) < 80;
        let members = &org.members[dept];
        let responsible = (!members.is_empty()).then(|| org.staff[members[below(rng, members.len())]]);
        // Who did each step (service::complaints): the owner took and decided it, the
        // responsible person of the department did the rest.
        let doer = responsible.unwrap_or(owner);
        let mut steps: Vec<ComplaintStep> = vec![ComplaintStep {
            content: format!("客户反映：{problem}"),
            staff: Some(owner),
            ..step(complaint, ComplaintStepKind::Record)
        }];
        if stands {
            steps.push(ComplaintStep {
                content: "核实属实，投诉成立".into(),
                told_customer: "已告知客户投诉成立，将尽快处理".into(),
                stands: Some(true),
                staff: Some(owner),
                ..step(complaint, ComplaintStepKind::Decide)
            });
            steps.push(ComplaintStep {
                content: "转责任部门处理".into(),
                department: Some(org.departments[dept].0),
                responsible,
                staff: Some(owner),
                ..step(complaint, ComplaintStepKind::Assign)
            });
            steps.push(ComplaintStep {
                content: "原因分析完成".into(),
                cause_code: cause.code().into(),
                staff: Some(doer),
                ..step(complaint, ComplaintStepKind::Cause)
            });
            steps.push(ComplaintStep {
                content: "提出处理方案".into(),
                told_customer: "已向客户说明处理方案，客户同意".into(),
                accepted: Some(true),
                staff: Some(doer),
                ..step(complaint, ComplaintStepKind::Propose)
            });
            steps.push(ComplaintStep {
                content: "按方案处理完毕".into(),
                staff: Some(doer),
                ..step(complaint, ComplaintStepKind::Implement)
            });
            steps.push(ComplaintStep {
                content: "总结经验，完善检验和发货流程".into(),
                told_customer: "已将处理结果告知客户，客户表示满意".into(),
                prevention: "加强出厂检验，发货前逐批核对规格与包装".into(),
                staff: Some(doer),
                ..step(complaint, ComplaintStepKind::Evaluate)
            });
        } else {
            steps.push(ComplaintStep {
                content: "经核实属正常使用损耗，投诉不成立".into(),
                told_customer: "已向客户解释原因并提供使用建议".into(),
                stands: Some(false),
                staff: Some(owner),
                ..step(complaint, ComplaintStepKind::Decide)
            });
        }
        let mut day = received;
        for (k, mut s) in steps.into_iter().enumerate() {
            if k > 0 {
                day += 1 + below(rng, 7);
            }
            if day >= b.window.days {
                break;
            }
            s.date = b.window.date(day);
            let fact = b.fact(b.window.ms(day as i64) + 3 * 3_600_000 + k as u64, Some(owner), s);
            b.data.complaint_steps.merge(fact);
        }
    }
}

fn step(complaint: Id, kind: ComplaintStepKind) -> ComplaintStep {
    ComplaintStep { complaint, kind, ..ComplaintStep::default() }
}

/// A customer's usual quantity of a product per month, in the product's steps (at least one).
fn monthly_steps(p: &Profile, item: &DemoProduct, basket_len: usize) -> i64 {
    let per_month = p.lines as f64 / 36.0 / basket_len as f64 * 2.0;
    let price = p.price(item).0 as f64;
    ((per_month * p.line_mean / price * 1000.0 / item.step as f64).round() as i64).max(1)
}

/// The first day of the month `back` months before the month of `date`.
fn month_start(date: NaiveDate, back: u32) -> NaiveDate {
    let index = date.year() * 12 + date.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(date)
}

/// This month's plan for the key customers, and their sales expenses (one a quarter) with a
/// budget for the year.
fn plans_and_expenses(
    b: &mut Builder,
    rng: &mut Rng,
    trade: &Trade,
    refs: &CustomerRefs,
    catalog: &Catalog,
    key: &[usize],
) {
    let end = b.window.date(b.window.days - 1);
    let month = month_start(end, 0);
    let month_day = (month - b.window.start).num_days();
    for &c in key {
        let p = &trade.profiles[c];
        let basket = &trade.baskets[p.basket.0 as usize..p.basket.1 as usize];
        let items: Vec<PlanItem> = basket
            .iter()
            .take(2)
            .map(|&k| {
                let item = &catalog.items[k as usize];
                let qty = Qty(monthly_steps(p, item, basket.len()) * item.step);
                PlanItem {
                    product: Some(catalog.ids[k as usize]),
                    spec: String::new(),
                    quantity: qty,
                    amount: p.price(item).times_qty(qty),
                }
            })
            .collect();
        let plan = MonthlyPlan {
            customer: refs.ids[c],
            month: Some(month),
            items,
            schedule: "上旬发货六成，下旬视库存补货".into(),
            support: "提供促销物料，安排一次产品培训".into(),
        };
        let record = b.record(b.window.ms(month_day), Some(refs.owners[c]), plan);
        b.data.plans.merge(record);

        // Expenses of about 1 % of sales, once a quarter while the customer buys.
        let yearly_sales = p.lines as f64 / 3.0 * p.line_mean;
        let quarter_cost = yearly_sales * 0.01 / 4.0;
        let mut day = p.first + below(rng, 45);
        while day <= p.last.min(b.window.days - 1) {
            let category = match rng.u8(..100) {
                0..=34 => ExpenseCategory::Promotion,
                35..=59 => ExpenseCategory::Travel,
                60..=79 => ExpenseCategory::Rebate,
                80..=91 => ExpenseCategory::Entertainment,
                _ => ExpenseCategory::Advertising,
            };
            let amount = Money(((quarter_cost * (0.5 + rng.f64())) as i64 / 100).max(1) * 100);
            let expense =
                Expense { customer: refs.ids[c], date: b.window.date(day), category, amount, note: String::new() };
            let fact = b.fact(b.window.ms(day as i64) + 6 * 3_600_000, Some(refs.owners[c]), expense);
            b.data.expenses.merge(fact);
            day += 80 + below(rng, 20);
        }
        let budget = ExpenseBudget {
            customer: refs.ids[c],
            year: end.year(),
            month: None,
            amount: Money((yearly_sales * 0.012) as i64 / 10_000 * 10_000),
        };
        let year_start = NaiveDate::from_ymd_opt(end.year(), 1, 1).unwrap_or(end);
        let record = b.record(b.window.ms((year_start - b.window.start).num_days()), Some(refs.owners[c]), budget);
        b.data.expense_budgets.merge(record);
    }
}

/// Stock of the two staple products at the biggest customers, counted on visits in each of
/// the last six full months (a month's closing stock is the next month's opening stock).
fn stock_counts(
    b: &mut Builder,
    rng: &mut Rng,
    trade: &Trade,
    refs: &CustomerRefs,
    catalog: &Catalog,
    counted: &[usize],
) {
    let end = b.window.date(b.window.days - 1);
    for &c in counted {
        let p = &trade.profiles[c];
        let basket = &trade.baskets[p.basket.0 as usize..p.basket.1 as usize];
        for &k in basket.iter().take(2) {
            let item = &catalog.items[k as usize];
            let usual = monthly_steps(p, item, basket.len());
            let mut level = (usual as f64 * (0.5 + rng.f64())) as i64;
            for back in (1..=6).rev() {
                let month = month_start(end, back);
                let next = month_start(end, back - 1);
                let closing = (usual as f64 * (0.3 + 1.2 * rng.f64())) as i64;
                let count = StockCount {
                    customer: refs.ids[c],
                    product: catalog.ids[k as usize],
                    month: Some(month),
                    opening: Qty(level * item.step),
                    closing: Qty(closing * item.step),
                };
                // Counted on the last day of the month.
                let counted_on = (next - b.window.start).num_days() - 1;
                let record = b.record(b.window.ms(counted_on) + 4 * 3_600_000, Some(refs.owners[c]), count);
                b.data.stock_counts.merge(record);
                level = closing;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_start_steps_back_across_years() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 17).unwrap();
        assert_eq!(month_start(d, 0), NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
        assert_eq!(month_start(d, 2), NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(month_start(d, 14), NaiveDate::from_ymd_opt(2024, 12, 1).unwrap());
    }
}
