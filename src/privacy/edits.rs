//! The batch that sets, changes or removes a staff member's PIN. Changing or removing a PIN
//! that exists needs that PIN: otherwise a colleague could reset it and then work in their name.

use super::pin::{hash_pin, validate_pin, verify_pin};
use crate::edits::{edit_staff, Origin};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Dataset, Id, Record, Staff};

/// `new_pin` `None` removes the PIN. `salt` is fresh randomness for the hash.
pub fn set_pin(
    current: &Record<Staff>,
    old_pin: &str,
    new_pin: Option<&str>,
    salt: [u8; 16],
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !current.data.pin_hash.is_empty() && !verify_pin(old_pin, &current.data.pin_hash) {
        errors.push(FieldError { field: "old_pin", problem: Invalid::WrongPin });
    }
    if let Some(pin) = new_pin {
        if let Err(problem) = validate_pin(pin) {
            errors.push(FieldError { field: "new_pin", problem });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let pin_hash = new_pin.map(|p| hash_pin(p, salt)).unwrap_or_default();
    Ok(edit_staff(current, &Staff { pin_hash, ..current.data.clone() }, rev_id, o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId};

    fn id(n: u8) -> Id {
        Id::v7(n as u64, [n; 10])
    }
    fn o(ms: u64) -> Origin {
        Origin { branch: id(9), stamp: Hlc(ms, 0, NodeId::new(1, 0)), by: Some(id(1)) }
    }

    #[test]
    fn a_pin_is_set_changed_with_the_old_one_and_removed() {
        let mut staff = Record::new(
            id(1),
            id(9),
            Hlc(1, 0, NodeId::new(1, 0)),
            None,
            Staff { name: "王芳".into(), ..Staff::default() },
        );
        let batch = set_pin(&staff, "", Some("1357"), [1; 16], id(20), o(10)).unwrap().unwrap();
        staff.merge(batch.staff.get(&id(1)).unwrap());
        assert!(verify_pin("1357", &staff.data.pin_hash));
        assert_eq!(batch.revisions.all().len(), 1, "the change is in the history");

        // Changing it needs the old one.
        let wrong = set_pin(&staff, "0000", Some("2468"), [2; 16], id(21), o(11)).unwrap_err();
        assert_eq!(wrong.iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>(), [("old_pin", Invalid::WrongPin)]);
        let bad = set_pin(&staff, "1357", Some("12"), [2; 16], id(21), o(11)).unwrap_err();
        assert_eq!(bad.iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>(), [("new_pin", Invalid::Pin)]);
        let batch = set_pin(&staff, "1357", Some("2468"), [2; 16], id(21), o(12)).unwrap().unwrap();
        staff.merge(batch.staff.get(&id(1)).unwrap());
        assert!(verify_pin("2468", &staff.data.pin_hash) && !verify_pin("1357", &staff.data.pin_hash));

        // Removing it too.
        assert!(set_pin(&staff, "", None, [0; 16], id(22), o(13)).is_err());
        let batch = set_pin(&staff, "2468", None, [0; 16], id(22), o(14)).unwrap().unwrap();
        staff.merge(batch.staff.get(&id(1)).unwrap());
        assert!(staff.data.pin_hash.is_empty());
    }
}
