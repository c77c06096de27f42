//! The PDF exports on a large review: `cargo bench -p quorum-core --bench export -- DIR`.
//!
//! Builds, in DIR, a demo store whose latest held review is enlarged (every input with a
//! long summary, 60 actions raised, 50 MB of evidence) and a signing identity; times the
//! exports in process; and writes `minutes.html` and `pack.html`, the same content as HTML,
//! for the comparison with headless Chromium that `tests/bench/export.sh` runs as whole
//! processes.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use quorum_core::export::pack::{pack_document, PackScope};
use quorum_core::export::ExportOptions;
use quorum_core::register::{self, NewAction, Priority, Source};
use quorum_core::{demo, identity, Actor, NewStore, Secret, Store};
use quorum_pdf::{Block, Document};
use sha2::{Digest, Sha256};

pub const PASSPHRASE: &str = "correct horse battery staple";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap()
}

const PARAGRAPH: &str = "The presenter took the meeting through the figures for the quarter, the changes since the previous review and the reasons behind them. Top management asked for the underlying data, which was shown, questioned the two largest movements and agreed the conclusions recorded here. Owners confirmed the follow-up and the dates.";

/// A demo store with the latest held review enlarged (and, with `evidence`, 50 MB of
/// evidence files on it); returns the review's reference.
fn build(path: &Path, evidence: bool) -> String {
    let actor = Actor::new("Sarah Whitfield", now());
    let new = NewStore { organisation: "Northwind Analytics Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    let mut store = Store::create(path, &new, Secret::passphrase(PASSPHRASE), None, &actor).unwrap();
    demo::populate(&mut store, &actor).unwrap();
    identity::create_self_signed(&mut store, &actor, None, false).unwrap();
    let (review_id, reference): (i64, String) = store
        .conn()
        .query_row("SELECT id, reference FROM reviews WHERE held_on IS NOT NULL ORDER BY starts_at DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let people: Vec<i64> = {
        let mut s = store.conn().prepare("SELECT id FROM people WHERE active = 1 ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    store
        .write(&actor, |w| {
            let long = [PARAGRAPH; 4].join(" ");
            w.execute("UPDATE inputs SET summary = ?1 || ' ' || summary, nothing_to_report = 0, nothing_reason = NULL, state = 'discussed' WHERE review_id = ?2", rusqlite::params![long, review_id])?;
            w.execute("UPDATE agenda_items SET discussion = ?1 || ' ' || discussion WHERE review_id = ?2", rusqlite::params![long, review_id])?;
            let inputs: Vec<i64> = {
                let mut s = w.prepare("SELECT id FROM inputs WHERE review_id = ?1")?;
                let ids = s.query_map([review_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
                ids
            };
            // 50 MB of evidence in ten files of incompressible bytes (scans, exports).
            let mut block = Sha256::digest(b"seed").to_vec();
            for n in 0..if evidence { 10 } else { 0 } {
                let mut content = Vec::with_capacity(5 << 20);
                while content.len() < 5 << 20 {
                    block = Sha256::digest(&block).to_vec();
                    content.extend_from_slice(&block);
                }
                w.execute(
                    "INSERT INTO evidence (review_id, input_id, file_name, media_type, size, sha256, content, added_at, added_by) VALUES (?1, ?2, ?3, 'application/octet-stream', ?4, ?5, ?6, ?7, 'bench')",
                    rusqlite::params![review_id, inputs[n % inputs.len()], format!("scan-{n:02}.bin"), content.len() as i64, hex::encode(Sha256::digest(&content)), content, now().to_rfc3339()],
                )?;
            }
            w.audit("bench", "1", "enlarge", None, None)
        })
        .unwrap();
    let raised: i64 = store.conn().query_row("SELECT count(*) FROM actions WHERE review_id = ?1", [review_id], |r| r.get(0)).unwrap();
    for n in raised..60 {
        let new = NewAction {
            description: format!("Action {n} of the large review: {}", &PARAGRAPH[..160]),
            source: Some(Source::Improvement),
            review_id: Some(review_id),
            owner_id: Some(people[n as usize % people.len()]),
            target_on: Some("2027-06-30".parse().unwrap()),
            priority: Some([Priority::High, Priority::Medium, Priority::Low][n as usize % 3]),
            ..Default::default()
        };
        register::add(&mut store, &actor, &new).unwrap();
    }
    reference
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\n', "<br>")
}

/// The same content as an HTML page, for Chromium's print to PDF: tables with a `thead`
/// (repeated on each page), charts as inline SVG. (Attachments have no HTML equivalent.)
fn html(document: &Document) -> String {
    let mut out = String::from("<!doctype html><meta charset=utf-8><style>@page{size:A4;margin:25mm 20mm 22mm}body{font:10pt 'DejaVu Sans'}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:3px;font-size:9pt;vertical-align:top}th{background:#dde}tr{break-inside:avoid}</style>");
    let _ = write!(out, "<title>{}</title>", escape(&document.title));
    for block in &document.blocks {
        match block {
            Block::Title(t) => {
                let _ = write!(out, "<h1>{}</h1><h2>{}</h2>{}", escape(&t.title), escape(&t.subtitle), t.lines.iter().map(|l| format!("<p>{}</p>", escape(l))).collect::<String>());
            }
            Block::Heading { level, text, .. } => {
                let _ = write!(out, "<h{level}>{}</h{level}>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = write!(out, "<p>{}</p>", escape(text));
            }
            Block::KeyValue(pairs) => {
                out.push_str("<table>");
                for (k, v) in pairs {
                    let _ = write!(out, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
                }
                out.push_str("</table>");
            }
            Block::Table(t) => {
                out.push_str("<table><thead><tr>");
                for c in &t.columns {
                    let _ = write!(out, "<th>{}</th>", escape(&c.header));
                }
                out.push_str("</tr></thead><tbody>");
                for row in &t.rows {
                    let _ = write!(out, "<tr>{}</tr>", row.iter().map(|c| format!("<td>{}</td>", escape(c))).collect::<String>());
                }
                out.push_str("</tbody></table>");
            }
            Block::Bullets(items) => {
                let _ = write!(out, "<ul>{}</ul>", items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect::<String>());
            }
            Block::Signatures(lines) => {
                for l in lines {
                    let _ = write!(out, "<p style='margin-top:40px;border-top:1px solid;width:60%'>{} — {} — date: {}</p>", escape(&l.name), escape(&l.role), escape(&l.date));
                }
            }
            Block::BarChart(c) => {
                let max = c.values.iter().cloned().fold(1.0, f64::max);
                let _ = write!(out, "<h4>{}</h4><svg width=480 height=180>", escape(&c.title));
                for (i, (label, value)) in c.labels.iter().zip(&c.values).enumerate() {
                    let h = 140.0 * value / max;
                    let x = 10 + i * 470 / c.values.len().max(1);
                    let _ = write!(out, "<rect x={x} y={} width=40 height={h} fill='#47a'/><text x={x} y=175 font-size=8>{}</text>", 150.0 - h, escape(label));
                }
                out.push_str("</svg>");
            }
            Block::Framed { title, lines } => {
                let _ = write!(out, "<div style='border:1px solid'><b>{}</b>{}</div>", escape(title), lines.iter().map(|l| format!("<p>{}</p>", escape(l))).collect::<String>());
            }
            Block::Spacer(mm) => {
                let _ = write!(out, "<div style='height:{mm}mm'></div>");
            }
            Block::PageBreak => out.push_str("<div style='break-after:page'></div>"),
        }
    }
    out
}

fn time<T>(label: &str, runs: u32, mut run: impl FnMut() -> T) -> T {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(run());
        samples.push(start.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{label:<44} median {:>8.1} ms   min {:>8.1} ms   ({runs} runs)", ms(samples[samples.len() / 2]), ms(samples[0]));
    last.unwrap()
}

fn main() {
    // `cargo bench` passes `--bench`; the first other argument is the output folder.
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--")).map(std::path::PathBuf::from);
    let scratch = tempfile::tempdir().unwrap();
    let dir = dir.unwrap_or_else(|| scratch.path().to_owned());
    std::fs::create_dir_all(&dir).unwrap();
    let mut reference = String::new();
    for (name, evidence) in [("minutes.db", false), ("pack.db", true)] {
        let db = dir.join(name);
        if db.exists() {
            std::fs::remove_file(&db).unwrap();
        }
        reference = time(&format!("build {name}"), 1, || build(&db, evidence));
    }
    let options = ExportOptions::new(now());
    let info = |reason: &str| quorum_pdf::SignatureInfo { signer_name: "Northwind Analytics Ltd".into(), reason: reason.into(), location: String::new(), contact_info: String::new(), signing_time: now(), field: None };
    let mut store = None;
    for name in ["minutes.db", "pack.db"] {
        let opened = Store::open(&dir.join(name), &quorum_core::KeySources::passphrase(PASSPHRASE)).unwrap();
        let id = identity::load(opened.conn()).unwrap();
        let minutes = time(&format!("minutes: read {name}"), 5, || quorum_core::export::minutes::document(&opened, &reference, &options, &mut |_| {}).unwrap());
        let rendered = time("minutes: render", 5, || minutes.render().unwrap());
        time("minutes: sign", 5, || quorum_pdf::sign_pdf(&rendered.bytes, &id, &info("bench")).unwrap());
        println!("minutes: {} pages, {:.0} KB", rendered.page_count, rendered.bytes.len() as f64 / 1e3);
        std::fs::write(dir.join("minutes.html"), html(&minutes)).unwrap();
        // The raw page key opens the store without the passphrase's KDF, as the app's
        // default keychain mode does; the script times both.
        std::fs::write(dir.join(format!("{name}.key")), opened.recovery_key().as_str()).unwrap();
        store = Some((opened, id));
    }
    let (store, id) = store.unwrap();
    let scope = PackScope::Review(reference.clone());

    let pack = time("pack: read the store (50 MB evidence)", 5, || pack_document(store.conn(), &scope, &options, &mut |_| {}).unwrap());
    let rendered = time("pack: render", 5, || pack.render().unwrap());
    time("pack: sign", 5, || quorum_pdf::sign_pdf(&rendered.bytes, &id, &info("bench")).unwrap());
    println!("pack: {} pages, {:.1} MB, {} attachments", rendered.page_count, rendered.bytes.len() as f64 / 1e6, pack.attachments.len());
    std::fs::write(dir.join("pack.html"), html(&pack)).unwrap();
    std::fs::write(dir.join("review.txt"), &reference).unwrap();
}
