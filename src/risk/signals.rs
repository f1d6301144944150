//! The scoring engine's outputs that the risk rules read, by customer id: the ABC class, the
//! churn signal's rhythm (median interval and multiple) and P(alive). Taken from a scoring
//! run's [`Scores`] as they are — the warnings never refit a model, so recomputing them for
//! 100,000 customers costs a pass over the data, not an optimisation.

use crate::analytics::abc::AbcClass;
use crate::analytics::Scores;
use crate::model::{Id, IdMap};
use crate::scoring::Indexing;
use crate::workspace::summary::{class_of_code, CustomerTable};

/// What the engine said about one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Signal {
    pub abc: Option<AbcClass>,
    /// Median days between consecutive purchase days (needs two purchase days).
    pub median_interval_days: Option<f64>,
    /// The multiple of the median the engine's churn signal fires at (3 by default).
    pub churn_multiple: f64,
    /// Whether the churn signal fired as of the scoring run's day.
    pub churn_fired: bool,
    /// P(alive) from BG/NBD; `None` when the model could not be fitted.
    pub p_alive: Option<f64>,
    /// Net sales in the scoring run's period, fen (for the top-share key-account rule).
    pub net_sales: i64,
}

/// The engine's outputs for every customer it scored.
#[derive(Clone, Debug, Default)]
pub struct Signals {
    pub by_customer: IdMap<Signal>,
    /// The engine's churn multiple, for customers it did not score.
    pub churn_multiple: f64,
}

impl Signals {
    /// Reads a scoring run (customer `i` of the scores is `ix.customers[i]`).
    pub fn from_scores(scores: &Scores, ix: &Indexing) -> Signals {
        let multiple = scores.settings.lifecycle.churn_interval_multiple;
        let by_customer = scores
            .customers
            .iter()
            .zip(&ix.customers)
            .filter(|(c, _)| c.in_scope)
            .map(|(c, id)| {
                let signal = Signal {
                    abc: c.abc.map(|a| a.class),
                    median_interval_days: c.churn.map(|s| s.median_interval_days),
                    churn_multiple: c.churn.map_or(multiple, |s| s.multiple),
                    churn_fired: c.churn.is_some_and(|s| s.fired),
                    p_alive: c.bgnbd.map(|b| b.p_alive),
                    net_sales: c.net_sales,
                };
                (*id, signal)
            })
            .collect();
        Signals { by_customer, churn_multiple: multiple }
    }

    /// Reads the scoring worker's table (what the page holds of a scoring run): the same
    /// outputs as [`Signals::from_scores`], with P(alive) and the interval as the table's f32.
    pub fn from_table(t: &CustomerTable) -> Signals {
        let num = |v: Option<&f32>| v.copied().filter(|x| x.is_finite()).map(f64::from);
        let by_customer = (0..t.len())
            .filter(|&i| t.in_scope[i])
            .map(|i| {
                let signal = Signal {
                    abc: t.abc.get(i).copied().and_then(class_of_code),
                    median_interval_days: num(t.median_interval.get(i)),
                    churn_multiple: t.churn_multiple,
                    churn_fired: t.churn.get(i).copied().unwrap_or(false),
                    p_alive: num(t.p_alive.get(i)),
                    net_sales: t.net_sales.get(i).copied().unwrap_or(0),
                };
                (t.ids[i], signal)
            })
            .collect();
        Signals { by_customer, churn_multiple: t.churn_multiple }
    }

    pub fn get(&self, id: &Id) -> Signal {
        self.by_customer.get(id).copied().unwrap_or(Signal { churn_multiple: self.churn_multiple, ..Signal::default() })
    }

    pub fn class(&self, id: &Id) -> Option<AbcClass> {
        self.by_customer.get(id).and_then(|s| s.abc)
    }
}
