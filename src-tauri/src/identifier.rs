//! The application identifier (`identifier` in tauri.conf.json) names the folders Tauri keeps
//! for the app: the window's web storage (the idle-lock preference) on Linux and Windows, and
//! the remembered window size and place. Until the first release it was `org.quorum.app`,
//! which macOS reserves for application bundles; an installation that ran under that name
//! has its folders moved to the final name at the first start, before the window opens.
//!
//! The store's own folder and its keychain entries are not named by it: core derives them
//! (`store::default_store_path`, `keychain::SERVICE`) and they have not changed.

use std::path::Path;

/// Identifiers this app was built with before, oldest first.
const EARLIER: &[&str] = &["org.quorum.app"];

/// What moving an earlier identifier's folder found.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    /// Nothing under an earlier name, or the final name's folder already exists.
    Nothing,
    /// The folder under `from` now has the final name.
    From(&'static str),
}

/// In `base` (a platform folder such as `~/.local/share`), renames the folder of an earlier
/// identifier to `identifier`, unless a folder of that name exists already (then the earlier
/// one is left where it is: nothing is merged or overwritten).
pub fn move_earlier_folder(base: &Path, identifier: &str) -> std::io::Result<Moved> {
    let target = base.join(identifier);
    if target.exists() {
        return Ok(Moved::Nothing);
    }
    for earlier in EARLIER {
        let source = base.join(earlier);
        if source.is_dir() {
            std::fs::rename(&source, &target)?;
            return Ok(Moved::From(earlier));
        }
    }
    Ok(Moved::Nothing)
}

/// Moves the earlier identifier's folders in every platform folder Tauri files the app under
/// (local data: the web storage; config: window-state). Failing costs only preferences, so it
/// is reported on stderr, never fatal.
pub fn move_earlier_folders(identifier: &str) {
    let Some(dirs) = directories::BaseDirs::new() else { return };
    let mut bases = vec![dirs.data_local_dir(), dirs.data_dir(), dirs.config_dir()];
    bases.dedup();
    for base in bases {
        if let Err(error) = move_earlier_folder(base, identifier) {
            eprintln!("quorum-app: could not move the app's folder in {} to {identifier}: {error}", base.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINAL: &str = "org.quorum.desktop";

    #[test]
    fn an_earlier_folder_is_moved_with_its_content() {
        let base = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(base.path().join("org.quorum.app/localstorage")).unwrap();
        std::fs::write(base.path().join("org.quorum.app/localstorage/prefs"), "idle=5").unwrap();

        assert_eq!(move_earlier_folder(base.path(), FINAL).unwrap(), Moved::From("org.quorum.app"));
        assert!(!base.path().join("org.quorum.app").exists());
        assert_eq!(std::fs::read_to_string(base.path().join(FINAL).join("localstorage/prefs")).unwrap(), "idle=5");
        // The second start finds nothing left to move.
        assert_eq!(move_earlier_folder(base.path(), FINAL).unwrap(), Moved::Nothing);
    }

    #[test]
    fn an_existing_final_folder_is_never_replaced() {
        let base = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(base.path().join("org.quorum.app")).unwrap();
        std::fs::create_dir_all(base.path().join(FINAL)).unwrap();
        std::fs::write(base.path().join(FINAL).join("new"), "kept").unwrap();

        assert_eq!(move_earlier_folder(base.path(), FINAL).unwrap(), Moved::Nothing);
        assert!(base.path().join("org.quorum.app").is_dir());
        assert_eq!(std::fs::read_to_string(base.path().join(FINAL).join("new")).unwrap(), "kept");
    }

    #[test]
    fn the_configured_identifier_is_the_final_one() {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let identifier = config["identifier"].as_str().unwrap();
        assert_eq!(identifier, FINAL);
        assert!(!identifier.ends_with(".app"), "macOS reserves .app for application bundles");
        assert!(!EARLIER.contains(&identifier));
    }
}
