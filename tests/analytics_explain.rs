//! Every score recomputed from its explanation alone, on the full CDNOW pipeline — by formulas written out
//! here, independently of the engine's code paths (grouped likelihoods, Euler-transformed ₂F₁, binary searches).

use kehu::analytics::abc::AbcClass;
use kehu::analytics::calendar::{day_from_ymd, parse_day};
use kehu::analytics::explain::{agrees, Explained};
use kehu::analytics::lifecycle::LifecycleStage;
use kehu::analytics::rfm::RfmSegment;
use kehu::analytics::{score, CustomerInfo, Dataset, DatasetBuilder, SaleLine, Scores, Settings};

fn cdnow() -> Dataset {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow/CDNOW_sample.txt")).unwrap();
    let mut b = DatasetBuilder::new(100);
    for _ in 0..2357 {
        b.add_customer(CustomerInfo::default());
    }
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let cents = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        b.push_line(SaleLine::new(
            f[1].parse::<u32>().unwrap() - 1,
            parse_day(f[2]).unwrap(),
            f[3].parse().unwrap(),
            cents,
        ));
    }
    b.build().unwrap()
}

/// The plain Gauss series, fine for CDNOW's moderate arguments.
fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 0..10_000 {
        let n = n as f64;
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term.abs() < 1e-17 * sum.abs() {
            break;
        }
    }
    sum
}

fn scores_as_of(y: i32, m: u32, d: u32) -> Scores {
    score(&cdnow(), &Settings { as_of: day_from_ymd(y, m, d), ..Settings::default() }).unwrap()
}

#[test]
fn rfm_scores_recompute_from_counts_and_the_counts_from_the_population() {
    // At the default threshold 0.1 nobody in CDNOW is Lost in mid-1998 (the lowest P(alive) with R = 1 is
    // 0.13: one-time buyers keep P(alive) = 1 under BG/NBD); 0.15 exercises the rule.
    let settings = Settings { as_of: day_from_ymd(1998, 6, 30), lost_p_alive_below: 0.15, ..Settings::default() };
    let s = score(&cdnow(), &settings).unwrap();
    let rfm: Vec<_> = s.customers.iter().filter_map(|c| c.rfm).collect();
    assert_eq!(rfm.len(), 2357);
    let n = rfm.len() as u32;
    for x in &rfm {
        // The counts, brute force over the population.
        let worse_r = rfm.iter().filter(|o| o.recency_days > x.recency_days).count() as u32;
        let worse_f = rfm.iter().filter(|o| o.frequency < x.frequency).count() as u32;
        let worse_m = rfm.iter().filter(|o| o.monetary < x.monetary).count() as u32;
        assert_eq!((x.r.worse, x.f.worse, x.m.worse, x.r.population), (worse_r, worse_f, worse_m, n));
        // The scores, from the counts alone.
        for k in [x.r, x.f, x.m] {
            assert_eq!(k.score as u32, 1 + 5 * k.worse / k.population);
        }
        // The segment, from the quintiles and P(alive) alone.
        let (r, f) = (1 + 5 * x.r.worse / n, 1 + 5 * x.f.worse / n);
        let lost = r == 1 && x.p_alive.is_some_and(|p| p < x.lost_below);
        assert_eq!(x.segment == RfmSegment::Lost, lost);
        if !lost {
            assert_eq!(x.segment, RfmSegment::from_rf(r as u8, f as u8));
        }
        assert_eq!(x.outcome(), Explained::recompute(x));
    }
    // Identical customers never land in different segments.
    for a in rfm.iter().take(300) {
        for b in &rfm {
            if (a.recency_days, a.frequency, a.monetary, a.p_alive.map(f64::to_bits))
                == (b.recency_days, b.frequency, b.monetary, b.p_alive.map(f64::to_bits))
            {
                assert_eq!(a.segment, b.segment);
            }
        }
    }
    let lost = rfm.iter().filter(|x| x.segment == RfmSegment::Lost).count();
    assert!(lost > 0 && lost == rfm.iter().filter(|x| x.r.quintile() == 1 && x.p_alive.unwrap() < 0.15).count());
}

#[test]
fn abc_classes_recompute_from_their_explanations() {
    let s = scores_as_of(1998, 6, 30);
    for c in &s.customers {
        let e = c.abc.unwrap();
        let expected = if e.sales <= 0 {
            AbcClass::C
        } else if (e.cumulative_before as f64) < e.a_threshold * e.total as f64 {
            AbcClass::A
        } else if (e.cumulative_before as f64) < e.b_threshold * e.total as f64 {
            AbcClass::B
        } else {
            AbcClass::C
        };
        assert_eq!(e.class, expected, "customer {}", c.customer);
        assert_eq!(e.class, Explained::recompute(&e));
    }
    assert!(s.abc.top.share > 0.5 && s.abc.top.share < 0.9, "CDNOW is Pareto-like: {}", s.abc.top.share);
}

#[test]
fn model_scores_recompute_from_their_explanations() {
    let s = scores_as_of(1997, 9, 30);
    let fit = s.bgnbd.as_ref().unwrap();
    assert_eq!((fit.params.r * 1000.0).round() / 1000.0, 0.243);
    let mut checked = 0;
    for c in &s.customers {
        let bg = c.bgnbd.expect("fitted");
        let p = bg.params;
        let (x, tx, t, h) = (bg.x, bg.t_x, bg.t, bg.horizon);
        let p_alive = if x == 0.0 {
            1.0
        } else {
            1.0 / (1.0 + p.a / (p.b + x - 1.0) * ((p.alpha + t) / (p.alpha + tx)).powf(p.r + x))
        };
        assert!(agrees(bg.p_alive, p_alive), "{} vs {p_alive}", bg.p_alive);
        let expected_at = |horizon: f64| {
            let z = horizon / (p.alpha + t + horizon);
            (p.a + p.b + x - 1.0) / (p.a - 1.0)
                * (1.0
                    - ((p.alpha + t) / (p.alpha + t + horizon)).powf(p.r + x)
                        * hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1.0, z))
                * p_alive
        };
        assert!((bg.expected_purchases - expected_at(h)).abs() < 1e-9 * expected_at(h).max(1.0));
        let (again_p, again_e) = Explained::recompute(&bg);
        assert!(agrees(again_p, bg.p_alive) && agrees(again_e, bg.expected_purchases));

        let spend = c.spend.expect("fitted");
        let g = spend.params;
        let by_hand = g.p * (g.v + spend.x * spend.zbar) / (g.p * spend.x + g.q - 1.0);
        assert!(agrees(spend.expected_spend, by_hand) && agrees(Explained::recompute(&spend), by_hand));

        let clv = c.clv.as_ref().expect("fitted");
        let mut by_hand = 0.0;
        for (i, month) in clv.monthly_purchases.iter().enumerate() {
            let m = i as f64 + 1.0;
            let purchases = expected_at(m * 4.345) - expected_at((m - 1.0) * 4.345);
            assert!((month - purchases).abs() < 1e-9, "month {m}: {month} vs {purchases}");
            by_hand += purchases * clv.spend_per_purchase / 1.01f64.powf(m);
        }
        assert_eq!(clv.margin_rate, None, "CDNOW has no costs: CLV on revenue");
        assert!((clv.clv - by_hand).abs() < 1e-9 * by_hand.max(1.0));
        assert!(agrees(Explained::recompute(clv), clv.clv));
        checked += 1;
    }
    assert_eq!(checked, 2357);
}

#[test]
fn lifecycle_and_churn_recompute_from_their_explanations() {
    let s = scores_as_of(1998, 6, 30);
    let mut stages = std::collections::BTreeMap::new();
    for c in &s.customers {
        let l = c.lifecycle.expect("every CDNOW customer bought");
        let rules = l.rules;
        if let Some(ch) = l.churn {
            assert_eq!(ch.fired, ch.days_since_last as f64 > ch.multiple * ch.median_interval_days);
        }
        let (recent, previous) = (l.recent_sales as f64, l.previous_sales as f64);
        let expected =
            if l.days_since_first < rules.exploration_days || l.purchase_days < rules.exploration_min_purchase_days {
                LifecycleStage::Exploration
            } else if recent < rules.decline_below * previous
                || l.churn.is_some_and(|c| c.fired)
                || l.p_alive.is_some_and(|p| p < rules.decline_p_alive_below)
            {
                LifecycleStage::Decline
            } else if recent > rules.formation_above * previous {
                LifecycleStage::Formation
            } else {
                LifecycleStage::Stability
            };
        assert_eq!(l.stage, expected, "customer {}", c.customer);
        assert_eq!(l.outcome(), Explained::recompute(&l));
        *stages.entry(l.stage.name_en()).or_insert(0) += 1;
    }
    // A year after their first purchase most CDNOW customers have gone quiet: decline dominates.
    assert!(stages["decline"] > stages.get("stability").copied().unwrap_or(0), "{stages:?}");
}
