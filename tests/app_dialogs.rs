//! The system's Save and Open dialogs through the app's commands on Tauri's mock runtime,
//! with a scripted user at the dialogs and a real store: the command receives the chosen
//! path, a cancelled dialog writes nothing, and a file is replaced only when the user chose
//! it in the Save dialog (which asked), once.

mod common;
use common::*;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use quorum_app_lib::{AppState, FilePicker, FilePurpose};
use quorum_core::keychain::MemoryKeychain;
use serde_json::{json, Value};

/// The user at the dialogs: answers in order (None = Cancel), and what each dialog was opened on.
#[derive(Default)]
struct ScriptedUser {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    asked: Mutex<Vec<String>>,
}

impl ScriptedUser {
    fn will(&self, answer: Option<&Path>) {
        self.answers.lock().unwrap().push_back(answer.map(Path::to_owned));
    }
}

impl FilePicker for ScriptedUser {
    fn save(&self, suggested: &Path) -> Option<PathBuf> {
        self.asked.lock().unwrap().push(format!("save {}", suggested.display()));
        self.answers.lock().unwrap().pop_front().expect("a scripted answer")
    }
    fn open(&self, folder: &Path, purpose: FilePurpose) -> Option<PathBuf> {
        self.asked.lock().unwrap().push(format!("open {purpose:?} in {}", folder.display()));
        self.answers.lock().unwrap().pop_front().expect("a scripted answer")
    }
}

fn app(dir: &tempfile::TempDir) -> (tauri::App<MockRuntime>, Window, Arc<ScriptedUser>) {
    let user = Arc::new(ScriptedUser::default());
    let mut state = AppState::new(dir.path().join("quorum.db"), Arc::new(MemoryKeychain::default()));
    state.file_picker = Some(user.clone() as Arc<dyn FilePicker>);
    let (app, window) = app_with(state);
    let request = json!({"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"});
    assert_eq!(invoke(&window, "store_create", json!({"request": request})).unwrap()["storeState"], "open");
    (app, window, user)
}

fn choose_save(window: &Window, suggested: &Path) -> Value {
    invoke(window, "file_choose_save", json!({"request": {"suggestedPath": suggested}})).unwrap()
}

fn export_ics(window: &Window, path: &Path) -> Result<Value, Value> {
    invoke(window, "calendar_export_ics", json!({"request": {"year": 2027, "path": path}}))
}

#[test]
fn the_save_dialog_opens_on_the_suggestion_and_the_export_writes_the_chosen_path() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, user) = app(&dir);
    let suggested = dir.path().join("Quorum/Management reviews 2027.ics");
    let chosen = dir.path().join("elsewhere/my calendar.ics");
    user.will(Some(&chosen));
    assert_eq!(choose_save(&window, &suggested), json!(chosen.display().to_string()));
    assert_eq!(*user.asked.lock().unwrap(), vec![format!("save {}", suggested.display())]);
    assert_eq!(export_ics(&window, &chosen).unwrap(), json!(chosen.display().to_string()));
    assert!(std::fs::read_to_string(&chosen).unwrap().contains("METHOD:PUBLISH"));
    assert!(!suggested.exists());
}

#[test]
fn a_cancelled_dialog_gives_no_path_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, user) = app(&dir);
    let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    user.will(None);
    assert_eq!(choose_save(&window, &dir.path().join("Quorum/Management reviews 2027.ics")), Value::Null);
    user.will(None);
    assert_eq!(invoke(&window, "file_choose_open", json!({"request": {"purpose": "holidays"}})).unwrap(), Value::Null);
    let after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before, after, "no file appeared");
    assert!(!dir.path().join("Quorum").exists());
}

#[test]
fn an_existing_file_is_replaced_only_when_chosen_in_the_save_dialog_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, user) = app(&dir);
    let target = dir.path().join("register.csv");
    std::fs::write(&target, "old content").unwrap();
    let export = |path: &Path| invoke(&window, "actions_export", json!({"request": {"path": path, "format": "csv", "references": []}}));

    // Typed, not chosen: refused, the file untouched.
    assert_eq!(export(&target).unwrap_err()["kind"], "already_exists");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old content");

    // Chosen in the Save dialog (the system asked before the user chose it): replaced.
    user.will(Some(&target));
    choose_save(&window, &dir.path().join("Action register.csv"));
    assert_eq!(export(&target).unwrap(), json!(target.display().to_string()));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("ID,Description,Source"), "the register's header replaced the old content: {written:?}");
    assert!(!written.contains("old content"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect();
    assert!(leftovers.is_empty(), "no temporary file left beside it: {leftovers:?}");

    // The confirmation was for that one export.
    assert_eq!(export(&target).unwrap_err()["kind"], "already_exists");

    // A PDF export through the same rule: the summary names the file itself.
    let planner = dir.path().join("planner.pdf");
    std::fs::write(&planner, "old").unwrap();
    user.will(Some(&planner));
    choose_save(&window, &planner);
    invoke(&window, "calendar_export_planner", json!({"request": {"year": 2027, "path": planner}})).unwrap();
    assert!(std::fs::read(&planner).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn the_open_dialog_starts_beside_the_store_for_stores_and_returns_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, user) = app(&dir);
    let backup = dir.path().join("backup.db");
    invoke(&window, "store_backup", json!({"request": {"path": backup}})).unwrap();
    user.will(Some(&backup));
    let chosen = invoke(&window, "file_choose_open", json!({"request": {"purpose": "store"}})).unwrap();
    assert_eq!(chosen, json!(backup.display().to_string()));
    assert_eq!(*user.asked.lock().unwrap(), vec![format!("open Store in {}", dir.path().display())]);
    assert!(invoke(&window, "file_choose_open", json!({"request": {"purpose": "spreadsheet"}})).is_err(), "only the listed purposes");
}

#[test]
fn reminders_of_the_open_store_reach_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window, _user) = app(&dir);
    assert_eq!(invoke(&window, "reminders", json!({})).unwrap(), json!([]));
    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "reminders", json!({})).unwrap_err()["kind"], "locked");
}
