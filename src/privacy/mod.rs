//! Privacy and access on shared devices (issue 9, DOMAIN.md §13): who is working (a staff
//! member, with an optional personal PIN kept only as a salted hash), and the lock that closes
//! the app after a time without use. Pure: salts, "now" and the PIN typed are passed in.

pub mod edits;
pub mod pin;
pub mod session;

pub use pin::{hash_pin, validate_pin, verify_pin};
pub use session::{Session, UnlockError};

#[cfg(test)]
mod tests {
    #[test]
    fn the_module_is_pure() {
        crate::purity::assert_module_is_pure("privacy", 4);
    }
}
