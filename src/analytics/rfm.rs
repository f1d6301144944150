//! RFM scores and the named segments (DOMAIN.md §12).
//!
//! **Values.** Recency = days from the last purchase day to the as-of date; frequency = distinct purchase
//! days in the period; monetary = net sales in the period (returns subtract), in minor units.
//!
//! **Scores (rank method).** Among the `n` scored customers (in scope, at least one purchase day), a customer's
//! score on `bins` levels is `1 + ⌊bins · worse / n⌋`, where `worse` counts the customers with a strictly
//! worse value (for recency: strictly more days; for frequency and monetary: strictly less). So equal values
//! always get equal scores; a score of 5 on quintiles means "better than at least 80% of the customers";
//! heavy ties (many one-time buyers) leave some levels empty instead of splitting identical customers.
//!
//! **Segments** read the quintile R and F scores (always quintiles, whatever `bins` is) with the table of
//! DOMAIN.md §12; "Lost" overrides it when R = 1 and the BG/NBD P(alive) is below the setting (default
//! 0.1). When the model is not fitted there is no P(alive), and nobody is marked Lost.

use super::calendar::Day;
use super::input::Dataset;
use super::settings::Settings;
use super::summary::{Histories, Scope};
use serde::{Deserialize, Serialize};

/// One score and the counts that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankScore {
    /// Customers with a strictly worse value.
    pub worse: u32,
    /// Customers scored.
    pub population: u32,
    /// Score levels.
    pub bins: u8,
    /// The score, 1..=bins.
    pub score: u8,
}

impl RankScore {
    /// The score of a customer beating `worse` of `population` customers on `bins` levels.
    pub fn new(worse: u32, population: u32, bins: u8) -> Self {
        RankScore { worse, population, bins, score: rank_score(worse, population, bins) }
    }
    /// The score recomputed from the counts.
    pub fn recompute(&self) -> u8 {
        rank_score(self.worse, self.population, self.bins)
    }
    /// The quintile (1–5) the same counts give: the level the named segments read.
    pub fn quintile(&self) -> u8 {
        rank_score(self.worse, self.population, 5)
    }
}

fn rank_score(worse: u32, population: u32, bins: u8) -> u8 {
    if population == 0 {
        return 1;
    }
    (1 + u64::from(bins) * u64::from(worse) / u64::from(population)).min(u64::from(bins)) as u8
}

/// The named RFM segments, with "Lost".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RfmSegment {
    /// RF `5[4-5]`.
    Champions,
    /// RF `[3-4][4-5]`.
    Loyal,
    /// RF `[4-5][2-3]`.
    PotentialLoyalists,
    /// RF `51`.
    New,
    /// RF `41`.
    Promising,
    /// RF `33`.
    NeedAttention,
    /// RF `3[1-2]`.
    AboutToSleep,
    /// RF `[1-2][3-4]`.
    AtRisk,
    /// RF `[1-2]5`.
    CantLoseThem,
    /// RF `[1-2][1-2]`.
    Hibernating,
    /// R = 1 and P(alive) below the threshold: overrides the RF name.
    Lost,
}

impl RfmSegment {
    /// Every segment, in the order of the table.
    pub const ALL: [RfmSegment; 11] = [
        RfmSegment::Champions,
        RfmSegment::Loyal,
        RfmSegment::PotentialLoyalists,
        RfmSegment::New,
        RfmSegment::Promising,
        RfmSegment::NeedAttention,
        RfmSegment::AboutToSleep,
        RfmSegment::AtRisk,
        RfmSegment::CantLoseThem,
        RfmSegment::Hibernating,
        RfmSegment::Lost,
    ];

    /// The segment of quintile scores R and F (1–5 each), before the "Lost" rule.
    pub fn from_rf(r: u8, f: u8) -> RfmSegment {
        match (r, f) {
            (5, 4..=5) => RfmSegment::Champions,
            (3..=4, 4..=5) => RfmSegment::Loyal,
            (4..=5, 2..=3) => RfmSegment::PotentialLoyalists,
            (5, 1) => RfmSegment::New,
            (4, 1) => RfmSegment::Promising,
            (3, 3) => RfmSegment::NeedAttention,
            (3, 1..=2) => RfmSegment::AboutToSleep,
            (1..=2, 5) => RfmSegment::CantLoseThem,
            (1..=2, 3..=4) => RfmSegment::AtRisk,
            // RF [1-2][1-2], and any score outside 1–5 (which the scoring never produces).
            _ => RfmSegment::Hibernating,
        }
    }

    /// The Chinese name (DOMAIN.md §12).
    pub fn name_zh(self) -> &'static str {
        match self {
            RfmSegment::Champions => "冠军客户",
            RfmSegment::Loyal => "忠诚客户",
            RfmSegment::PotentialLoyalists => "潜在忠诚客户",
            RfmSegment::New => "新客户",
            RfmSegment::Promising => "有潜力客户",
            RfmSegment::NeedAttention => "需要关注",
            RfmSegment::AboutToSleep => "即将沉睡",
            RfmSegment::AtRisk => "有流失风险",
            RfmSegment::CantLoseThem => "不能失去",
            RfmSegment::Hibernating => "沉睡客户",
            RfmSegment::Lost => "已流失",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Champions",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalists => "Potential loyalists",
            RfmSegment::New => "New",
            RfmSegment::Promising => "Promising",
            RfmSegment::NeedAttention => "Need attention",
            RfmSegment::AboutToSleep => "About to sleep",
            RfmSegment::AtRisk => "At risk",
            RfmSegment::CantLoseThem => "Can't lose them",
            RfmSegment::Hibernating => "Hibernating",
            RfmSegment::Lost => "Lost",
        }
    }
}

/// A customer's RFM values, scores and segment, with everything needed to recompute them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmScore {
    /// Days from the last purchase day to the as-of date.
    pub recency_days: i32,
    /// Distinct purchase days up to the as-of date.
    pub frequency: u32,
    /// Net sales up to the as-of date, minor units.
    pub monetary: i64,
    /// R score (more recent = higher).
    pub r: RankScore,
    /// F score.
    pub f: RankScore,
    /// M score.
    pub m: RankScore,
    /// The segment from the quintile R and F scores alone.
    pub rf_segment: RfmSegment,
    /// P(alive) used by the "Lost" rule (`None` when the BG/NBD model is not fitted).
    pub p_alive: Option<f64>,
    /// The "Lost" threshold on P(alive).
    pub lost_below: f64,
    /// The segment shown: `rf_segment`, or `Lost` when R = 1 and P(alive) < `lost_below`.
    pub segment: RfmSegment,
}

impl RfmScore {
    /// The two-digit RF code of the segment table (quintiles), e.g. 54.
    pub fn rf_code(&self) -> u8 {
        self.r.quintile() * 10 + self.f.quintile()
    }
    /// The segment recomputed from the explanation alone.
    pub fn recompute_segment(&self) -> RfmSegment {
        segment_with_lost(
            RfmSegment::from_rf(self.r.quintile(), self.f.quintile()),
            self.r.quintile(),
            self.p_alive,
            self.lost_below,
        )
    }
}

fn segment_with_lost(rf: RfmSegment, r_quintile: u8, p_alive: Option<f64>, lost_below: f64) -> RfmSegment {
    match p_alive {
        Some(p) if r_quintile == 1 && p < lost_below => RfmSegment::Lost,
        _ => rf,
    }
}

/// One customer's raw RFM values, the input of [`score`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmValues {
    /// Days since the last purchase day.
    pub recency_days: i32,
    /// Distinct purchase days.
    pub frequency: u32,
    /// Net sales, minor units.
    pub monetary: i64,
}

/// Each in-scope customer's RFM values (`None` without a purchase day or out of scope), straight from the
/// lines. When every customer's lines come in date order — lines kept or exported chronologically, or
/// grouped by customer in date order — one pass with no grouping suffices; otherwise (detected on the way)
/// the values come from [`Histories`](super::summary::Histories). Same definitions either way.
pub fn values(data: &Dataset, settings: &Settings) -> Vec<Option<RfmValues>> {
    let scope = Scope::new(data, settings);
    let n = data.customer_count();
    let (mut last, mut days, mut net) = (vec![Day::MIN; n], vec![0u32; n], vec![0i64; n]);
    let mut in_order = true;
    for i in 0..data.line_count() {
        if !scope.keep(data, i) {
            continue;
        }
        let (c, d, a) = (data.line_customer[i] as usize, data.line_day[i], data.line_amount[i]);
        net[c] += a;
        if a >= 0 && data.line_quantity[i] >= 0.0 && d != last[c] {
            if d < last[c] {
                in_order = false;
                break;
            }
            last[c] = d;
            days[c] += 1;
        }
    }
    if in_order {
        return (0..n)
            .map(|c| {
                (days[c] > 0).then(|| RfmValues {
                    recency_days: scope.as_of - last[c],
                    frequency: days[c],
                    monetary: net[c],
                })
            })
            .collect();
    }
    let h = Histories::build(data, settings);
    (0..n)
        .map(|c| {
            let purchase_days = h.purchase_days(c);
            Some(RfmValues {
                recency_days: h.as_of - purchase_days.last()?,
                frequency: purchase_days.len() as u32,
                monetary: h.net_sales[c],
            })
        })
        .collect()
}

/// Scores every customer against the others: `values[i]` → result `i`. `p_alive[i]`, when given, feeds the
/// "Lost" rule. Sorting plus a binary search per customer: O(n log n).
pub fn score(values: &[RfmValues], p_alive: Option<&[f64]>, bins: u8, lost_below: f64) -> Vec<RfmScore> {
    let n = values.len() as u32;
    let mut recency: Vec<i32> = values.iter().map(|v| v.recency_days).collect();
    let mut frequency: Vec<u32> = values.iter().map(|v| v.frequency).collect();
    let mut monetary: Vec<i64> = values.iter().map(|v| v.monetary).collect();
    recency.sort_unstable();
    frequency.sort_unstable();
    monetary.sort_unstable();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // Recency: worse = strictly more days ago. Frequency, monetary: worse = strictly less.
            let r = RankScore::new(n - recency.partition_point(|&d| d <= v.recency_days) as u32, n, bins);
            let f = RankScore::new(frequency.partition_point(|&x| x < v.frequency) as u32, n, bins);
            let m = RankScore::new(monetary.partition_point(|&x| x < v.monetary) as u32, n, bins);
            let rf_segment = RfmSegment::from_rf(r.quintile(), f.quintile());
            let p = p_alive.map(|p| p[i]);
            RfmScore {
                recency_days: v.recency_days,
                frequency: v.frequency,
                monetary: v.monetary,
                r,
                f,
                m,
                rf_segment,
                p_alive: p,
                lost_below,
                segment: segment_with_lost(rf_segment, r.quintile(), p, lost_below),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(recency_days: i32, frequency: u32, monetary: i64) -> RfmValues {
        RfmValues { recency_days, frequency, monetary }
    }

    #[test]
    fn the_segment_table_covers_every_rf_code_as_documented() {
        let expect = |code: &str, seg: RfmSegment| {
            let (r, f) = (code.as_bytes()[0] - b'0', code.as_bytes()[1] - b'0');
            assert_eq!(RfmSegment::from_rf(r, f), seg, "RF {code}");
        };
        for code in ["54", "55"] {
            expect(code, RfmSegment::Champions);
        }
        for code in ["34", "35", "44", "45"] {
            expect(code, RfmSegment::Loyal);
        }
        for code in ["42", "43", "52", "53"] {
            expect(code, RfmSegment::PotentialLoyalists);
        }
        expect("51", RfmSegment::New);
        expect("41", RfmSegment::Promising);
        expect("33", RfmSegment::NeedAttention);
        for code in ["31", "32"] {
            expect(code, RfmSegment::AboutToSleep);
        }
        for code in ["13", "14", "23", "24"] {
            expect(code, RfmSegment::AtRisk);
        }
        for code in ["15", "25"] {
            expect(code, RfmSegment::CantLoseThem);
        }
        for code in ["11", "12", "21", "22"] {
            expect(code, RfmSegment::Hibernating);
        }
    }

    #[test]
    fn equal_values_get_equal_scores() {
        // Ten customers, six of them identical one-time buyers.
        let mut values = vec![v(100, 1, 50); 6];
        values.extend([v(5, 9, 900), v(10, 4, 400), v(20, 3, 300), v(50, 2, 200)]);
        let s = score(&values, None, 5, 0.1);
        assert!(s[..6].windows(2).all(|w| w[0] == w[1]));
        // They beat nobody on any dimension: 1, 1, 1.
        assert_eq!((s[0].r.score, s[0].f.score, s[0].m.score), (1, 1, 1));
        // The best customer beats the other nine: 1 + ⌊5·9/10⌋ = 5.
        assert_eq!((s[6].r.score, s[6].f.score, s[6].m.score), (5, 5, 5));
        // Beats the six one-time buyers and nobody else: 1 + ⌊5·6/10⌋ = 4.
        assert_eq!(s[9].r, RankScore { worse: 6, population: 10, bins: 5, score: 4 });
        assert!(s.iter().all(|x| x.r.recompute() == x.r.score && x.recompute_segment() == x.segment));
    }

    #[test]
    fn lost_needs_r_one_and_low_p_alive() {
        let values = [v(300, 5, 10), v(1, 5, 10)];
        let s = score(&values, Some(&[0.05, 0.05]), 5, 0.1);
        assert_eq!(s[0].r.quintile(), 1);
        assert_eq!(s[0].segment, RfmSegment::Lost);
        assert_ne!(s[1].segment, RfmSegment::Lost, "R = 5 is never lost");
        let without_model = score(&values, None, 5, 0.1);
        assert_eq!(without_model[0].segment, without_model[0].rf_segment);
        let alive_enough = score(&values, Some(&[0.1, 0.1]), 5, 0.1);
        assert_ne!(alive_enough[0].segment, RfmSegment::Lost, "the threshold is strict");
    }

    #[test]
    fn other_bin_counts_keep_quintile_segments() {
        let values: Vec<_> = (0..10).map(|i| v(i, 10 - i as u32, 10)).collect();
        let s = score(&values, None, 3, 0.1);
        assert!(s.iter().all(|x| (1..=3).contains(&x.r.score)));
        assert_eq!(s[0].rf_segment, RfmSegment::Champions);
        assert_eq!(score(&[], None, 5, 0.1), vec![]);
        let one = score(&[v(0, 1, 1)], None, 5, 0.1);
        assert_eq!((one[0].r.score, one[0].rf_segment), (1, RfmSegment::Hibernating));
    }

    #[test]
    fn values_in_one_pass_equal_values_from_histories() {
        use crate::analytics::input::{CustomerInfo, DatasetBuilder, SaleLine};
        let build = |shuffled: bool| {
            let mut b = DatasetBuilder::new(100);
            for _ in 0..3 {
                b.add_customer(CustomerInfo::default());
            }
            let mut lines = vec![
                SaleLine::new(0, 10, 1.0, 500),
                SaleLine::new(0, 10, 2.0, 300),
                SaleLine::new(1, 12, 1.0, 100),
                SaleLine::new(0, 15, -1.0, -200),
                SaleLine::new(0, 20, 1.0, 700),
                SaleLine::new(1, 40, 1.0, 50),
            ];
            if shuffled {
                lines.reverse();
            }
            for l in lines {
                b.push_line(l);
            }
            b.build().unwrap()
        };
        let settings = Settings { as_of: Some(30), ..Settings::default() };
        let in_order = values(&build(false), &settings);
        let out_of_order = values(&build(true), &settings);
        assert_eq!(in_order, out_of_order);
        assert_eq!(in_order[0], Some(RfmValues { recency_days: 10, frequency: 2, monetary: 1300 }));
        assert_eq!(in_order[1], Some(RfmValues { recency_days: 18, frequency: 1, monetary: 100 }));
        assert_eq!(in_order[2], None);
    }

    #[test]
    fn every_segment_has_both_names() {
        for s in RfmSegment::ALL {
            assert!(!s.name_zh().is_empty() && s.name_en().is_ascii());
        }
    }
}
