//! The document model: what a caller describes. Layout turns it into pages.
//!
//! **Invariant:** nothing here knows what the document is about; a caller maps its own
//! records onto these blocks.

/// Paper size. A4 unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl PageSize {
    /// Width and height in points (1/72 in).
    pub fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (595.276, 841.89),
            PageSize::Letter => (612.0, 792.0),
        }
    }
}

/// Page margins in millimetres. The running header sits inside the top margin and the
/// footer inside the bottom margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins { top: 25.0, right: 20.0, bottom: 22.0, left: 20.0 }
    }
}

/// A file that travels inside the PDF (an embedded file attachment).
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// File name shown by readers; must be unique within the document.
    pub name: String,
    /// Media type, e.g. `text/csv` or `application/pdf`.
    pub media_type: String,
    /// A description readers show beside the name.
    pub description: String,
    /// The file's bytes, stored exactly.
    pub bytes: Vec<u8>,
    /// How the file relates to the document (PDF/A-3's /AFRelationship).
    pub relationship: Relationship,
}

/// How an attached file relates to the document, as PDF/A-3 names it: `Data` for the data
/// the document is a rendering of (a review's frozen record), `Supplement` for material
/// that goes with it (evidence files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Relationship {
    Data,
    #[default]
    Supplement,
}

impl Relationship {
    pub fn name(self) -> &'static str {
        match self {
            Relationship::Data => "Data",
            Relationship::Supplement => "Supplement",
        }
    }
}

/// One column of a table: its header text and relative width (weights are scaled to the
/// text width).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub weight: f32,
}

impl Column {
    pub fn new(header: impl Into<String>, weight: f32) -> Self {
        Column { header: header.into(), weight }
    }
}

/// A table. The header row repeats at the top of every page the table continues on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Each row has exactly one cell per column. Cells wrap; `\n` forces a line break.
    pub rows: Vec<Vec<String>>,
}

/// A person who signs on paper: a line to sign on, with name, role and date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignatureLine {
    pub name: String,
    pub role: String,
    /// Printed under the date line; empty leaves a blank line to write the date on.
    pub date: String,
}

/// A vertical bar chart drawn with vector lines and rectangles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    /// One label per bar, printed under it.
    pub labels: Vec<String>,
    /// One value per bar; negative values are drawn as zero.
    pub values: Vec<f64>,
    /// Caption of the value axis (e.g. "open actions").
    pub axis_label: String,
}

/// The title block (cover): a large title, a subtitle and a few lines under them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TitleBlock {
    pub title: String,
    pub subtitle: String,
    pub lines: Vec<String>,
}

/// One block of content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(TitleBlock),
    /// A heading, level 1 to 3. `anchor` names it for outlines, named destinations and
    /// `{{page:anchor}}` references. A heading is kept with what follows it.
    Heading { level: u8, text: String, anchor: Option<String> },
    /// A paragraph that wraps; `\n` forces a line break.
    Paragraph(String),
    /// Pairs of key and value (e.g. document control), keys in bold.
    KeyValue(Vec<(String, String)>),
    Table(Table),
    Bullets(Vec<String>),
    Signatures(Vec<SignatureLine>),
    BarChart(BarChart),
    /// A framed box with a bold title and wrapped lines, never split across pages. Where it
    /// lands is recorded in [`crate::RenderedPdf::frames`] (so a signature field can be
    /// placed over it).
    Framed { title: String, lines: Vec<String> },
    /// Vertical space in millimetres.
    Spacer(f32),
    PageBreak,
}

/// A whole document: page set-up, running header and footer, content and attachments.
///
/// Text anywhere in a paragraph, bullet, key–value value or table cell may contain
/// `{{page:ANCHOR}}`, replaced by the page number of the heading with that anchor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Stored as the PDF's title (document information).
    pub title: String,
    pub author: String,
    pub subject: String,
    pub page_size: PageSize,
    pub margins: Margins,
    /// Running header, left (e.g. the organisation's name).
    pub header_left: String,
    /// Running header, right (e.g. the classification).
    pub header_right: String,
    /// Running footer, left (e.g. document number and version). The right side is always
    /// "Page X of Y".
    pub footer_left: String,
    /// Creation date written into the PDF (pass "now" in; no hidden clock).
    pub created: Option<chrono::DateTime<chrono::Utc>>,
    pub blocks: Vec<Block>,
    pub attachments: Vec<Attachment>,
}

impl Document {
    /// An empty A4 document with default margins.
    pub fn new(title: impl Into<String>) -> Self {
        Document { title: title.into(), ..Default::default() }
    }
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
    pub fn heading(&mut self, level: u8, text: impl Into<String>, anchor: Option<&str>) -> &mut Self {
        self.push(Block::Heading { level, text: text.into(), anchor: anchor.map(str::to_string) })
    }
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Paragraph(text.into()))
    }
    pub fn key_values<K: Into<String>, V: Into<String>>(&mut self, pairs: impl IntoIterator<Item = (K, V)>) -> &mut Self {
        self.push(Block::KeyValue(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect()))
    }
    pub fn table(&mut self, table: Table) -> &mut Self {
        self.push(Block::Table(table))
    }
    pub fn bullets<S: Into<String>>(&mut self, items: impl IntoIterator<Item = S>) -> &mut Self {
        self.push(Block::Bullets(items.into_iter().map(Into::into).collect()))
    }
    pub fn page_break(&mut self) -> &mut Self {
        self.push(Block::PageBreak)
    }
    pub fn attach(&mut self, attachment: Attachment) -> &mut Self {
        self.attachments.push(attachment);
        self
    }
}
