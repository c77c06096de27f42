//! The desktop shell: thin `#[tauri::command]` wrappers over quorum-core. The app is built
//! from a `Builder<R: Runtime>` so tests run it on Tauri's mock runtime.

mod activity;
mod commands;
mod error;
mod state;

use tauri::{Builder, Runtime};

pub use error::CommandError;
pub use state::AppState;

/// Adds the app's state and commands to `builder`: `Builder::default()` in the app,
/// `tauri::test::mock_builder()` in tests.
pub fn configure<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::store_create,
        commands::store_unlock,
        commands::store_lock,
        commands::store_open,
        commands::store_restore,
        commands::store_open_demo,
        commands::reviews_list,
        commands::review_create,
        commands::review_get,
        commands::review_transition,
        commands::review_check,
        commands::review_invite,
        commands::review_attend,
        commands::review_input_set,
        commands::settings_get,
        commands::retention_set,
        commands::store_verify,
        commands::store_backup,
        commands::people_list,
        commands::person_add,
        commands::person_update,
        commands::action_add,
        commands::actions_list,
        commands::dashboard,
        commands::files::export_path_suggest,
        commands::files::file_open,
        commands::settings::organisation_get,
        commands::settings::organisation_set,
        commands::settings::holidays_list,
        commands::settings::holidays_import,
        commands::settings::store_change_key,
        commands::objectives::objectives_list,
        commands::objectives::objective_add,
        commands::objectives::objective_update,
        commands::objectives::objective_result_set,
        commands::objectives::objective_results,
    ])
}

pub fn run() {
    configure(Builder::default(), AppState::from_environment())
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Quorum");
}
