//! Every score carries the numbers that produced it. This trait is the common face of those explanations:
//! `outcome()` is the score as computed by the engine, `recompute()` derives it again from the explanation's
//! own fields alone (no dataset, no other customer), so the UI can show "why" and a test can check that the
//! "why" is complete. Discrete outcomes agree exactly; floating-point ones to rounding (see [`agrees`]).

use super::abc::{AbcClass, AbcExplanation};
use super::bgnbd::BgNbdExplanation;
use super::clv::ClvExplanation;
use super::gamma_gamma::SpendExplanation;
use super::lifecycle::{ChurnSignal, LifecycleExplanation, LifecycleRule, LifecycleStage};
use super::product_mix::ProductRow;
use super::rfm::{RankScore, RfmScore, RfmSegment};

/// A score with its explanation.
pub trait Explained {
    /// What the score is.
    type Outcome: PartialEq + std::fmt::Debug;
    /// The score as the engine computed it.
    fn outcome(&self) -> Self::Outcome;
    /// The score derived again from the explanation's fields alone.
    fn recompute(&self) -> Self::Outcome;
}

/// Whether two floating-point outcomes agree to rounding (relative 1e-9, absolute 1e-12).
pub fn agrees(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 + 1e-9 * a.abs().max(b.abs())
}

impl Explained for RankScore {
    type Outcome = u8;
    fn outcome(&self) -> u8 {
        self.score
    }
    fn recompute(&self) -> u8 {
        RankScore::recompute(self)
    }
}

impl Explained for RfmScore {
    type Outcome = (u8, u8, u8, RfmSegment);
    fn outcome(&self) -> Self::Outcome {
        (self.r.score, self.f.score, self.m.score, self.segment)
    }
    fn recompute(&self) -> Self::Outcome {
        (self.r.recompute(), self.f.recompute(), self.m.recompute(), self.recompute_segment())
    }
}

impl Explained for AbcExplanation {
    type Outcome = AbcClass;
    fn outcome(&self) -> AbcClass {
        self.class
    }
    fn recompute(&self) -> AbcClass {
        AbcExplanation::recompute(self)
    }
}

impl Explained for ChurnSignal {
    type Outcome = bool;
    fn outcome(&self) -> bool {
        self.fired
    }
    fn recompute(&self) -> bool {
        ChurnSignal::recompute(self)
    }
}

impl Explained for LifecycleExplanation {
    type Outcome = (LifecycleStage, LifecycleRule);
    fn outcome(&self) -> Self::Outcome {
        (self.stage, self.rule)
    }
    fn recompute(&self) -> Self::Outcome {
        LifecycleExplanation::recompute(self)
    }
}

impl Explained for BgNbdExplanation {
    type Outcome = (f64, f64);
    fn outcome(&self) -> (f64, f64) {
        (self.p_alive, self.expected_purchases)
    }
    fn recompute(&self) -> (f64, f64) {
        BgNbdExplanation::recompute(self)
    }
}

impl Explained for SpendExplanation {
    type Outcome = f64;
    fn outcome(&self) -> f64 {
        self.expected_spend
    }
    fn recompute(&self) -> f64 {
        SpendExplanation::recompute(self)
    }
}

impl Explained for ClvExplanation {
    type Outcome = f64;
    fn outcome(&self) -> f64 {
        self.clv
    }
    fn recompute(&self) -> f64 {
        ClvExplanation::recompute(self)
    }
}

type RowOutcome = (Option<f64>, Option<f64>, Option<f64>);

impl Explained for ProductRow {
    type Outcome = RowOutcome;
    fn outcome(&self) -> RowOutcome {
        (self.margin_rate, self.cross_ratio, self.contribution_ratio)
    }
    fn recompute(&self) -> RowOutcome {
        ProductRow::recompute(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_is_relative() {
        assert!(agrees(1e6, 1e6 + 1e-4));
        assert!(!agrees(1.0, 1.0 + 1e-6));
        assert!(agrees(0.0, 1e-13));
    }
}
