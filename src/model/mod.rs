//! The data model: every entity of DOMAIN.md, the two shapes they take ([`Record`] and [`Fact`]),
//! their ids and clock stamps, exact money, validation, and the in-memory [`Dataset`].
//! Pure Rust: no I/O, no clock, no randomness.

pub mod customer;
pub mod dataset;
pub mod encoding;
pub mod history;
pub mod hlc;
pub mod ids;
pub mod money;
pub mod org;
pub mod record;
pub mod redirect;
pub mod risk;
pub mod sales;
pub mod service;
pub mod validate;
pub mod value;

pub use customer::{Contact, Customer, CustomerType};
pub use dataset::{AnyItem, Dataset, Item, Kind, MergeOutcome, Table, TableVisitor, TableVisitorMut};
pub use encoding::DecodeError;
pub use history::{Action, Revision};
pub use hlc::{Hlc, HlcClock, NodeId};
pub use ids::{Id, IdMap, IdSource, SeededIds};
pub use money::{Money, NumberError, Qty};
pub use org::{Branch, Department, FirmSettings, Staff};
pub use record::{Fact, FieldChange, Fields, Record, TagSet};
pub use redirect::{Erasure, Redirect, Redirects};
pub use sales::{Payment, Product, Sale};
