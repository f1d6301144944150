//! Personal secrets: a PIN of 4 to 12 digits or a passphrase of 8 to 128 characters, stored as
//! `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>` in `Staff::pin_hash` (so it travels with
//! branch exchange and works at every branch), never the secret itself. A PIN is short: the hash
//! keeps it from being read off a copied store at a glance, the lock screen is what keeps a
//! passer-by out; a passphrase is for those who want more.

use crate::exchange::canonical::{hex, unhex};
use crate::exchange::crypt::derive_key;
use crate::model::validate::Invalid;

/// PBKDF2 iterations: about a tenth of a second on a tablet, once per unlock.
pub const ITERATIONS: u32 = 100_000;
const PREFIX: &str = "pbkdf2-sha256";

/// Digits only: a PIN of 4–12 digits (ASCII or full-width, as an on-screen keyboard may give
/// them, spaces ignored). Anything else: a passphrase of 8–128 characters.
pub fn validate_pin(pin: &str) -> Result<(), Invalid> {
    let secret = normalise(pin);
    if secret.is_empty() {
        return Err(Invalid::Required);
    }
    let ok =
        if is_digits(&secret) { (4..=12).contains(&secret.len()) } else { (8..=128).contains(&secret.chars().count()) };
    if ok {
        Ok(())
    } else {
        Err(Invalid::Pin)
    }
}

fn is_digits(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// A PIN: full-width digits become ASCII ones and spaces are dropped. A passphrase: only the
/// spaces around it are dropped.
fn normalise(secret: &str) -> String {
    let digits: String = secret
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    if is_digits(&digits) {
        digits
    } else {
        secret.trim().to_string()
    }
}

/// The stored form of a (valid) PIN or passphrase with a fresh random `salt`.
pub fn hash_pin(pin: &str, salt: [u8; 16]) -> String {
    hash_with(&normalise(pin), &salt, ITERATIONS)
}

fn hash_with(pin: &str, salt: &[u8], iterations: u32) -> String {
    format!("{PREFIX}${iterations}${}${}", hex(salt), hex(&derive_key(pin, salt, iterations)))
}

/// True when `pin` (a PIN or passphrase) is the one `stored` was made from. A damaged or foreign value matches no PIN.
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
        assert_eq!(validate_pin("12a4"), Err(Invalid::Pin), "too short for a passphrase");
    }

    #[test]
    fn a_passphrase_is_eight_characters_or_more() {
        assert_eq!(validate_pin("春眠不觉晓处处"), Err(Invalid::Pin), "seven characters");
        assert_eq!(validate_pin("春眠不觉晓处处闻啼鸟"), Ok(()));
        assert_eq!(validate_pin("correct horse"), Ok(()));
        assert_eq!(validate_pin(&"x".repeat(129)), Err(Invalid::Pin));
        let stored = hash_pin(" correct horse ", [5; 16]);
        assert!(verify_pin("correct horse", &stored), "spaces around are dropped");
        assert!(!verify_pin("correcthorse", &stored), "spaces inside count");
        assert!(!verify_pin("Correct horse", &stored));
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
