//! Writes a table with a row taller than a page and a crowded chart to the temp folder,
//! for looking at. `cargo run -p quorum-pdf --example tall`
use quorum_pdf::*;

fn main() -> Result<()> {
    let mut d = Document::new("tall");
    d.header_left = "Org".into();
    d.page_size = PageSize::Letter;
    let tall: String = (1..=90).map(|i| format!("line {i}\n")).collect();
    d.table(Table {
        columns: vec![Column::new("Key", 1.0), Column::new("Long cell", 3.0)],
        rows: vec![vec!["first".into(), "short".into()], vec!["tall".into(), tall], vec!["after".into(), "end".into()]],
    });
    d.push(Block::BarChart(BarChart {
        title: "Twelve months".into(),
        labels: (1..=12).map(|m| format!("Month number {m} of the year")).collect(),
        values: (1..=12).map(|m| (m * m) as f64 / 3.0).collect(),
        axis_label: "value".into(),
    }));
    let path = std::env::temp_dir().join("quorum-pdf-tall.pdf");
    std::fs::write(&path, d.render()?.bytes).expect("write");
    println!("{}", path.display());
    Ok(())
}
