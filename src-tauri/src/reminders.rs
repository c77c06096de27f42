//! Reminders outside the window: core's `reminders::due` as one OS notification when the app
//! starts and once a day while it runs, filtered by this computer's choices (which kinds, and
//! quiet hours in local time). The choices are a preference of the computer, like the idle
//! lock, kept in `reminders.json` in the app's config folder; the dashboard lists the same
//! reminders and edits the choices.
//!
//! Clicking the notification opens the place to act: the notification carries it (core's
//! `Place` when every reminder in it leads to the same place, else none: the dashboard's
//! reminders card), and the notification plugin reports the click (`tap`) to [`clicked`],
//! which brings the window forward and hands the place to the window (`reminder-open`).
//! On Linux and the BSDs the plugin offers the notification server the `default` action and
//! hears its `ActionInvoked` signal (tests/e2e/notify.mjs clicks through a notification
//! server of its own); on macOS the click reaches the plugin through the notification
//! centre; on Windows only while the toast is on screen, not once it has moved to the
//! Action Center (there the window stays where it is, and the dashboard's card links to
//! the same places).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveTime};
use quorum_core::reminders::{Place, Reminder, ReminderKind};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::ActionPerformed;

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

/// The event the window receives when a reminder notification is clicked: the place to open
/// (core's `Place`), or null for the dashboard's reminders card.
pub const REMINDER_OPEN: &str = "reminder-open";

/// The key of the notification's payload that holds where its click leads.
const PLACE: &str = "place";

/// One notification for the day's reminders.
#[derive(Debug, PartialEq)]
pub struct Notice {
    /// A count: "Quorum: 3 reminders".
    pub title: String,
    /// The first few reminders, one a line.
    pub body: String,
    /// Where a click leads: the place all the reminders share (a single reminder's own),
    /// otherwise none, which is the dashboard's reminders card.
    pub place: Option<Place>,
}

/// One notification for the day's reminders: a count in the title, the first few in the body.
pub fn notification(reminders: &[Reminder]) -> Option<Notice> {
    let first = reminders.first()?;
    let title = match reminders.len() {
        1 => "Quorum: 1 reminder".to_owned(),
        n => format!("Quorum: {n} reminders"),
    };
    let mut lines: Vec<String> = reminders.iter().take(4).map(|r| r.title.clone()).collect();
    if reminders.len() > 4 {
        lines.push(format!("and {} more on the dashboard", reminders.len() - 4));
    }
    let place = reminders.iter().all(|r| r.place == first.place).then(|| first.place.clone());
    Some(Notice { title, body: lines.join("\n"), place })
}

/// Where a click on a notification leads, from the payload it was shown with: a place, or
/// null for the dashboard's reminders card. `None` for anything but a click on the
/// notification itself.
pub fn clicked_place(performed: &ActionPerformed) -> Option<serde_json::Value> {
    (performed.action_id() == "tap").then(|| performed.notification().and_then(|n| n.extra().get(PLACE)).cloned().unwrap_or_default())
}

/// What the notification plugin calls when the user acts on a notification: a click brings
/// the window forward and opens the place to act there.
pub fn clicked<R: Runtime>(app: &AppHandle<R>, performed: &ActionPerformed) {
    if let Some(place) = clicked_place(performed) {
        crate::handoff::bring_forward(app);
        let _ = app.emit_to("main", REMINDER_OPEN, place);
    }
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
    use tauri_plugin_notification::NotificationExt;
    // Before the first notification: the plugin offers a click only while someone listens.
    let handle = app.clone();
    let _ = app.notification().on_action(move |performed| clicked(&handle, performed));
    std::thread::spawn(move || {
        use tauri::Manager;
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
                    if let Some(notice) = notification(&settings.filter(due)) {
                        let _ = app.notification().builder().title(notice.title).body(notice.body).extra(PLACE, notice.place).show();
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
        at(kind, title, Place::Identity)
    }

    fn at(kind: ReminderKind, title: &str, place: Place) -> Reminder {
        Reminder { kind, title: title.into(), detail: String::new(), due_on: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), place }
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
        let notice = notification(&chosen).unwrap();
        assert_eq!(notice.title, "Quorum: 2 reminders");
        assert_eq!(notice.body, "ACT-2027-001 is 2 days overdue\nThe signing identity expires in 10 days (2027-03-11)");
        assert_eq!(notification(&[]), None);
        let many: Vec<Reminder> = (1..=6).map(|n| reminder(ReminderKind::ActionDue, &format!("ACT-2027-00{n} is due today"))).collect();
        assert!(notification(&many).unwrap().body.ends_with("and 2 more on the dashboard"));
    }

    #[test]
    fn a_click_leads_to_the_one_place_of_the_reminders_or_else_to_the_dashboard() {
        let action = |n: u32| Place::Action { reference: format!("ACT-2027-00{n}") };
        let review = Place::Review { reference: "MR-2027-01".into() };
        let place = |reminders: &[Reminder]| notification(reminders).unwrap().place;
        assert_eq!(place(&[at(ReminderKind::ActionOverdue, "ACT-2027-001 is 2 days overdue", action(1))]), Some(action(1)));
        let milestones = [at(ReminderKind::Milestone, "Send the invitations for MR-2027-01 today", review.clone()), at(ReminderKind::Milestone, "Circulate the pack for MR-2027-01 in 5 days", review.clone())];
        assert_eq!(place(&milestones), Some(review.clone()), "two milestones of one review lead to that review");
        assert_eq!(place(&[at(ReminderKind::ActionDue, "ACT-2027-001 is due today", action(1)), at(ReminderKind::ActionDue, "ACT-2027-002 is due today", action(2))]), None);
        assert_eq!(place(&[milestones[0].clone(), reminder(ReminderKind::IdentityExpiring, "The signing identity expires in 10 days")]), None);
    }

    /// What the plugin reports for a click: the action, and the notification as it was shown
    /// (its payload under `extra`).
    fn performed(action: &str, extra: serde_json::Value) -> ActionPerformed {
        serde_json::from_value(serde_json::json!({
            "actionId": action,
            "inputValue": null,
            "notification": { "id": 7, "title": "Quorum: 1 reminder", "body": "ACT-2027-001 is 2 days overdue", "schedule": null, "extra": extra },
        }))
        .unwrap()
    }

    #[test]
    fn a_click_carries_the_place_the_notification_was_shown_with() {
        let place = serde_json::to_value(Some(Place::Action { reference: "ACT-2027-001".into() })).unwrap();
        assert_eq!(clicked_place(&performed("tap", serde_json::json!({ "place": place.clone() }))), Some(serde_json::json!({ "to": "action", "reference": "ACT-2027-001" })));
        let none = serde_json::to_value(None::<Place>).unwrap();
        assert_eq!(clicked_place(&performed("tap", serde_json::json!({ "place": none }))), Some(serde_json::Value::Null), "the dashboard's card");
        assert_eq!(clicked_place(&performed("tap", serde_json::json!({}))), Some(serde_json::Value::Null), "a notification reported without its payload still opens the card");
        assert_eq!(clicked_place(&performed("snooze", serde_json::json!({ "place": place }))), None, "only a click on the notification itself");
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
