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
    "organisation_get",
    "organisation_set",
    "holidays_list",
    "holidays_import",
    "store_change_key",
    "objectives_list",
    "objective_add",
    "objective_update",
    "objective_result_set",
    "objective_results",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}
