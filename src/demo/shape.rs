//! The shape of the demo firm's trade, in compact form (indices and integers, no records yet):
//! who the customers are and how big, when each buys, what, how much, what comes back, and
//! what is paid.
//!
//! How the shape is made:
//! - **Sizes.** Customer weights are the log-normal quantiles `exp(σ·Φ⁻¹((i + ½)/n))`, dealt to
//!   customers in random order. Using quantiles instead of random draws keeps the 80/20 figure
//!   steady from seed to seed (the randomness is in who gets which size, not in the sizes).
//!   A customer's expected sales are proportional to weight × time active; the weight drives both
//!   how often they buy (`w^β`) and how much per line (`w^(1−β)`).
//! - **Time.** Every day has an intensity: month (a peak before the Spring Festival and in
//!   autumn, a dip in February and summer) × weekday × 10 % yearly growth. A customer's purchase
//!   days are evenly spaced (with jitter) in cumulative intensity between their first and last
//!   active day, so each keeps their own rhythm and the firm's calendar still shows the seasons.
//! - **Who stops.** One customer in fifty never buys; 17.5 % stop before the last year (smaller
//!   ones more often). Everyone else is made to buy at least once in the last 365 days, so the
//!   share of customers without a purchase in the last year is known in advance.
//! - **Returns** are 1 in 70 lines: part of an earlier line, up to 30 days later.
//! - **Payments** settle statement periods some weeks after they close; recent periods are still
//!   open, some customers pay only part (chronic arrears), and no payment is more than its lines
//!   net of returns.

use super::catalog::DemoProduct;
use super::math::{self, below, shuffle};
use super::names::{CITIES, REGIONS};
use crate::model::{CustomerType, Money, Qty};
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use fastrand::Rng;

/// Days that count as "the last year" for churn (the firm setting's default).
pub(crate) const ACTIVE_DAYS: usize = 365;
/// One customer in this many never buys anything.
const NEVER_EVERY: usize = 50;
/// Share of customers who stop buying before the last year.
const CHURN_SHARE: f64 = 0.175;
/// One line in this many is a return.
const RETURN_EVERY: usize = 70;
/// Log-scale spread of customer sizes (see the module docs).
const SIZE_SIGMA: f64 = 1.5;
/// How much of a customer's size goes into buying more often (the rest into bigger lines).
const FREQUENCY_SHARE: f64 = 0.6;
/// Average amount of a sales line, in fen (2,800 yuan).
const MEAN_LINE_FEN: f64 = 280_000.0;
/// Relative sales intensity of each calendar month, January first.
const MONTH_FACTOR: [f64; 12] = [1.30, 0.55, 0.95, 1.05, 1.05, 0.95, 0.80, 0.80, 1.10, 1.25, 1.25, 1.15];
/// Yearly growth of the firm's trade.
const YEARLY_GROWTH: f64 = 1.10;

/// Customers that never buy, for a firm of this size.
pub(crate) fn never_buyers(customers: usize) -> usize {
    (customers + NEVER_EVERY / 2) / NEVER_EVERY
}

/// Return lines among `lines` sales lines.
pub(crate) fn returns_for(lines: usize) -> usize {
    lines / RETURN_EVERY
}

/// The fewest sales lines that give every buying customer at least one line.
pub(crate) fn minimum_lines(customers: usize) -> usize {
    let buyers = customers - never_buyers(customers);
    let mut lines = buyers;
    while lines - returns_for(lines) < buyers {
        lines += 1;
    }
    lines
}

/// The three years up to the end date, day by day.
pub(crate) struct Window {
    pub start: NaiveDate,
    pub days: usize,
    /// First day index of the last [`ACTIVE_DAYS`] days.
    pub recent_from: usize,
    /// Days from 1970-01-01 to `start`.
    start_epoch_day: i64,
    dates: Vec<NaiveDate>,
    /// Cumulative intensity: `cum[d]` = sum of the intensities of days `0..d`.
    cum: Vec<f64>,
}

impl Window {
    /// The window `[end − 3 years, end]`. `end` must be a date the spec validation accepted.
    pub fn new(end: NaiveDate) -> Window {
        let start = end.checked_sub_months(Months::new(36)).unwrap_or(end);
        let days = (end - start).num_days() as usize + 1;
        let dates: Vec<NaiveDate> = (0..days).map(|d| start + Duration::days(d as i64)).collect();
        let growth_per_day = math::ln(YEARLY_GROWTH) / 365.25;
        let mut cum = Vec::with_capacity(days + 1);
        cum.push(0.0);
        let mut sum = 0.0;
        for (d, date) in dates.iter().enumerate() {
            let weekday = match date.weekday() {
                Weekday::Sat => 0.6,
                Weekday::Sun => 0.3,
                _ => 1.0,
            };
            sum += MONTH_FACTOR[date.month0() as usize] * weekday * math::exp(growth_per_day * d as f64);
            cum.push(sum);
        }
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        Window {
            start,
            days,
            recent_from: days.saturating_sub(ACTIVE_DAYS),
            start_epoch_day: (start - epoch).num_days(),
            dates,
            cum,
        }
    }

    pub fn date(&self, day: usize) -> NaiveDate {
        self.dates[day]
    }

    /// The date of a day index that may lie before the window (negative).
    pub fn date_at(&self, day: i64) -> NaiveDate {
        self.start + Duration::days(day)
    }

    /// Milliseconds since the epoch at 09:00 Beijing time (01:00 UTC) of a day index, which may
    /// lie before the window.
    pub fn ms(&self, day: i64) -> u64 {
        ((self.start_epoch_day + day) * 86_400_000 + 3_600_000).max(0) as u64
    }

    /// The day whose share of cumulative intensity contains `x`, kept within `first..=last`.
    fn day_at(&self, x: f64, first: usize, last: usize) -> usize {
        let d = self.cum.partition_point(|&c| c <= x).saturating_sub(1);
        d.clamp(first, last)
    }
}

/// Whether and when a customer stops buying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Registered but never bought.
    Never,
    /// Bought, then stopped before the last year.
    Churned,
    /// Bought in the last year.
    Active,
}

/// One customer's shape.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    pub weight: f64,
    /// Size rank as a quantile: 0 the smallest, close to 1 the biggest.
    pub rank: f64,
    pub kind: CustomerType,
    /// Index into [`CITIES`].
    pub city: usize,
    pub status: Status,
    /// Trading since, as a day index (negative = before the window).
    pub since: i64,
    /// First and last day the customer may buy on.
    pub first: usize,
    pub last: usize,
    /// Positive (non-return) sales lines, and where they start among all lines.
    pub lines: usize,
    pub offset: usize,
    /// Discount on the list price in thousandths.
    pub discount_permille: i64,
    /// Expected amount of one line, in fen.
    pub line_mean: f64,
    /// Range of the customer's usual products in [`Trade::baskets`].
    pub basket: (u32, u32),
    /// Pays only part of what is due.
    pub chronic: bool,
}

impl Profile {
    /// The customer's unit price for a product: the list price less their discount, never
    /// below cost.
    pub fn price(&self, product: &DemoProduct) -> Money {
        let discounted = (product.list_price.0 * (1000 - self.discount_permille) + 500) / 1000;
        Money(discounted.max(product.unit_cost.0))
    }
}

/// A sales line in compact form. `return_of` is an index into the same vector (`u32::MAX`: none);
/// `returned` sums the (negative) amounts of the returns against this line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    pub customer: u32,
    pub day: u16,
    pub product: u16,
    pub return_of: u32,
    pub qty: i64,
    pub amount: i64,
    pub cost: i64,
    pub returned: i64,
}

pub(crate) const NO_LINE: u32 = u32::MAX;

/// A payment in compact form: it settles lines `lines.0..lines.1` of one customer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pay {
    pub customer: u32,
    pub day: u16,
    pub amount: i64,
    pub lines: (u32, u32),
    pub method: u8,
}

/// Payment methods, indexed by [`Pay::method`].
pub(crate) const PAY_METHODS: [&str; 4] = ["银行转账", "银行承兑汇票", "现金", "微信支付"];

/// The whole trade in compact form.
pub(crate) struct Trade {
    pub profiles: Vec<Profile>,
    pub baskets: Vec<u16>,
    /// Positive lines customer by customer in date order, then the returns.
    pub lines: Vec<Line>,
    pub pays: Vec<Pay>,
}

/// Decides every customer's size, type, city, status and active days (independent of the
/// number of lines, so a bigger line count keeps the same customers).
pub(crate) fn plan_customers(rng: &mut Rng, window: &Window, customers: usize) -> Vec<Profile> {
    let n = customers;
    // Deal the size quantiles out in random order; position i in `deal` gets quantile i.
    let mut deal: Vec<usize> = (0..n).collect();
    shuffle(rng, &mut deal);
    let mut profiles: Vec<Profile> = (0..n)
        .map(|_| Profile {
            weight: 0.0,
            rank: 0.0,
            kind: CustomerType::Dealer,
            city: 0,
            status: Status::Active,
            since: 0,
            first: 0,
            last: window.days - 1,
            lines: 0,
            offset: 0,
            discount_permille: 0,
            line_mean: 0.0,
            basket: (0, 0),
            chronic: false,
        })
        .collect();
    for (i, &c) in deal.iter().enumerate() {
        let q = (i as f64 + 0.5) / n as f64;
        profiles[c].weight = math::exp(SIZE_SIGMA * math::normal_quantile(q));
        profiles[c].rank = q;
    }

    let region_cum = math::cumulative(REGIONS.iter().map(|r| r.1));
    let city_cums: Vec<Vec<f64>> = (0..REGIONS.len())
        .map(|r| math::cumulative(CITIES.iter().map(|c| if c.region == r { f64::from(c.weight) } else { 0.0 })))
        .collect();
    for p in &mut profiles {
        p.kind = kind_for(p.rank, rng.u8(..100));
        p.discount_permille = match p.kind {
            CustomerType::Dealer => 50 + i64::from(rng.u8(..51)),
            CustomerType::Agent => 60 + i64::from(rng.u8(..41)),
            CustomerType::Industrial => 30 + i64::from(rng.u8(..51)),
            CustomerType::Retailer => i64::from(rng.u8(..51)),
            CustomerType::Consumer => 0,
        };
        let region = math::pick_cumulative(rng, &region_cum);
        p.city = math::pick_cumulative(rng, &city_cums[region]);
        // 62 % traded with us before the window (up to 12 years), the others joined during it.
        p.since =
            if rng.u8(..100) < 62 { -(30 + rng.i64(0..4_350)) } else { rng.i64(0..(window.days as i64 - 10).max(1)) };
        p.first = p.since.max(0) as usize;
    }

    // Never-buyers: registered small customers (prospects who never ordered).
    let mut small: Vec<usize> = (0..n).filter(|&c| profiles[c].rank < 0.3).collect();
    shuffle(rng, &mut small);
    for &c in small.iter().take(never_buyers(n)) {
        profiles[c].status = Status::Never;
    }

    // Churners: weighted sampling without replacement (Efraimidis–Spirakis keys ln(u)/w), the
    // smaller customers more likely, among those who started early enough to stop.
    let latest_start = window.recent_from.saturating_sub(60);
    let mut keyed: Vec<(f64, usize)> = (0..n)
        .filter(|&c| profiles[c].status != Status::Never && profiles[c].first <= latest_start)
        .map(|c| (math::ln(rng.f64().max(1e-300)) / (1.6 - profiles[c].rank), c))
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let churners = ((n as f64 * CHURN_SHARE).round() as usize).min(keyed.len());
    let stop_by = window.recent_from.saturating_sub(31);
    for &(_, c) in keyed.iter().take(churners) {
        let p = &mut profiles[c];
        p.status = Status::Churned;
        let earliest = (p.first + 14).min(stop_by);
        p.last = earliest + below(rng, stop_by - earliest + 1);
    }
    profiles
}

/// Customer type by size rank: the big ones are dealers, agents and industrial customers, the
/// long tail retailers and consumers.
fn kind_for(rank: f64, percent: u8) -> CustomerType {
    use CustomerType::*;
    let table: [(CustomerType, u8); 5] = if rank >= 0.8 {
        [(Dealer, 45), (Agent, 25), (Industrial, 20), (Retailer, 10), (Consumer, 0)]
    } else if rank >= 0.4 {
        [(Dealer, 25), (Agent, 10), (Industrial, 20), (Retailer, 40), (Consumer, 5)]
    } else {
        [(Dealer, 5), (Agent, 5), (Industrial, 10), (Retailer, 50), (Consumer, 30)]
    };
    let mut acc = 0;
    for (kind, share) in table {
        acc += share;
        if percent < acc {
            return kind;
        }
    }
    Retailer
}

/// Shares `positive` lines among the buying customers: one each, the rest in proportion to
/// frequency weight × time active (largest remainders, so the total is exact). Also sets each
/// customer's expected line amount.
pub(crate) fn allocate_lines(profiles: &mut [Profile], window: &Window, positive: usize) {
    let buyers: Vec<usize> = (0..profiles.len()).filter(|&c| profiles[c].status != Status::Never).collect();
    if buyers.is_empty() {
        return;
    }
    let spare = positive - buyers.len();
    let f: Vec<f64> = buyers
        .iter()
        .map(|&c| {
            let p = &profiles[c];
            math::pow(p.weight, FREQUENCY_SHARE) * (p.last - p.first + 1) as f64 / window.days as f64
        })
        .collect();
    let total: f64 = f.iter().sum();
    let mut given = 0;
    let mut remainders: Vec<(f64, usize)> = Vec::with_capacity(buyers.len());
    for (k, &c) in buyers.iter().enumerate() {
        let quota = spare as f64 * f[k] / total;
        let whole = quota.floor() as usize;
        profiles[c].lines = 1 + whole;
        given += whole;
        remainders.push((quota - whole as f64, c));
    }
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, c) in remainders.iter().take(spare.saturating_sub(given)) {
        profiles[c].lines += 1;
    }
    // Scale the per-line amounts so the average line is MEAN_LINE_FEN.
    let mut weighted = 0.0;
    for &c in &buyers {
        let p = &mut profiles[c];
        p.line_mean = math::pow(p.weight, 1.0 - FREQUENCY_SHARE);
        weighted += p.lines as f64 * p.line_mean;
    }
    let scale = MEAN_LINE_FEN * positive as f64 / weighted;
    let mut offset = 0;
    for p in profiles.iter_mut() {
        p.line_mean *= scale;
        p.offset = offset;
        offset += p.lines;
    }
}

/// Chooses each customer's usual products: popular ones, affordable for their usual line size.
pub(crate) fn choose_baskets(
    rng: &mut Rng,
    profiles: &mut [Profile],
    products: &[DemoProduct],
    popularity: &[f64],
) -> Vec<u16> {
    let mut baskets: Vec<u16> = Vec::with_capacity(profiles.len() * 8);
    for p in profiles.iter_mut() {
        let size = (3 + (p.rank * 12.0) as usize + below(rng, 3)).min(products.len());
        let limit = (3.0 * p.line_mean) as i64;
        let start = baskets.len();
        for _ in 0..size {
            let mut cheapest: Option<usize> = None;
            for _ in 0..6 {
                let k = math::pick_cumulative(rng, popularity);
                if baskets[start..].contains(&(k as u16)) {
                    continue;
                }
                if products[k].list_price.0 <= limit {
                    cheapest = Some(k);
                    break;
                }
                if cheapest.is_none_or(|c| products[k].list_price < products[c].list_price) {
                    cheapest = Some(k);
                }
            }
            if let Some(k) = cheapest {
                baskets.push(k as u16);
            }
        }
        if baskets.len() == start {
            baskets.push(math::pick_cumulative(rng, popularity) as u16);
        }
        p.basket = (start as u32, baskets.len() as u32);
    }
    baskets
}

/// Average lines per order by customer type: dealers order several products at once.
fn lines_per_order(kind: CustomerType) -> f64 {
    match kind {
        CustomerType::Dealer => 2.6,
        CustomerType::Agent => 2.2,
        CustomerType::Industrial => 1.8,
        CustomerType::Retailer => 1.5,
        CustomerType::Consumer => 1.2,
    }
}

/// Generates every customer's positive sales lines, customer by customer in date order.
/// `progress` gets the share of customers done.
pub(crate) fn generate_lines(
    rng: &mut Rng,
    window: &Window,
    profiles: &[Profile],
    baskets: &[u16],
    products: &[DemoProduct],
    total_lines: usize,
    progress: &mut dyn FnMut(f32),
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::with_capacity(total_lines);
    let mut positions: Vec<f64> = Vec::new();
    let mut days: Vec<usize> = Vec::new();
    let report_every = (profiles.len() / 50).max(1);
    for (c, p) in profiles.iter().enumerate() {
        if c % report_every == 0 {
            progress(c as f32 / profiles.len() as f32);
        }
        if p.lines == 0 {
            continue;
        }
        // Purchase days: evenly spaced in cumulative intensity, with jitter (70 % of customers,
        // a steady rhythm) or at random (30 %, irregular buyers).
        let span = p.last - p.first + 1;
        let orders = ((p.lines as f64 / lines_per_order(p.kind)).ceil() as usize).clamp(1, p.lines.min(span));
        let lo = window.cum[p.first];
        let width = window.cum[p.last + 1] - lo;
        positions.clear();
        if rng.u8(..100) < 70 {
            let jitter = 0.1 + 0.35 * rng.f64();
            for j in 0..orders {
                let t = (j as f64 + 0.5 + jitter * (2.0 * rng.f64() - 1.0)) / orders as f64;
                positions.push(lo + t * width);
            }
        } else {
            positions.extend((0..orders).map(|_| lo + rng.f64() * width));
            positions.sort_by(f64::total_cmp);
        }
        days.clear();
        days.extend(positions.iter().map(|&x| window.day_at(x, p.first, p.last)));
        // Active customers bought in the last year: move a last order that falls before it.
        if p.status == Status::Active {
            let recent = window.recent_from.max(p.first);
            if let Some(last) = days.last_mut() {
                if *last < recent {
                    *last = recent + below(rng, p.last - recent + 1);
                }
            }
        }
        // Lines per order: spread the remainder evenly (Bresenham), so the total is exact.
        let base = p.lines / orders;
        let extra = p.lines % orders;
        let basket = &baskets[p.basket.0 as usize..p.basket.1 as usize];
        for (j, &day) in days.iter().enumerate() {
            let count = base + usize::from((j + 1) * extra / orders > j * extra / orders);
            for _ in 0..count {
                // Favour the front of the basket (the customer's staple products).
                let k = below(rng, basket.len()).min(below(rng, basket.len()));
                let product = basket[k] as usize;
                let item = &products[product];
                let price = p.price(item);
                let target = p.line_mean * math::lognormal_unit_mean(rng, 0.7);
                let steps = (target / price.0 as f64 * 1000.0 / item.step as f64).round().clamp(1.0, 1e7);
                let qty = Qty(steps as i64 * item.step);
                lines.push(Line {
                    customer: c as u32,
                    day: day as u16,
                    product: product as u16,
                    return_of: NO_LINE,
                    qty: qty.0,
                    amount: price.times_qty(qty).0,
                    cost: item.unit_cost.times_qty(qty).0,
                    returned: 0,
                });
            }
        }
    }
    progress(1.0);
    lines
}

/// Appends `count` returns: each takes back part of a different earlier positive line, 1–30
/// days later (never after the end).
pub(crate) fn add_returns(rng: &mut Rng, window: &Window, trade: &mut Trade, products: &[DemoProduct], count: usize) {
    let positive = trade.lines.len();
    if positive == 0 {
        return;
    }
    let mut taken = vec![false; positive];
    for _ in 0..count.min(positive) {
        let i = loop {
            let i = below(rng, positive);
            if !taken[i] {
                break i;
            }
        };
        taken[i] = true;
        let original = trade.lines[i];
        let item = &products[original.product as usize];
        let units = (original.qty / item.step).max(1);
        let u = rng.f64();
        let back = 1 + ((units - 1) as f64 * u * u) as i64;
        let qty = Qty(-(back.min(units) * item.step));
        let price = trade.profiles[original.customer as usize].price(item);
        let day = (original.day as usize + 1 + below(rng, 30)).min(window.days - 1);
        let amount = price.times_qty(qty).0;
        trade.lines[i].returned += amount;
        trade.lines.push(Line {
            customer: original.customer,
            day: day as u16,
            product: original.product,
            return_of: i as u32,
            qty: qty.0,
            amount,
            cost: item.unit_cost.times_qty(qty).0,
            returned: 0,
        });
    }
}

/// Marks the customers who chronically pay only part: 6 % of buyers, a quarter of churners.
pub(crate) fn mark_chronic(rng: &mut Rng, profiles: &mut [Profile]) {
    for p in profiles.iter_mut() {
        let chance = match p.status {
            Status::Never => 0,
            Status::Churned => 25,
            Status::Active => 6,
        };
        p.chronic = rng.u8(..100) < chance;
    }
}

/// Payments: each customer's lines are grouped into statement periods; a period is paid some
/// time after it closes, unless that is after the end date. Amounts never exceed the period's
/// lines net of their returns.
pub(crate) fn generate_payments(rng: &mut Rng, window: &Window, trade: &mut Trade) {
    let mut pays = Vec::with_capacity(trade.lines.len() / 3);
    for (c, p) in trade.profiles.iter().enumerate() {
        let (cycle, delay_min, delay_span) = match p.kind {
            CustomerType::Consumer => (1, 0, 4),
            CustomerType::Retailer => (15, 10, 21),
            CustomerType::Dealer | CustomerType::Agent => (30, 20, 41),
            CustomerType::Industrial => (30, 45, 76),
        };
        let end = p.offset + p.lines;
        let mut i = p.offset;
        while i < end {
            let opened = trade.lines[i].day as usize;
            let mut j = i + 1;
            while j < end && (trade.lines[j].day as usize) < opened + cycle && j - i < 80 {
                j += 1;
            }
            let due = opened + cycle + delay_min + below(rng, delay_span);
            if due >= window.days {
                break;
            }
            let net: i64 = trade.lines[i..j].iter().map(|l| l.amount + l.returned).sum();
            let part = if p.chronic {
                if rng.u8(..100) < 25 {
                    0.0
                } else {
                    0.5 + 0.4 * rng.f64()
                }
            } else if rng.u8(..100) < 4 {
                0.7 + 0.25 * rng.f64()
            } else {
                1.0
            };
            // A partial payment is a round number of yuan.
            let amount = if part >= 1.0 { net } else { ((net as f64 * part) as i64 / 100) * 100 };
            if amount > 0 {
                let method = match (p.kind, rng.u8(..100)) {
                    (CustomerType::Consumer, x) => {
                        if x < 70 {
                            3
                        } else {
                            2
                        }
                    }
                    (CustomerType::Industrial, x) if x < 30 => 1,
                    (_, x) if x < 8 => 1,
                    (CustomerType::Retailer, x) if x < 20 => 2,
                    _ => 0,
                };
                pays.push(Pay { customer: c as u32, day: due as u16, amount, lines: (i as u32, j as u32), method });
            }
            i = j;
        }
    }
    trade.pays = pays;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    }

    #[test]
    fn window_covers_three_years_and_the_last_year_is_365_days() {
        let w = window();
        assert_eq!(w.start, NaiveDate::from_ymd_opt(2023, 11, 30).unwrap());
        assert_eq!(w.date(w.days - 1), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(w.days - w.recent_from, ACTIVE_DAYS);
        assert_eq!(w.ms(0) % 86_400_000, 3_600_000);
        assert_eq!(w.date_at(-1), NaiveDate::from_ymd_opt(2023, 11, 29).unwrap());
        // January (pre-festival) days weigh more than February days.
        let jan = w.dates.iter().position(|d| d.month() == 1 && d.day() == 10).unwrap();
        let feb = w.dates.iter().position(|d| d.month() == 2 && d.day() == 10).unwrap();
        let weight = |d: usize| w.cum[d + 1] - w.cum[d];
        assert!(weight(jan) > 2.0 * weight(feb));
    }

    #[test]
    fn line_allocation_is_exact_and_gives_every_buyer_a_line() {
        let w = window();
        let mut rng = Rng::with_seed(9);
        let mut profiles = plan_customers(&mut rng, &w, 500);
        allocate_lines(&mut profiles, &w, 9_000);
        assert_eq!(profiles.iter().map(|p| p.lines).sum::<usize>(), 9_000);
        for p in &profiles {
            assert_eq!(p.lines == 0, p.status == Status::Never);
            assert!(p.first <= p.last && p.last < w.days);
            if p.status == Status::Churned {
                assert!(p.last + 31 <= w.recent_from);
            }
        }
        assert_eq!(profiles.iter().filter(|p| p.status == Status::Never).count(), never_buyers(500));
        assert_eq!(profiles.iter().filter(|p| p.status == Status::Churned).count(), 88);
    }

    #[test]
    fn minimum_lines_covers_every_buyer() {
        for customers in [1, 10, 49, 2_000, 100_000] {
            let min = minimum_lines(customers);
            assert!(min - returns_for(min) >= customers - never_buyers(customers));
            assert!(min - 1 - returns_for(min - 1) < customers - never_buyers(customers));
        }
    }

    #[test]
    fn kinds_follow_size() {
        assert_eq!(kind_for(0.9, 0), CustomerType::Dealer);
        assert_eq!(kind_for(0.9, 99), CustomerType::Retailer);
        assert_eq!(kind_for(0.1, 99), CustomerType::Consumer);
    }
}
