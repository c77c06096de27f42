//! Where the window's exports go, the system's Save and Open dialogs, and opening a written
//! file in the user's own program (a PDF reader, the mail program for an .eml). Every export
//! screen suggests a path from here (a name that does not exist yet) and the system's Save
//! dialog opens on it. A file is replaced only when the user confirmed that in the system's
//! dialog: the chosen path is noted here, and the export that follows replaces it atomically
//! (core's `write_replacing` around the usual new-file write). Any other existing file is
//! refused.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{AppState, CommandError};

/// What a file dialog is for: it names the dialog's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum FilePurpose {
    /// A Quorum store (`.db`).
    Store,
    /// A backup made by Quorum (`.db`).
    Backup,
    /// A holidays file: an `.ics` calendar or `YYYY-MM-DD,Name` lines.
    Holidays,
    /// Any file, kept as evidence.
    Evidence,
    /// A register to import: a spreadsheet (`.xlsx`) or a CSV file.
    Register,
    /// A signed PDF to timestamp.
    SignedPdf,
}

impl FilePurpose {
    /// The filter's name and extensions; none for evidence (any file).
    fn filter(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            FilePurpose::Store => Some(("Quorum store", &["db"])),
            FilePurpose::Backup => Some(("Quorum backup", &["db"])),
            FilePurpose::Holidays => Some(("Holidays (.ics, .csv, .txt)", &["ics", "csv", "txt"])),
            FilePurpose::Evidence => None,
            FilePurpose::Register => Some(("Register (.xlsx, .csv)", &["xlsx", "csv"])),
            FilePurpose::SignedPdf => Some(("Signed PDF", &["pdf"])),
        }
    }
}

/// The system's Save and Open dialogs. The app uses Tauri's dialog plugin; the commands'
/// tests script the user's answer.
pub trait FilePicker: Send + Sync {
    /// The Save dialog, opened on `suggested` (its folder and name). The system asks before
    /// an existing file is chosen. None when the user cancels.
    fn save(&self, suggested: &Path) -> Option<PathBuf>;
    /// The Open dialog in `folder`. None when the user cancels.
    fn open(&self, folder: &Path, purpose: FilePurpose) -> Option<PathBuf>;
}

/// The dialog plugin's native dialogs, modal to the window.
struct NativeDialogs<R: tauri::Runtime>(tauri::WebviewWindow<R>);

impl<R: tauri::Runtime> NativeDialogs<R> {
    fn builder(&self) -> tauri_plugin_dialog::FileDialogBuilder<R> {
        use tauri_plugin_dialog::DialogExt;
        let dialog = self.0.dialog().file();
        // Modal to the window where the platform's dialogs take a parent (as Tauri's own
        // dialog commands do); GTK's file chooser opens on its own.
        #[cfg(any(windows, target_os = "macos"))]
        let dialog = dialog.set_parent(&self.0);
        dialog
    }
}

impl<R: tauri::Runtime> FilePicker for NativeDialogs<R> {
    fn save(&self, suggested: &Path) -> Option<PathBuf> {
        let mut dialog = self.builder();
        // The suggested folder, or the nearest one above it that exists (the exports folder
        // appears with the first export; GTK would otherwise fall back to the working folder).
        if let Some(folder) = suggested.parent().and_then(|p| p.ancestors().find(|a| a.is_dir())) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        if let Some(extension) = suggested.extension().and_then(|e| e.to_str()) {
            dialog = dialog.add_filter(extension.to_uppercase(), &[extension]);
        }
        dialog.blocking_save_file()?.into_path().ok()
    }

    fn open(&self, folder: &Path, purpose: FilePurpose) -> Option<PathBuf> {
        let mut dialog = self.builder().set_directory(folder);
        if let Some((name, extensions)) = purpose.filter() {
            dialog = dialog.add_filter(name, extensions);
        }
        dialog.blocking_pick_file()?.into_path().ok()
    }
}

/// The dialogs to use: the state's (tests) or the native ones.
fn picker<R: tauri::Runtime>(state: &AppState, window: tauri::WebviewWindow<R>) -> std::sync::Arc<dyn FilePicker> {
    match &state.file_picker {
        Some(picker) => picker.clone(),
        None => std::sync::Arc::new(NativeDialogs(window)),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ChooseSave {
    /// The path suggested (export_path_suggest): the dialog opens on its folder and name.
    pub suggested_path: String,
}

/// The system's Save dialog; the chosen path, or null when the user cancelled. Choosing an
/// existing file (which the system dialog confirms) allows the next export to replace it.
#[tauri::command]
pub async fn file_choose_save<R: tauri::Runtime>(window: tauri::WebviewWindow<R>, request: ChooseSave) -> Result<Option<String>, CommandError> {
    use tauri::Manager;
    let suggested = PathBuf::from(request.suggested_path.trim());
    let app = window.app_handle().clone();
    let picker = picker(&app.state::<AppState>(), window);
    let chosen = tauri::async_runtime::spawn_blocking(move || picker.save(&suggested)).await.map_err(background_failed)?;
    if let Some(path) = &chosen {
        if path.exists() {
            app.state::<AppState>().confirmed_replacements.lock().unwrap().insert(path.clone());
        }
    }
    Ok(chosen.map(|p| p.display().to_string()))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ChooseOpen {
    pub purpose: FilePurpose,
}

/// The system's Open dialog for a store, a backup, a holidays file or evidence; the chosen
/// path, or null when the user cancelled. It opens in the store's folder for stores and
/// backups, else in the exports folder.
#[tauri::command]
pub async fn file_choose_open<R: tauri::Runtime>(window: tauri::WebviewWindow<R>, request: ChooseOpen) -> Result<Option<String>, CommandError> {
    use tauri::Manager;
    let state = window.state::<AppState>();
    let store_path = state.path();
    let folder = match request.purpose {
        FilePurpose::Store | FilePurpose::Backup => store_path.parent().map(Path::to_owned).unwrap_or_default(),
        _ => exports_folder(&store_path),
    };
    let picker = picker(&state, window.clone());
    let chosen = tauri::async_runtime::spawn_blocking(move || picker.open(&folder, request.purpose)).await.map_err(background_failed)?;
    Ok(chosen.map(|p| p.display().to_string()))
}

fn background_failed(error: impl std::fmt::Display) -> CommandError {
    CommandError::new("internal", format!("The dialog failed: {error}. Try again."))
}

/// Where an export goes: a file that does not exist, or one the user confirmed replacing in
/// the system's Save dialog.
#[derive(Debug)]
pub struct Destination {
    pub path: PathBuf,
    replace: bool,
}

impl Destination {
    /// Checks `raw` before anything is written: not empty ("Choose where to save {what}."),
    /// and not an existing file unless the user confirmed replacing it (the confirmation is
    /// used up). Creates the folder.
    pub fn check(state: &AppState, raw: &str, what: &str) -> Result<Destination, CommandError> {
        let path = PathBuf::from(raw.trim());
        if path.as_os_str().is_empty() {
            return Err(CommandError::new("invalid", format!("Choose where to save {what}.")));
        }
        let replace = path.exists() && state.confirmed_replacements.lock().unwrap().remove(&path);
        if path.exists() && !replace {
            return Err(CommandError::new("already_exists", format!("{} already exists; Quorum never overwrites a file it was not told to replace. Choose another name, or choose the file in the Save dialog and confirm.", path.display())));
        }
        ensure_parent(&path)?;
        Ok(Destination { path, replace })
    }

    /// Runs `write`, which creates a new file at the path it is given: the destination
    /// itself, or, when replacing, a temporary name beside it that is then renamed over the
    /// old file (core's `write_replacing`). Either way the file appears whole or not at all.
    pub fn write<T>(&self, write: impl FnOnce(&Path) -> quorum_core::Result<T>) -> quorum_core::Result<T> {
        if !self.replace {
            return write(&self.path);
        }
        let mut written = None;
        quorum_core::export::write_replacing(&self.path, |temporary| {
            written = Some(write(temporary)?);
            Ok(())
        })?;
        Ok(written.expect("write_replacing succeeded, so write ran"))
    }

    pub fn display(&self) -> String {
        self.path.display().to_string()
    }
}

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

/// Opens a file the window wrote in the program the system uses for its type (the opener
/// plugin: xdg-open / the portal, `open`, ShellExecute — no command line is built). Only
/// existing files, and only the kinds Quorum writes: this is not a general launcher.
#[tauri::command]
pub fn file_open<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: OpenFile) -> Result<(), CommandError> {
    let path = openable(&request)?;
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_path(path.display().to_string(), None::<&str>).map_err(|e| {
        CommandError::new("io", format!("Could not open {} with the system's program ({e}). Open it from your file manager.", path.display()))
    })
}

/// Shows a file Quorum wrote in the system's file manager, selected.
#[tauri::command]
pub fn file_show_in_folder(request: OpenFile) -> Result<(), CommandError> {
    let path = openable(&request)?;
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| {
        CommandError::new("io", format!("Could not show {} in the file manager ({e}). Its folder is {}.", path.display(), path.parent().map(|p| p.display().to_string()).unwrap_or_default()))
    })
}

/// The file to open, if Quorum opens it.
fn openable(request: &OpenFile) -> Result<PathBuf, CommandError> {
    const OPENABLE: &[&str] = &["pdf", "ics", "eml", "csv", "xlsx", "json"];
    let path = PathBuf::from(request.path.trim());
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !OPENABLE.contains(&extension.as_str()) {
        return Err(CommandError::new("invalid", format!("Quorum opens only the files it writes (PDF, .ics, .eml, CSV, XLSX, JSON), not {}.", path.display())));
    }
    if !path.is_file() {
        return Err(CommandError::new("not_found", format!("There is no file at {}: it may have been moved or deleted.", path.display())));
    }
    Ok(path)
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
        let error = openable(&OpenFile { path: "/bin/sh".into() }).unwrap_err();
        assert_eq!(error.kind, "invalid");
        let error = openable(&OpenFile { path: "/nonexistent/minutes.pdf".into() }).unwrap_err();
        assert_eq!(error.kind, "not_found");
        // Showing in the folder follows the same rule.
        assert_eq!(file_show_in_folder(OpenFile { path: "/bin/sh".into() }).unwrap_err().kind, "invalid");
    }
}
