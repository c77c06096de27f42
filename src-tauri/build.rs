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
    "review_kpi_set",
    "review_kpi_remove",
    "evidence_add",
    "evidence_save",
    "calendar_year",
    "calendar_plan",
    "calendar_export_ics",
    "calendar_export_planner",
    "review_invitation",
    "review_was_invited",
    "review_cancel",
    "action_get",
    "escalation_path",
    "actions_bulk_status",
    "action_verify",
    "action_escalate",
    "action_revise_date",
    "action_note",
    "actions_export",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}
