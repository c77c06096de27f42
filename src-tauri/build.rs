/// Every command the window may call. Each gets an `allow-<name>` permission, and
/// `src-tauri/capabilities/default.json` grants exactly these to the main window.
const COMMANDS: &[&str] = &[
    "app_info",
    "store_create",
    "store_unlock",
    "store_lock",
    "store_open",
    "store_restore",
    "store_open_demo",
    "reviews_list",
    "review_create",
    "review_get",
    "review_transition",
    "review_check",
    "review_invite",
    "review_attend",
    "review_input_set",
    "settings_get",
    "retention_set",
    "store_verify",
    "store_backup",
    "people_list",
    "person_add",
    "person_update",
    "action_add",
    "actions_list",
    "dashboard",
    "export_path_suggest",
    "file_open",
    "review_agenda_add",
    "review_agenda_edit",
    "review_agenda_move",
    "review_agenda_remove",
    "review_agenda_notes",
    "review_decision_add",
    "review_decision_none",
    "review_decision_remove",
    "review_document_set",
    "review_approve",
    "review_revise",
    "export_minutes",
    "export_pack",
    "identity_get",
    "identity_create",
    "identity_import",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}
