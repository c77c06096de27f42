//! The write-ahead log beside the store (`<store>-wal`), read before SQLite opens it. SQLite
//! replays the log's frames up to the first one whose checksum fails and silently drops the
//! rest, committed transactions included. Frames of the log's current generation (its salts)
//! after a bad one are such a loss: Quorum says so instead of staying silent.
//!
//! Format (sqlite.org/fileformat.html, "WAL file format"): a 32-byte header (magic, version,
//! page size, checkpoint sequence, two salts, a checksum), then frames of a 24-byte header
//! (page number, database size after a commit or 0, the salts, a cumulative checksum) and a
//! page. The checksum runs over the header and every frame in order; SQLCipher encrypts the
//! pages, and the checksums cover the bytes as written, so no key is needed to check them.

use std::path::Path;

/// What a damaged log loses when the store is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalDamage {
    /// 1-based frame where the log stops being valid.
    pub first_bad_frame: u64,
    /// Frames of this generation from there on, and how many of them ended a transaction.
    pub lost_frames: u64,
    pub lost_commits: u64,
}

impl WalDamage {
    pub fn notice(&self, store: &Path) -> String {
        format!(
            "{}-wal, the store's journal, is damaged from frame {}: SQLite discarded {} of its frames, ending {} committed transaction(s) not yet written into the store. Changes made shortly before the last close may be missing; check them, or restore the newest backup taken before them",
            store.display(),
            self.first_bad_frame,
            self.lost_frames,
            self.lost_commits
        )
    }
}

fn checksum(big_endian: bool, data: &[u8], mut s0: u32, mut s1: u32) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| if big_endian { u32::from_be_bytes([b[0], b[1], b[2], b[3]]) } else { u32::from_le_bytes([b[0], b[1], b[2], b[3]]) };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

/// The damage in `store`'s log, if it has a log of the current generation with frames after
/// a bad one. A missing, empty or unreadable log, or one whose header is itself bad (SQLite
/// then ignores it whole, as it does a log a checkpoint already reset), reports nothing.
pub fn damage(store: &Path) -> Option<WalDamage> {
    let bytes = std::fs::read(super::file::sidecar_dash(store, "wal")).ok()?;
    let header = bytes.get(..32)?;
    let be = |o: usize| u32::from_be_bytes([header[o], header[o + 1], header[o + 2], header[o + 3]]);
    let magic = be(0);
    if magic & !1 != 0x377f_0682 {
        return None;
    }
    let big_endian = magic & 1 == 1;
    let page_size = be(8) as usize;
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return None;
    }
    let salts = (be(16), be(20));
    let (mut s0, mut s1) = checksum(big_endian, &header[..24], 0, 0);
    if (s0, s1) != (be(24), be(28)) {
        return None;
    }
    let frame_len = 24 + page_size;
    let mut bad: Option<u64> = None;
    let (mut lost_frames, mut lost_commits) = (0, 0);
    for (k, frame) in bytes[32..].chunks_exact(frame_len).enumerate() {
        let word = |o: usize| u32::from_be_bytes([frame[o], frame[o + 1], frame[o + 2], frame[o + 3]]);
        let ours = (word(8), word(12)) == salts;
        if bad.is_none() {
            let (c0, c1) = checksum(big_endian, &frame[..8], s0, s1);
            let (c0, c1) = checksum(big_endian, &frame[24..], c0, c1);
            if ours && (c0, c1) == (word(16), word(20)) {
                (s0, s1) = (c0, c1);
                continue;
            }
            if !ours {
                // A frame of an earlier generation: the log ends here, as SQLite reads it.
                break;
            }
            bad = Some(k as u64 + 1);
        }
        if ours {
            lost_frames += 1;
            lost_commits += u64::from(word(4) != 0);
        }
    }
    bad.filter(|_| lost_commits > 0).map(|first_bad_frame| WalDamage { first_bad_frame, lost_frames, lost_commits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Actor, NewStore, Secret, Store};

    /// A store with transactions still in its log: the store file and its log copied while
    /// the store is open (as a crash would leave them).
    fn crashed(dir: &tempfile::TempDir) -> std::path::PathBuf {
        let actor = Actor::new("Ana", "2027-03-01T09:00:00Z".parse().unwrap());
        let mut store = Store::create(&dir.path().join("live.db"), &NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: None }, Secret::passphrase("a long passphrase here"), None, &actor).unwrap();
        for k in 0..5 {
            store
                .write(&actor, |w| {
                    w.execute("INSERT INTO people (name) VALUES (?1)", [format!("Person {k}")])?;
                    w.audit("person", &k.to_string(), "create", None, None)
                })
                .unwrap();
        }
        let copy = dir.path().join("copy.db");
        std::fs::copy(store.path(), &copy).unwrap();
        std::fs::copy(dir.path().join("live.db-wal"), dir.path().join("copy.db-wal")).unwrap();
        copy
    }

    #[test]
    fn an_intact_log_reports_nothing_and_a_damaged_one_names_the_loss() {
        let dir = tempfile::tempdir().unwrap();
        let copy = crashed(&dir);
        assert_eq!(damage(&copy), None, "the log as written is valid");
        // One byte flipped in the page of the log's third frame.
        let wal = dir.path().join("copy.db-wal");
        let mut bytes = std::fs::read(&wal).unwrap();
        let page_size = u32::from_be_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let at = 32 + 2 * (24 + page_size) + 24 + 100;
        bytes[at] ^= 0x40;
        std::fs::write(&wal, &bytes).unwrap();
        let found = damage(&copy).expect("the damage is found");
        assert_eq!(found.first_bad_frame, 3);
        assert!(found.lost_commits >= 1 && found.lost_frames >= found.lost_commits, "{found:?}");
        assert!(found.notice(&copy).contains("committed transaction(s)"));
        // Opening says so; the store opens on what the log still held.
        let store = Store::open(&copy, &crate::store::KeySources::passphrase("a long passphrase here")).unwrap();
        assert!(store.open_notice().is_some_and(|n| n.contains("is damaged from frame 3")), "{:?}", store.open_notice());
        assert!(store.verify().unwrap().is_ok());
    }
}
