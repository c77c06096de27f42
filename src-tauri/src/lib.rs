//! The desktop shell: thin `#[tauri::command]` wrappers over quorum-core. The app is built
//! from a `Builder<R: Runtime>` so tests run it on Tauri's mock runtime.

mod activity;
mod clock;
mod commands;
mod error;
mod handoff;
mod identifier;
mod reminders;
mod state;
mod trace;

use tauri::{Builder, Runtime};

pub use commands::files::{FilePicker, FilePurpose};
pub use clock::start_at as start_clock_at;
pub use error::CommandError;
pub use state::AppState;

/// Adds the app's state, commands and the plugins they call (the system's dialogs, opening
/// files) to `builder`: `Builder::default()` in the app, `tauri::test::mock_builder()` in
/// tests. The window is granted none of the plugins' own commands: it reaches them only
/// through Quorum's commands.
pub fn configure<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.plugin(tauri_plugin_dialog::init()).plugin(tauri_plugin_opener::init()).manage(state).invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::store_create,
        commands::store_unlock,
        commands::store_lock,
        commands::store_salvage,
        commands::store_open,
        commands::store_restore,
        commands::store_open_demo,
        commands::reviews_list,
        commands::review_create,
        commands::review_get,
        commands::review_transition,
        commands::review_move,
        commands::review_check,
        commands::review_invite,
        commands::review_attend,
        commands::review_distribute,
        commands::review_minutes_email,
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
        commands::actions_page,
        commands::actions_choices,
        commands::actions_like,
        commands::dashboard,
        commands::files::export_path_suggest,
        commands::files::file_open,
        commands::files::file_choose_save,
        commands::files::file_choose_open,
        commands::files::file_show_in_folder,
        reminders::reminders,
        reminders::reminder_settings,
        reminders::reminder_settings_set,
        commands::inputs::review_kpi_set,
        commands::inputs::review_kpi_remove,
        commands::inputs::evidence_add,
        commands::inputs::evidence_add_path,
        commands::inputs::evidence_save,
        commands::calendar::calendar_year,
        commands::calendar::calendar_plan,
        commands::calendar::calendar_export_ics,
        commands::calendar::calendar_export_planner,
        commands::calendar::review_invitation,
        commands::calendar::review_was_invited,
        commands::calendar::review_cancel,
        commands::register::action_get,
        commands::register::escalation_path,
        commands::register::escalation_path_set,
        commands::register::actions_bulk_status,
        commands::register::action_verify,
        commands::register::action_escalate,
        commands::register::action_revise_date,
        commands::register::action_note,
        commands::register::actions_export,
        commands::workspace::review_agenda_add,
        commands::workspace::review_agenda_edit,
        commands::workspace::review_agenda_move,
        commands::workspace::review_agenda_remove,
        commands::workspace::review_agenda_notes,
        commands::workspace::review_decision_add,
        commands::workspace::review_decision_none,
        commands::workspace::review_conclude,
        commands::workspace::review_period_set,
        commands::workspace::review_decision_remove,
        commands::workspace::review_document_set,
        commands::workspace::review_approve,
        commands::workspace::review_revise,
        commands::workspace::export_minutes,
        commands::workspace::export_pack,
        commands::workspace::identity_get,
        commands::workspace::identity_settings_get,
        commands::workspace::identity_settings_set,
        commands::workspace::identity_warning,
        commands::workspace::pdf_timestamp,
        commands::workspace::identity_create,
        commands::workspace::identity_import,
        commands::settings::organisation_get,
        commands::settings::board_list,
        commands::settings::board_set,
        commands::settings::board_remove,
        commands::settings::board_apply,
        commands::settings::organisation_set,
        commands::settings::holidays_list,
        commands::settings::holidays_import,
        commands::settings::store_change_key,
        commands::settings::store_export_json,
        commands::objectives::objectives_list,
        commands::objectives::objective_add,
        commands::objectives::objective_update,
        commands::objectives::objective_result_set,
        commands::objectives::objective_results,
        commands::registers::registers_overview,
        commands::registers::registers_preview,
        commands::registers::registers_import,
        commands::registers::registers_list,
        commands::registers::registers_snapshots,
        commands::registers::registers_changes,
        commands::registers::registers_template,
        commands::registers::registers_appetite_set,
        commands::backups::backups_list,
        commands::backups::backups_daily,
        commands::backups::backups_policy_set,
        commands::backups::backups_restore,
    ])
}

/// WebKitGTK composites the page on the GPU when it can (in software where there is none):
/// for a window of forms and tables that buys nothing, and it costs the web process about
/// 90 MiB at idle (202 against 114 MiB, measured with tests/bench/start.sh; issue 17's target
/// is 250 MiB for all the app's processes). Set before any thread starts, so the web process
/// WebKit spawns inherits it; a value the user set is kept.
fn without_gpu_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

pub fn run() {
    trace::mark("main");
    without_gpu_compositing();
    if let Err(error) = clock::init() {
        eprintln!("quorum-app: {error}");
        std::process::exit(2);
    }
    let builder = Builder::default()
        // First: a second launch hands its arguments to the running instance and exits here,
        // in this plugin's setup, before anything below has started.
        .plugin(tauri_plugin_single_instance::init(handoff::second_launch))
        // Then, in the one running instance only: the earlier identifier's folders moved (before
        // window-state reads its file there), and the store's opening started.
        .plugin(
            tauri::plugin::Builder::<_, ()>::new("quorum-start")
                .setup(|app, _| {
                    use tauri::Manager;
                    identifier::move_earlier_folders(&app.config().identifier);
                    app.state::<AppState>().start_opening();
                    Ok(())
                })
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            trace::mark("window-created");
            reminders::start_daily_notifications(app.handle().clone());
            Ok(())
        });
    configure(builder, AppState::from_environment())
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                trace::mark("page-loaded");
            }
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Quorum");
}
