//! One running instance: a second launch (say, a store file opened from the file manager
//! while Quorum runs) does not start a second app on the same store. The single-instance
//! plugin hands its arguments to this instance, which brings its window forward and passes
//! the file on to the window (`file-handoff`), which opens it.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event the window receives with the path of a file a second launch was asked to open.
pub const FILE_HANDOFF: &str = "file-handoff";

/// The first argument after the program that names an existing file, relative paths read
/// from the second launch's working folder.
pub fn file_argument(args: &[String], cwd: &Path) -> Option<PathBuf> {
    args.iter().skip(1).filter(|a| !a.starts_with('-')).map(|a| cwd.join(a)).find(|p| p.is_file())
}

/// Brings the main window forward: shown, restored from the taskbar, focused.
pub fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// What the single-instance plugin calls in the running app when a second launch starts.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, args: Vec<String>, cwd: String) {
    bring_forward(app);
    if let Some(path) = file_argument(&args, Path::new(&cwd)) {
        let _ = app.emit_to("main", FILE_HANDOFF, path.display().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_argument_is_the_first_existing_file_after_the_program() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("quorum.db"), b"x").unwrap();
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(file_argument(&args(&["quorum-app", "quorum.db"]), dir.path()), Some(dir.path().join("quorum.db")));
        let absolute = dir.path().join("quorum.db").display().to_string();
        assert_eq!(file_argument(&args(&["quorum-app", "--flag", &absolute]), Path::new("/")), Some(dir.path().join("quorum.db")));
        assert_eq!(file_argument(&args(&["quorum-app", "missing.db"]), dir.path()), None);
        assert_eq!(file_argument(&args(&["quorum-app"]), dir.path()), None, "the program itself is not a file to open");
    }
}
