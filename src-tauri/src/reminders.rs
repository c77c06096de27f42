//! Reminders outside the window: core's `reminders::due` as one OS notification when the app
//! starts and once a day while it runs, filtered by this computer's choices (which kinds, and
//! quiet hours in local time). The choices are a preference of the computer, like the idle
//! lock, kept in `reminders.json` in the app's config folder; the dashboard lists the same
//! reminders and edits the choices.
//!
//! Clicking a desktop notification cannot be reported back to the app by the notification
//! plugin on Linux, macOS or Windows; the notification names the place and the dashboard's
//! card links to it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveTime};
use quorum_core::reminders::{Reminder, ReminderKind};
use serde::{Deserialize, Serialize};

use crate::{AppState, CommandError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReminderSettings {
    /// Whether reminders become OS notifications at all (the dashboard always lists them).
    pub notify: bool,
    /// The kinds announced; the others are neither notified nor listed.
    #[cfg_attr(test, ts(type = "Array<import(\"./ReminderKind\").ReminderKind>"))]
    pub kinds: Vec<ReminderKind>,
    /// No notification from this local time ("22:00:00")...
    #[cfg_attr(test, ts(type = "string | null"))]
    pub quiet_from: Option<NaiveTime>,
    /// ...until this one ("07:30:00"); it may be on the next day.
    #[cfg_attr(test, ts(type = "string | null"))]
    pub quiet_until: Option<NaiveTime>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { notify: true, kinds: ReminderKind::ALL.to_vec(), quiet_from: None, quiet_until: None }
    }
}

impl ReminderSettings {
    /// Whether `time` falls in the quiet hours (which may run past midnight).
    pub fn is_quiet(&self, time: NaiveTime) -> bool {
        match (self.quiet_from, self.quiet_until) {
            (Some(from), Some(until)) if from <= until => from <= time && time < until,
            (Some(from), Some(until)) => time >= from || time < until,
            _ => false,
        }
    }

    /// The reminders of the kinds chosen.
    pub fn filter(&self, reminders: Vec<Reminder>) -> Vec<Reminder> {
        reminders.into_iter().filter(|r| self.kinds.contains(&r.kind)).collect()
    }

    fn read(path: &Path) -> ReminderSettings {
        std::fs::read_to_string(path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
    }

    fn write(&self, path: &Path) -> Result<(), CommandError> {
        crate::commands::files::ensure_parent(path)?;
        let text = serde_json::to_string_pretty(self).expect("settings serialise");
        quorum_core::export::write_replacing(path, |tmp| std::fs::write(tmp, &text).map_err(|source| quorum_core::Error::Io { path: tmp.to_owned(), source }))?;
        Ok(())
    }
}

/// One notification for the day's reminders: a count in the title, the first few in the body.
pub fn notification(reminders: &[Reminder]) -> Option<(String, String)> {
    reminders.first()?;
    let title = match reminders.len() {
        1 => "Quorum: 1 reminder".to_owned(),
        n => format!("Quorum: {n} reminders"),
    };
    let mut lines: Vec<String> = reminders.iter().take(4).map(|r| r.title.clone()).collect();
    if reminders.len() > 4 {
        lines.push(format!("and {} more on the dashboard", reminders.len() - 4));
    }
    Some((title, lines.join("\n")))
}

/// Whether to notify now: the store open, notifications on, outside quiet hours, and not yet
/// today (`last` is the local day notified last).
pub fn should_notify(settings: &ReminderSettings, local: DateTime<Local>, last: Option<NaiveDate>) -> bool {
    settings.notify && !settings.is_quiet(local.time()) && last != Some(local.date_naive())
}

fn settings_path<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Result<PathBuf, CommandError> {
    use tauri::Manager;
    app.path().app_config_dir().map(|dir| dir.join("reminders.json")).map_err(|e| CommandError::new("io", format!("This system has no folder for the app's settings ({e}).")))
}

/// The reminders as of now, of the kinds chosen on this computer.
#[tauri::command]
pub fn reminders<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: tauri::State<'_, AppState>) -> Result<Vec<Reminder>, CommandError> {
    let settings = settings_path(&app).map(|p| ReminderSettings::read(&p)).unwrap_or_default();
    let due = crate::commands::with_store(&state, |store| quorum_core::reminders::due(store.conn(), crate::clock::now()))?;
    Ok(settings.filter(due))
}

#[tauri::command]
pub fn reminder_settings<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<ReminderSettings, CommandError> {
    Ok(ReminderSettings::read(&settings_path(&app)?))
}

#[tauri::command]
pub fn reminder_settings_set<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ReminderSettings) -> Result<ReminderSettings, CommandError> {
    if request.quiet_from.is_some() != request.quiet_until.is_some() {
        return Err(CommandError::new("invalid", "Quiet hours need both a start and an end, e.g. 22:00 to 07:30."));
    }
    request.write(&settings_path(&app)?)?;
    Ok(request)
}

/// Checks every few minutes, and notifies at the first check of each local day that is out
/// of quiet hours with the store open and something to say. The first check waits until the
/// window has shown the dashboard, so it does not compete with the start.
pub fn start_daily_notifications<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        use tauri::Manager;
        use tauri_plugin_notification::NotificationExt;
        let mut last: Option<NaiveDate> = None;
        std::thread::sleep(Duration::from_secs(10));
        loop {
            let settings = settings_path(&app).map(|p| ReminderSettings::read(&p)).unwrap_or_default();
            let local = crate::clock::now().with_timezone(&Local);
            if should_notify(&settings, local, last) {
                let state = app.state::<AppState>();
                let due = crate::commands::with_store(&state, |store| quorum_core::reminders::due(store.conn(), crate::clock::now()));
                // A locked store tells nothing yet: try again at the next check.
                if let Ok(due) = due {
                    last = Some(local.date_naive());
                    if let Some((title, body)) = notification(&settings.filter(due)) {
                        let _ = app.notification().builder().title(title).body(body).show();
                    }
                }
            }
            std::thread::sleep(Duration::from_secs(300));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use quorum_core::reminders::Place;

    fn time(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn reminder(kind: ReminderKind, title: &str) -> Reminder {
        Reminder { kind, title: title.into(), detail: String::new(), due_on: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), place: Place::Identity }
    }

    #[test]
    fn quiet_hours_may_run_past_midnight() {
        let night = ReminderSettings { quiet_from: Some(time("22:00")), quiet_until: Some(time("07:30")), ..Default::default() };
        assert!(night.is_quiet(time("23:15")));
        assert!(night.is_quiet(time("03:00")));
        assert!(!night.is_quiet(time("07:30")));
        assert!(!night.is_quiet(time("12:00")));
        let lunch = ReminderSettings { quiet_from: Some(time("12:00")), quiet_until: Some(time("13:00")), ..Default::default() };
        assert!(lunch.is_quiet(time("12:30")));
        assert!(!lunch.is_quiet(time("13:00")));
        assert!(!ReminderSettings::default().is_quiet(time("03:00")));
    }

    #[test]
    fn once_a_day_outside_quiet_hours_and_only_when_notifications_are_on() {
        let settings = ReminderSettings { quiet_from: Some(time("22:00")), quiet_until: Some(time("07:00")), ..Default::default() };
        let at = |h: u32| Local.with_ymd_and_hms(2027, 3, 1, h, 0, 0).unwrap();
        let today = at(9).date_naive();
        assert!(should_notify(&settings, at(9), None));
        assert!(!should_notify(&settings, at(23), None), "quiet hours");
        assert!(!should_notify(&settings, at(15), Some(today)), "already today");
        assert!(should_notify(&settings, at(9), today.pred_opt()), "a new day");
        assert!(!should_notify(&ReminderSettings { notify: false, ..settings }, at(9), None));
    }

    #[test]
    fn kinds_turned_off_are_left_out_and_one_notification_sums_up() {
        let all = vec![
            reminder(ReminderKind::ActionOverdue, "ACT-2027-001 is 2 days overdue"),
            reminder(ReminderKind::ActionDue, "ACT-2027-002 is due tomorrow"),
            reminder(ReminderKind::IdentityExpiring, "The signing identity expires in 10 days (2027-03-11)"),
        ];
        let settings = ReminderSettings { kinds: vec![ReminderKind::ActionOverdue, ReminderKind::IdentityExpiring], ..Default::default() };
        let chosen = settings.filter(all.clone());
        assert_eq!(chosen.iter().map(|r| r.kind).collect::<Vec<_>>(), vec![ReminderKind::ActionOverdue, ReminderKind::IdentityExpiring]);
        let (title, body) = notification(&chosen).unwrap();
        assert_eq!(title, "Quorum: 2 reminders");
        assert_eq!(body, "ACT-2027-001 is 2 days overdue\nThe signing identity expires in 10 days (2027-03-11)");
        assert_eq!(notification(&[]), None);
        let many: Vec<Reminder> = (1..=6).map(|n| reminder(ReminderKind::ActionDue, &format!("ACT-2027-00{n} is due today"))).collect();
        assert!(notification(&many).unwrap().1.ends_with("and 2 more on the dashboard"));
    }

    #[test]
    fn settings_round_trip_through_their_file_and_default_when_missing_or_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/reminders.json");
        assert_eq!(ReminderSettings::read(&path), ReminderSettings::default());
        let chosen = ReminderSettings { notify: false, kinds: vec![ReminderKind::Milestone], quiet_from: Some(time("21:00")), quiet_until: Some(time("08:00")) };
        chosen.write(&path).unwrap();
        assert_eq!(ReminderSettings::read(&path), chosen);
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(ReminderSettings::read(&path), ReminderSettings::default());
    }
}
