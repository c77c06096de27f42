//! A sample document of about 30 pages that exercises every block. Shared by the
//! integration tests and `examples/sample.rs`.
#![allow(dead_code)]

use chrono::TimeZone;
use quorum_pdf::*;

pub const NAMES: &str = "Zoë Łukasz Müller Ægir Ørsted Šťastný Ğül — € ✓";

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn filler(section: usize, n: usize) -> String {
    let base = "The review considered the figures presented, the trends since the previous meeting and the reasons behind each change. Participants asked for the underlying data, which was shown, and agreed the conclusions recorded below. A follow-up is due before the next meeting and the owner confirmed the date.";
    format!("Section {section}, paragraph {n}. {base} {base}")
}

pub fn sample_document() -> Document {
    let mut d = Document::new("Sample document with every block");
    d.author = "Zoë Müller".into();
    d.subject = "Layout sample".into();
    d.header_left = "Example Organisation Ltd".into();
    d.header_right = "CONFIDENTIAL".into();
    d.footer_left = "DOC-2026-001 · Version 1.2".into();
    d.created = Some(now());
    d.push(Block::Title(TitleBlock {
        title: "Sample document with every block".into(),
        subtitle: "Cover, document control and revision history".into(),
        lines: vec![format!("Prepared by {NAMES}")],
    }));
    d.key_values([
        ("Document number", "DOC-2026-001"),
        ("Title", "Sample document with every block"),
        ("Classification", "Confidential"),
        ("Status", "Approved"),
        ("Version", "1.2"),
        ("Release date", "2026-11-23"),
        ("Author", "Zoë Müller"),
        ("Reviewer / custodian", "Łukasz Šťastný"),
        ("Owner", "Ægir Ørsted"),
        ("Distribution", "Board of directors; heads of department; internal audit; the certification body on request"),
    ]);
    d.heading(2, "Revision history", Some("revisions"));
    d.table(Table {
        columns: vec![Column::new("Version", 1.0), Column::new("Date", 1.5), Column::new("Particulars", 4.0), Column::new("Approved by", 2.0)],
        rows: vec![
            vec!["1.0".into(), "2026-10-01".into(), "First issue".into(), "Ægir Ørsted".into()],
            vec!["1.1".into(), "2026-10-15".into(), "Corrections after review by the custodian; table of results extended".into(), "Ægir Ørsted".into()],
            vec!["1.2".into(), "2026-11-23".into(), "Approved at the meeting".into(), "Ğül Šťastný".into()],
        ],
    });
    d.page_break();
    for s in 1..=14 {
        let anchor = format!("sec-{s}");
        d.heading(1, format!("{s}. Section heading number {s}"), Some(&anchor));
        for p in 1..=3 {
            d.paragraph(filler(s, p));
        }
        d.heading(2, format!("{s}.1 Details of section {s}"), Some(&format!("sec-{s}-1")));
        d.paragraph(format!("Attendees: {NAMES}. A very long identifier follows that has to be broken: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        d.bullets([
            format!("First point of section {s}, short."),
            format!("Second point of section {s}, long enough to wrap onto a second line so that the hanging indent of the bullet list can be seen clearly on the page."),
            "Third point.".to_string(),
        ]);
        d.heading(3, format!("{s}.1.1 Figures"), None);
        d.table(Table {
            columns: vec![Column::new("Item", 2.0), Column::new("Value", 1.0), Column::new("Comment", 4.0)],
            rows: (1..=4).map(|r| vec![format!("Item {s}.{r}"), format!("{}", r * 7), format!("Comment on item {s}.{r}: stable since the last period")]).collect(),
        });
        for p in 4..=9 {
            d.paragraph(filler(s, p));
        }
    }
    d.heading(1, "15. Register of items", Some("register"));
    d.paragraph("The table below runs across several pages; its header row repeats on each.");
    d.table(Table {
        columns: vec![Column::new("ID", 1.0), Column::new("Description", 4.0), Column::new("Owner", 2.0), Column::new("Due", 1.4), Column::new("Status", 1.4)],
        rows: (1..=60)
            .map(|r| {
                let desc = if r % 7 == 0 {
                    format!("Row {r}: a longer description that wraps over several lines inside its cell, to show that rows grow with their content and never overlap the next row or the footer")
                } else {
                    format!("Row {r}: description")
                };
                vec![format!("R-{r:03}"), desc, if r % 3 == 0 { "Łukasz Šťastný".into() } else { "Zoë Müller".into() }, format!("2027-{:02}-15", 1 + r % 12), ["Open", "In progress", "Closed"][r % 3].into()]
            })
            .collect(),
    });
    d.heading(1, "16. Metrics", Some("metrics"));
    d.push(Block::BarChart(BarChart {
        title: "Items by status".into(),
        labels: vec!["Open".into(), "In progress".into(), "Completed".into(), "Overdue".into(), "Escalated".into(), "Closed".into()],
        values: vec![12.0, 8.0, 5.0, 3.0, 1.0, 31.0],
        axis_label: "number of items".into(),
    }));
    d.paragraph("The chart above is drawn with vector rectangles and lines.");
    d.heading(1, "17. Approval", Some("approval"));
    d.paragraph("Signed on paper by:");
    d.push(Block::Signatures(vec![
        SignatureLine { name: "Ægir Ørsted".into(), role: "Chief Executive Officer".into(), date: String::new() },
        SignatureLine { name: "Zoë Müller".into(), role: "Information Security Lead".into(), date: "2026-11-23".into() },
    ]));
    d.heading(1, "Annex A. Cross-reference", Some("annex"));
    d.table(Table {
        columns: vec![Column::new("Requirement", 3.0), Column::new("Evidenced in", 3.0), Column::new("Page", 1.0)],
        rows: (1..=14).map(|s| vec![format!("Requirement {s}"), format!("Section {s}"), format!("{{{{page:sec-{s}}}}}")]).collect(),
    });
    d.attach(Attachment { name: "register.csv".into(), media_type: "text/csv".into(), description: "Register export".into(), bytes: b"id,owner\nR-001,Zo\xc3\xab\n".to_vec(), relationship: Relationship::Supplement });
    d.attach(Attachment { name: "evidence-Łódź.bin".into(), media_type: "application/octet-stream".into(), description: "Binary evidence — Łódź".into(), bytes: (0..=255u8).cycle().take(5000).collect(), relationship: Relationship::Supplement });
    d.attach(Attachment { name: "notes.txt".into(), media_type: "text/plain".into(), description: "Meeting notes".into(), bytes: format!("{NAMES}\n").into_bytes(), relationship: Relationship::Supplement });
    d
}
