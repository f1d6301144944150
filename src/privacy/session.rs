//! Who is working on this device, and whether the app is locked. The staff member chosen is
//! remembered by the device (the UI keeps the id); one with a PIN must type it to start working,
//! to come back after the idle lock, and after a reload. Without a PIN anyone may pick the name:
//! the choice only says who made the changes.

use super::pin::verify_pin;
use crate::model::{Dataset, Id, Record, Staff};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// The staff member working, if one was chosen; every change records them.
    pub user: Option<Id>,
    /// The app is covered and waits for the user's PIN (or another user's).
    pub locked: bool,
    /// The last tap or key, in milliseconds since the epoch.
    pub last_activity_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnlockError {
    /// Not a current staff member (removed, archived, or from nowhere).
    UnknownStaff,
    /// This staff member has a PIN and it was not the one typed.
    WrongPin,
}

fn staff_of(data: &Dataset, id: Id) -> Option<&Record<Staff>> {
    data.staff.get(&id).filter(|s| !s.is_deleted() && !s.data.archived)
}

/// True when the staff member has a personal PIN.
pub fn has_pin(data: &Dataset, id: Id) -> bool {
    staff_of(data, id).is_some_and(|s| !s.data.pin_hash.is_empty())
}

impl Session {
    /// The session when the app opens: the remembered user if still on the staff list, locked
    /// when they have a PIN (a reload must not skip it).
    pub fn start(remembered: Option<Id>, data: &Dataset, now_ms: u64) -> Session {
        let user = remembered.filter(|id| staff_of(data, *id).is_some());
        Session { user, locked: user.is_some_and(|u| has_pin(data, u)), last_activity_ms: now_ms }
    }

    /// Working as `staff`: with their PIN when they have one. Also how a locked app opens, for
    /// the same user or another.
    pub fn sign_in(data: &Dataset, staff: Id, pin: &str, now_ms: u64) -> Result<Session, UnlockError> {
        let record = staff_of(data, staff).ok_or(UnlockError::UnknownStaff)?;
        if !record.data.pin_hash.is_empty() && !verify_pin(pin, &record.data.pin_hash) {
            return Err(UnlockError::WrongPin);
        }
        Ok(Session { user: Some(staff), locked: false, last_activity_ms: now_ms })
    }

    /// Only a user with a PIN can be locked out (anyone could open a lock without one).
    pub fn can_lock(&self, data: &Dataset) -> bool {
        self.user.is_some_and(|u| has_pin(data, u))
    }

    pub fn lock(self, data: &Dataset) -> Session {
        Session { locked: self.can_lock(data), ..self }
    }

    /// A tap or key: the idle time starts again.
    pub fn touch(self, now_ms: u64) -> Session {
        Session { last_activity_ms: now_ms.max(self.last_activity_ms), ..self }
    }

    /// True when the idle lock should close the app now (`idle_minutes` 0: never).
    pub fn idle_lock_due(&self, data: &Dataset, now_ms: u64, idle_minutes: u32) -> bool {
        !self.locked
            && idle_minutes > 0
            && self.can_lock(data)
            && now_ms.saturating_sub(self.last_activity_ms) >= u64::from(idle_minutes) * 60_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId};
    use crate::privacy::hash_pin;

    fn id(n: u8) -> Id {
        Id::v7(n as u64, [n; 10])
    }

    fn firm() -> Dataset {
        let mut data = Dataset::default();
        let at = Hlc(1, 0, NodeId::new(1, 0));
        let staff = |name: &str, pin: &str, archived: bool| Staff {
            name: name.into(),
            pin_hash: if pin.is_empty() { String::new() } else { hash_pin(pin, [3; 16]) },
            archived,
            ..Staff::default()
        };
        data.staff.merge(Record::new(id(1), id(9), at, None, staff("王芳", "1357", false)));
        data.staff.merge(Record::new(id(2), id(9), at, None, staff("李强", "", false)));
        data.staff.merge(Record::new(id(3), id(9), at, None, staff("赵敏", "2468", true)));
        data
    }

    #[test]
    fn a_user_with_a_pin_must_type_it() {
        let data = firm();
        assert_eq!(Session::sign_in(&data, id(1), "0000", 5), Err(UnlockError::WrongPin));
        assert_eq!(Session::sign_in(&data, id(1), "", 5), Err(UnlockError::WrongPin));
        let s = Session::sign_in(&data, id(1), "1357", 5).unwrap();
        assert_eq!(s, Session { user: Some(id(1)), locked: false, last_activity_ms: 5 });
        // Without a PIN the name is enough; archived or unknown staff cannot work.
        assert!(Session::sign_in(&data, id(2), "", 5).is_ok());
        assert_eq!(Session::sign_in(&data, id(3), "2468", 5), Err(UnlockError::UnknownStaff));
        assert_eq!(Session::sign_in(&data, id(7), "", 5), Err(UnlockError::UnknownStaff));
    }

    #[test]
    fn a_reload_locks_a_user_with_a_pin() {
        let data = firm();
        assert_eq!(
            Session::start(Some(id(1)), &data, 9),
            Session { user: Some(id(1)), locked: true, last_activity_ms: 9 }
        );
        assert!(!Session::start(Some(id(2)), &data, 9).locked);
        assert_eq!(Session::start(Some(id(3)), &data, 9).user, None, "archived since");
        assert_eq!(Session::start(None, &data, 9), Session { user: None, locked: false, last_activity_ms: 9 });
    }

    #[test]
    fn the_idle_lock_closes_after_its_minutes_and_only_with_a_pin() {
        let data = firm();
        let s = Session::sign_in(&data, id(1), "1357", 0).unwrap();
        assert!(!s.idle_lock_due(&data, 299_999, 5), "just under five minutes");
        assert!(s.idle_lock_due(&data, 300_000, 5), "five minutes");
        assert!(!s.idle_lock_due(&data, 10_000_000, 0), "0 minutes: never");
        assert!(!s.touch(200_000).idle_lock_due(&data, 300_000, 5), "a tap starts the time again");
        assert!(s.lock(&data).locked);
        assert!(!s.lock(&data).idle_lock_due(&data, 900_000, 5), "already locked");
        let no_pin = Session::sign_in(&data, id(2), "", 0).unwrap();
        assert!(!no_pin.idle_lock_due(&data, 10_000_000, 5));
        assert!(!no_pin.lock(&data).locked, "nothing to open it with");
    }
}
