//! The customer record is dynamic (客户管理是动态的): every change is kept with its time. A
//! [`Revision`] is an append-only fact, so history from several branches merges as a union.

use super::record::FieldChange;
use super::{Id, Kind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    #[default]
    Created,
    Edited,
    Archived,
    Restored,
    Deleted,
}

/// One change to one record: what, who (in the fact envelope), when (its stamp), which fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub kind: Kind,
    pub entity: Id,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}
