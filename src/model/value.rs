//! Customer delivered value (顾客让渡价值, DOMAIN.md §12): staff ratings of the components of
//! total customer value and total customer cost, per customer or per offering.

use super::Id;
use chrono::NaiveDate;

crate::entity_fields! {
    /// One assessment. Ratings are 0–10 per component.
    pub struct ValueAssessment {
        pub customer: Option<Id>,
        /// The offering assessed (ours or a competitor's), e.g. "我方 A 型" / "竞品 B".
        pub offering: String,
        pub date: Option<NaiveDate>,
        pub product_value: u8,
        pub service_value: u8,
        pub personnel_value: u8,
        pub image_value: u8,
        pub money_cost: u8,
        pub time_cost: u8,
        pub energy_cost: u8,
        pub effort_cost: u8,
        pub note: String,
    }
}

impl ValueAssessment {
    pub fn total_value(&self) -> u32 {
        [self.product_value, self.service_value, self.personnel_value, self.image_value]
            .iter()
            .map(|&x| u32::from(x))
            .sum()
    }
    pub fn total_cost(&self) -> u32 {
        [self.money_cost, self.time_cost, self.energy_cost, self.effort_cost].iter().map(|&x| u32::from(x)).sum()
    }
    /// Delivered value = total value − total cost.
    pub fn delivered_value(&self) -> i64 {
        i64::from(self.total_value()) - i64::from(self.total_cost())
    }
}

crate::entity_fields! {
    /// A user-defined segment: rules over fields and scores, as JSON text the analysis layer reads.
    pub struct SavedSegment {
        pub name: String,
        pub rules: String,
    }
}
