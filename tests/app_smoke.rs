//! The app on Tauri's mock runtime: the real configuration and capabilities, command
//! handlers, state and error mapping, driven through the IPC layer the window uses,
//! without a webview.

use std::sync::Arc;

use quorum_app_lib::AppState;
use quorum_core::keychain::MemoryKeychain;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: window.url().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().unwrap())
}

#[test]
fn create_lock_and_unlock_a_store_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quorum.db");
    let state = AppState::new(path.clone(), Arc::new(MemoryKeychain::default()));
    let app = quorum_app_lib::configure(mock_builder(), state).build(tauri::generate_context!("tauri.conf.json")).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();

    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["storeState"], "missing");
    assert_eq!(info["version"], quorum_core::version());

    let error = invoke(&window, "store_create", json!({"request": {"organisation": "Zoë Ltd", "leadName": "Ana", "timeZone": "Europe/London", "keyMode": "passphrase", "passphrase": "short"}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(!path.exists());

    let info = invoke(&window, "store_create", json!({"request": {"organisation": "Zoë Ltd", "leadName": "Ana", "leadEmail": "ana@example.com", "timeZone": "Europe/London", "keyMode": "passphrase", "passphrase": "correct horse battery staple"}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(info["organisation"], "Zoë Ltd");
    assert_eq!(info["keyMode"], "passphrase");

    assert_eq!(invoke(&window, "store_lock", json!({})).unwrap()["storeState"], "locked");
    let error = invoke(&window, "store_unlock", json!({"request": {"passphrase": "wrong passphrase"}})).unwrap_err();
    assert_eq!(error["kind"], "wrong_key");
    assert!(error["message"].as_str().unwrap().contains("wrong"));
    let info = invoke(&window, "store_unlock", json!({"request": {"passphrase": "correct horse battery staple"}})).unwrap();
    assert_eq!(info["storeState"], "open");

    let dashboard = invoke(&window, "dashboard", json!({})).unwrap();
    assert_eq!(dashboard["nextReview"], Value::Null);
    assert_eq!(dashboard["register"]["open"], 0);
    assert!(dashboard["recentActivity"].as_array().unwrap().len() >= 2, "creating the store was audited: {dashboard}");
    assert_eq!(invoke(&window, "reviews_list", json!({})).unwrap(), json!([]));
    assert_eq!(invoke(&window, "actions_list", json!({})).unwrap(), json!([]));

    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "dashboard", json!({})).unwrap_err()["kind"], "locked");
    invoke(&window, "store_unlock", json!({"request": {"passphrase": "correct horse battery staple"}})).unwrap();

    let error = invoke(&window, "store_open_demo", json!({})).unwrap_err();
    assert_eq!(error["kind"], "already_exists", "demo data never goes into an existing store");
}

#[test]
fn a_keychain_store_opens_at_start_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quorum.db");
    let keychain = Arc::new(MemoryKeychain::default());
    {
        let state = AppState::new(path.clone(), keychain.clone());
        let app = quorum_app_lib::configure(mock_builder(), state).build(tauri::generate_context!("tauri.conf.json")).unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let info = invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana", "timeZone": "UTC", "keyMode": "keychain"}})).unwrap();
        assert_eq!(info["keyMode"], "keychain");
        invoke(&window, "store_lock", json!({})).unwrap();
    }
    let state = AppState::new(path, keychain);
    state.try_open(None).unwrap();
    let app = quorum_app_lib::configure(mock_builder(), state).build(tauri::generate_context!("tauri.conf.json")).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    assert_eq!(invoke(&window, "app_info", json!({})).unwrap()["storeState"], "open");
}
