//! What the app's command tests share: the app on Tauri's mock runtime over a real
//! temporary store, and calls through the same IPC layer the window uses.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::sync::Arc;

use quorum_app_lib::AppState;
use quorum_core::keychain::MemoryKeychain;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub use tauri::test::MockRuntime;
pub type Window = WebviewWindow<MockRuntime>;

/// The instant every command test runs at (the app's clock starts there), whatever the date.
pub const NOW: &str = "2026-11-23T09:00:00Z";

/// The app's real configuration, capabilities and commands over `state`, with its window.
pub fn app_with(state: AppState) -> (App<MockRuntime>, Window) {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(quorum_app_lib::start_clock_at(now), Some(now), "the app's clock starts at NOW in tests");
    let app = quorum_app_lib::configure(mock_builder(), state).build(tauri::generate_context!("tauri.conf.json")).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

/// The app on `dir/quorum.db` (no store there yet), keys in an in-memory keychain.
pub fn app_in(dir: &Path) -> (App<MockRuntime>, Window) {
    app_with(AppState::new(dir.join("quorum.db"), Arc::new(MemoryKeychain::default())))
}

fn call(window: &Window, command: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest { cmd: command.into(), callback: CallbackFn(0), error: CallbackFn(1), url: window.url().unwrap(), body, headers, invoke_key: INVOKE_KEY.to_string() },
    )
    .map(|response| response.deserialize::<Value>().unwrap())
}

/// A command with JSON arguments, as `invoke(command, args)` sends it.
pub fn invoke(window: &Window, command: &str, body: Value) -> Result<Value, Value> {
    call(window, command, InvokeBody::Json(body), Default::default())
}

/// A command whose argument is raw bytes, with headers (evidence uploads).
pub fn invoke_raw(window: &Window, command: &str, bytes: &[u8], headers: &[(&'static str, &str)]) -> Result<Value, Value> {
    let mut header_map = tauri::http::HeaderMap::new();
    for (name, value) in headers {
        header_map.insert(*name, value.parse().unwrap());
    }
    call(window, command, InvokeBody::Raw(bytes.to_vec()), header_map)
}
