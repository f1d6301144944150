//! The scoring engine (RFM, ABC, product mix, lifecycle, BG/NBD, Gamma-Gamma, CLV).
pub mod abc;
pub mod bgnbd;
pub mod calendar;
pub mod gamma_gamma;
pub mod input;
mod optimize;
pub mod rfm;
pub mod settings;
pub mod special;
pub mod summary;

pub use optimize::FitError;
