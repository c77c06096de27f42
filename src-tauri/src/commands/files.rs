//! Where the window's exports go, and opening a written file in the user's own program
//! (a PDF reader, the mail program for an .eml). Every export screen suggests a path from
//! here; the user may type another. Quorum never overwrites a file, so a suggestion never
//! names one that exists.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::CommandError;

/// The folder exports are suggested in: `QUORUM_EXPORT_DIR` when set (tests, power users),
/// else `Quorum` in the user's documents folder, else beside the store.
pub fn exports_folder(store_path: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("QUORUM_EXPORT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    match quorum_core::store::documents_folder() {
        Some(documents) => documents.join("Quorum"),
        None => store_path.parent().map(|p| p.join("Quorum exports")).unwrap_or_else(|| PathBuf::from("Quorum exports")),
    }
}

/// `folder/file_name`, or `folder/stem (2).ext`, `(3)`… when that exists.
pub fn unused_path(folder: &Path, file_name: &str) -> PathBuf {
    let candidate = folder.join(file_name);
    if !candidate.exists() {
        return candidate;
    }
    let name = Path::new(file_name);
    let stem = name.file_stem().and_then(|s| s.to_str()).unwrap_or(file_name);
    let extension = name.extension().and_then(|e| e.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    (2..).map(|n| folder.join(format!("{stem} ({n}){extension}"))).find(|p| !p.exists()).expect("some number is free")
}

/// Creates the folder a file is about to be written to, with a message that names it.
pub fn ensure_parent(path: &Path) -> Result<(), CommandError> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent)
            .map_err(|e| CommandError::new("io", format!("Cannot create the folder {}: {e}. Choose a folder you can write to.", parent.display()))),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SuggestPath {
    /// The file name wanted, e.g. `MR-2026-05 minutes.pdf`.
    pub file_name: String,
}

/// A full path for an export in the exports folder that does not exist yet.
#[tauri::command]
pub fn export_path_suggest(state: tauri::State<'_, crate::AppState>, request: SuggestPath) -> Result<String, CommandError> {
    let file_name = request.file_name.replace(['/', '\\'], "-");
    Ok(unused_path(&exports_folder(&state.path()), file_name.trim()).display().to_string())
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct OpenFile {
    pub path: String,
}

/// Opens a file the window wrote in the program the system uses for its type. Only
/// existing files, and only the kinds Quorum writes: this is not a general launcher.
#[tauri::command]
pub fn file_open(request: OpenFile) -> Result<(), CommandError> {
    const OPENABLE: &[&str] = &["pdf", "ics", "eml", "csv", "xlsx", "json"];
    let path = PathBuf::from(request.path.trim());
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !OPENABLE.contains(&extension.as_str()) {
        return Err(CommandError::new("invalid", format!("Quorum opens only the files it writes (PDF, .ics, .eml, CSV, XLSX, JSON), not {}.", path.display())));
    }
    if !path.is_file() {
        return Err(CommandError::new("not_found", format!("There is no file at {}: it may have been moved or deleted.", path.display())));
    }
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(&path).spawn().map(|_| ()).map_err(|e| {
        CommandError::new("io", format!("Could not open {} with the system's program ({e}). Open it from your file manager.", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unused_path_never_names_an_existing_file() {
        let dir = std::env::temp_dir().join(format!("quorum-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(unused_path(&dir, "MR-2026-05 minutes.pdf"), dir.join("MR-2026-05 minutes.pdf"));
        std::fs::write(dir.join("MR-2026-05 minutes.pdf"), b"x").unwrap();
        assert_eq!(unused_path(&dir, "MR-2026-05 minutes.pdf"), dir.join("MR-2026-05 minutes (2).pdf"));
        std::fs::write(dir.join("MR-2026-05 minutes (2).pdf"), b"x").unwrap();
        assert_eq!(unused_path(&dir, "MR-2026-05 minutes.pdf"), dir.join("MR-2026-05 minutes (3).pdf"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_files_quorum_writes_are_opened() {
        let error = file_open(OpenFile { path: "/bin/sh".into() }).unwrap_err();
        assert_eq!(error.kind, "invalid");
        let error = file_open(OpenFile { path: "/nonexistent/minutes.pdf".into() }).unwrap_err();
        assert_eq!(error.kind, "not_found");
    }
}
