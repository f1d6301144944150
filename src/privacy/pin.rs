//! Personal PINs: 4 to 12 digits, stored as `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`
//! in `Staff::pin_hash` (so it travels with branch exchange and works at every branch), never
//! the PIN itself. A PIN is short: the hash keeps it from being read off a copied store at a
//! glance, the lock screen is what keeps a passer-by out.

use crate::exchange::canonical::{hex, unhex};
use crate::exchange::crypt::derive_key;
use crate::model::validate::Invalid;

/// PBKDF2 iterations: about a tenth of a second on a tablet, once per unlock.
pub const ITERATIONS: u32 = 100_000;
const PREFIX: &str = "pbkdf2-sha256";

/// A PIN is 4–12 digits (ASCII or full-width, as an on-screen keyboard may give them).
pub fn validate_pin(pin: &str) -> Result<(), Invalid> {
    let digits = normalise(pin);
    if digits.is_empty() {
        return Err(Invalid::Required);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !(4..=12).contains(&digits.len()) {
        return Err(Invalid::Pin);
    }
    Ok(())
}

/// Full-width digits become ASCII ones; spaces are dropped.
fn normalise(pin: &str) -> String {
    pin.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

/// The stored form of a (valid) PIN with a fresh random `salt`.
pub fn hash_pin(pin: &str, salt: [u8; 16]) -> String {
    hash_with(&normalise(pin), &salt, ITERATIONS)
}

fn hash_with(pin: &str, salt: &[u8], iterations: u32) -> String {
    format!("{PREFIX}${iterations}${}${}", hex(salt), hex(&derive_key(pin, salt, iterations)))
}

/// True when `pin` is the one `stored` was made from. A damaged or foreign value matches no PIN.
pub fn verify_pin(pin: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [PREFIX, iterations, salt, _] = parts.as_slice() else { return false };
    let (Ok(iterations), Some(salt)) = (iterations.parse::<u32>(), unhex(salt)) else { return false };
    if !(1..=10_000_000).contains(&iterations) {
        return false;
    }
    let again = hash_with(&normalise(pin), &salt, iterations);
    // The same length by construction; compare every byte so the time says nothing.
    again.len() == stored.len() && again.bytes().zip(stored.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_four_to_twelve_digits() {
        assert_eq!(validate_pin("1234"), Ok(()));
        assert_eq!(validate_pin("１２３４５６"), Ok(()), "full-width digits from an on-screen keyboard");
        assert_eq!(validate_pin(" 12 34 "), Ok(()));
        assert_eq!(validate_pin(""), Err(Invalid::Required));
        assert_eq!(validate_pin("123"), Err(Invalid::Pin));
        assert_eq!(validate_pin("1234567890123"), Err(Invalid::Pin));
        assert_eq!(validate_pin("12a4"), Err(Invalid::Pin));
    }

    #[test]
    fn the_hash_verifies_its_pin_only() {
        let stored = hash_pin("2468", [7; 16]);
        assert!(stored.starts_with("pbkdf2-sha256$100000$07070707"), "{stored}");
        assert!(!stored.contains("2468"));
        assert!(verify_pin("2468", &stored));
        assert!(verify_pin("２４６８", &stored));
        assert!(!verify_pin("2469", &stored));
        assert!(!verify_pin("", &stored));
        // Another salt, another hash.
        assert_ne!(hash_pin("2468", [8; 16]), stored);
    }

    #[test]
    fn the_stored_form_is_pbkdf2_hmac_sha256() {
        // RFC 7914 §11's PBKDF2-HMAC-SHA-256 vector ("passwd", "salt", 1 iteration), in this format.
        let stored = format!(
            "pbkdf2-sha256$1${}${}",
            hex(b"salt"),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
        assert!(verify_pin("passwd", &stored));
    }

    #[test]
    fn damaged_values_match_nothing() {
        for bad in ["", "1234", "pbkdf2-sha256$x$00$00", "md5$1$00$00", "pbkdf2-sha256$0$00$00", "pbkdf2-sha256$1$0$00"]
        {
            assert!(!verify_pin("1234", bad), "{bad}");
        }
    }
}
