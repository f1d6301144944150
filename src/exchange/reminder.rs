//! The backup reminder: how long ago the last export was, and whether to remind. The app keeps
//! the time of the last export (any bundle downloaded) and the setting; the clock is passed in.

use serde::{Deserialize, Serialize};

/// Days between reminders when the firm set nothing.
pub const DEFAULT_REMIND_AFTER_DAYS: u32 = 7;

/// What the app shows about backups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// Whole days since the last export; `None` when there never was one.
    pub days_since: Option<u64>,
    /// Remind now: never exported, or the last export is at least `remind_after_days` old.
    pub due: bool,
}

/// The backup status at `now_ms` for a last export at `last_export_ms`. `remind_after_days` 0
/// turns the reminder off. A last export "in the future" (a clock that was fast) counts as
/// today.
pub fn backup_status(last_export_ms: Option<u64>, now_ms: u64, remind_after_days: u32) -> BackupStatus {
    const DAY_MS: u64 = 24 * 3600 * 1000;
    let days_since = last_export_ms.map(|t| now_ms.saturating_sub(t) / DAY_MS);
    let due = remind_after_days > 0 && days_since.is_none_or(|d| d >= u64::from(remind_after_days));
    BackupStatus { days_since, due }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminds_when_never_exported_or_too_long_ago() {
        let day = 24 * 3600 * 1000;
        assert_eq!(backup_status(None, 10 * day, 7), BackupStatus { days_since: None, due: true });
        assert_eq!(backup_status(Some(day), 7 * day + 5, 7), BackupStatus { days_since: Some(6), due: false });
        assert_eq!(backup_status(Some(day), 8 * day, 7), BackupStatus { days_since: Some(7), due: true });
        assert_eq!(backup_status(Some(9 * day), day, 7), BackupStatus { days_since: Some(0), due: false });
        assert!(!backup_status(None, day, 0).due, "0 turns the reminder off");
    }
}
