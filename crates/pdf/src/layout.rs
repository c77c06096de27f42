//! The layout engine: blocks → pages of printpdf operations.

use std::collections::{BTreeSet, HashMap};

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfFontHandle, Point, Pt, Rect,
    Rgb, TextItem,
};

use crate::error::{Error, Result};
use crate::fonts::{text_width, truncate, wrap};
use crate::model::{BarChart, Block, Document, SignatureLine, Table, TitleBlock};

const MM: f32 = 72.0 / 25.4;
const BODY: f32 = 10.0;
const BODY_LH: f32 = 13.5;
const CELL: f32 = 9.0;
const CELL_LH: f32 = 11.5;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;

/// Type size, line height and vertical padding of a table's cells.
#[derive(Debug, Clone, Copy)]
struct Density {
    cell: f32,
    line: f32,
    pad: f32,
}

const NORMAL: Density = Density { cell: CELL, line: CELL_LH, pad: PAD_Y };
/// What a table gets when set tighter saves a last page holding only its tail.
const COMPACT: Density = Density { cell: 8.0, line: 9.8, pad: 2.2 };

/// A last page filled less than this (of the text height) by the tail of a table is a
/// stray page: the layout tries that table tighter to pull the tail back.
const STRAY_PAGE: f32 = 0.25;

/// A heading as placed: where the outline and `{{page:…}}` references point.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedHeading {
    pub level: u8,
    pub text: String,
    pub anchor: Option<String>,
    /// 1-based page number.
    pub page: usize,
    /// Top of the heading, in points from the bottom of the page.
    pub y: f32,
}

pub(crate) struct Fonts {
    pub regular: &'static ParsedFont,
    pub bold: &'static ParsedFont,
    pub regular_id: FontId,
    pub bold_id: FontId,
}

/// Where a [`Block::Framed`] landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedFrame {
    /// 1-based page number.
    pub page: usize,
    /// Left, bottom, right, top in points from the page's bottom-left corner.
    pub rect: [f32; 4],
}

pub(crate) struct Laid {
    pub frames: Vec<PlacedFrame>,
    pub pages: Vec<Vec<Op>>,
    /// Characters drawn with the regular face and with the bold face.
    pub used: [std::collections::BTreeSet<char>; 2],
    pub headings: Vec<PlacedHeading>,
    /// The tables set tighter to save a stray last page (see [`lay_out`]).
    pub compact: BTreeSet<usize>,
    sections: Vec<Section>,
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}
fn grey(v: f32) -> Color {
    rgb(v, v, v)
}

/// Replaces `{{page:ANCHOR}}` with the anchor's page number (`fallback` when unknown).
pub(crate) fn resolve_refs(text: &str, pages: &HashMap<String, usize>, fallback: &str) -> String {
    if !text.contains("{{page:") {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{page:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        match after.find("}}") {
            Some(j) => {
                let id = &after[..j];
                match pages.get(id) {
                    Some(p) => out.push_str(&p.to_string()),
                    None => out.push_str(fallback),
                }
                rest = &after[j + 2..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

struct Ctx<'a> {
    f: &'a Fonts,
    refs: &'a HashMap<String, usize>,
    fallback: &'a str,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    pages: Vec<Vec<Op>>,
    cur: usize,
    y: f32,
    headings: Vec<PlacedHeading>,
    frames: Vec<PlacedFrame>,
    used: [std::collections::BTreeSet<char>; 2],
    /// The block being laid out, and the one set in [`COMPACT`] (if any).
    block: usize,
    compact: &'a BTreeSet<usize>,
    /// For each page, the block that was being laid out when the page began.
    page_block: Vec<usize>,
    /// Where the current section (what a page break or the end closes) began: its first
    /// block and page index.
    section: (usize, usize),
    sections: Vec<Section>,
}

/// A run of blocks between page breaks, as laid out.
struct Section {
    blocks: std::ops::Range<usize>,
    pages: usize,
    /// The table whose tail alone fills a stray last page of the section.
    stray: Option<usize>,
}

impl<'a> Ctx<'a> {
    /// Ends the section running up to block `end` (exclusive), noting a stray last page:
    /// one filled less than [`STRAY_PAGE`] that began inside a table of this section.
    fn close_section(&mut self, doc: &Document, end: usize) {
        let (first_block, first_page) = self.section;
        let last_page = self.pages.len() - 1;
        let block = self.page_block[last_page];
        let used = (self.top - self.y) / (self.top - self.bottom);
        let in_table = matches!(doc.blocks.get(block), Some(Block::Table(_) | Block::KeyValue(_)));
        let stray = (last_page > first_page && block >= first_block && in_table && used < STRAY_PAGE).then_some(block);
        self.sections.push(Section { blocks: first_block..end, pages: last_page - first_page + 1, stray });
    }

    fn density(&self) -> Density {
        if self.compact.contains(&self.block) { COMPACT } else { NORMAL }
    }
    fn width(&self) -> f32 {
        self.right - self.left
    }
    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages[self.cur]
    }
    fn font(&self, bold: bool) -> &'static ParsedFont {
        if bold { self.f.bold } else { self.f.regular }
    }
    fn at_top(&self) -> bool {
        (self.y - self.top).abs() < 0.01
    }
    fn new_page(&mut self) {
        self.page_block.push(self.block);
        self.pages.push(Vec::new());
        self.cur = self.pages.len() - 1;
        self.y = self.top;
    }
    /// Starts a new page unless `h` points fit below the cursor (or the page is fresh).
    fn ensure(&mut self, h: f32) {
        if self.y - h < self.bottom && !self.at_top() {
            self.new_page();
        }
    }
    fn r(&self, s: &str) -> String {
        resolve_refs(s, self.refs, self.fallback)
    }
    fn text(&mut self, x: f32, baseline: f32, s: &str, bold: bool, size: f32, color: Color) {
        if s.is_empty() {
            return;
        }
        self.used[bold as usize].extend(s.chars());
        let font = PdfFontHandle::External(if bold { self.f.bold_id.clone() } else { self.f.regular_id.clone() });
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: color });
        ops.push(Op::SetFont { font, size: Pt(size) });
        ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(baseline) } });
        ops.push(Op::ShowText { items: vec![TextItem::Text(s.to_string())] });
        ops.push(Op::EndTextSection);
    }
    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Color) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Color>, stroke: Option<(Color, f32)>) {
        let mode = match (&fill, &stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        let ops = self.ops();
        if let Some(c) = fill {
            ops.push(Op::SetFillColor { col: c });
        }
        if let Some((c, w)) = stroke {
            ops.push(Op::SetOutlineColor { col: c });
            ops.push(Op::SetOutlineThickness { pt: Pt(w) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect { x: Pt(x), y: Pt(y), width: Pt(w), height: Pt(h), mode: Some(mode), winding_order: None },
        });
    }

    /// Wrapped lines at `size`, each drawn with `lh` spacing; breaks pages between lines.
    fn lines(&mut self, x: f32, width: f32, text: &str, bold: bool, size: f32, lh: f32) {
        let font = self.font(bold);
        for l in wrap(font, &self.r(text), size, width) {
            self.ensure(lh);
            let base = self.y - size;
            self.text(x, base, &l, bold, size, grey(0.0));
            self.y -= lh;
        }
    }

    fn title(&mut self, t: &TitleBlock) {
        let w = self.width();
        let x = self.left;
        self.y -= 20.0;
        self.lines(x, w, &t.title, true, 22.0, 28.0);
        if !t.subtitle.is_empty() {
            self.y -= 6.0;
            self.lines(x, w, &t.subtitle, false, 14.0, 19.0);
        }
        if !t.lines.is_empty() {
            self.y -= 8.0;
            for l in &t.lines {
                self.lines(x, w, l, false, BODY, BODY_LH);
            }
        }
        self.y -= 16.0;
    }

    fn heading_size(level: u8) -> (f32, f32, f32) {
        // size, line height, space before
        match level {
            0 | 1 => (16.0, 20.0, 14.0),
            2 => (13.0, 17.0, 10.0),
            _ => (11.0, 15.0, 8.0),
        }
    }

    /// Height of the smallest piece of what follows a heading that must sit under it: the
    /// first lines of the next block, and when that block is a short introduction (three
    /// lines at most), the first piece of the block it introduces too.
    fn first_unit(&self, following: &[Block]) -> f32 {
        match following.first() {
            Some(Block::Paragraph(p)) => {
                let n = wrap(self.f.regular, &self.r(p), BODY, self.width()).len();
                if n <= 3 {
                    n as f32 * BODY_LH + 4.0 + self.unit(following.get(1))
                } else {
                    2.0 * BODY_LH + 4.0
                }
            }
            next => self.unit(next),
        }
    }

    fn unit(&self, block: Option<&Block>) -> f32 {
        match block {
            None | Some(Block::PageBreak) | Some(Block::Spacer(_)) => 0.0,
            Some(Block::Paragraph(p)) => {
                let n = wrap(self.f.regular, &self.r(p), BODY, self.width()).len().min(2);
                n as f32 * BODY_LH + 4.0
            }
            Some(Block::Heading { level, text, .. }) => {
                let (s, lh, before) = Self::heading_size(*level);
                let n = wrap(self.f.bold, text, s, self.width()).len();
                before + n as f32 * lh + 2.0 * BODY_LH
            }
            Some(Block::Table(t)) => {
                let d = self.density();
                let widths = self.col_widths(t);
                let head: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
                let mut h = self.row_height(&widths, &head, true);
                if let Some(r) = t.rows.first() {
                    h += self.row_height(&widths, r, false).min(3.0 * d.line + 2.0 * d.pad);
                }
                h
            }
            Some(Block::KeyValue(kv)) => {
                let widths = self.kv_widths();
                kv.first().map(|(k, v)| self.row_height(&widths, &[k.clone(), v.clone()], false)).unwrap_or(0.0)
            }
            Some(Block::Bullets(_)) => 2.0 * BODY_LH,
            Some(Block::Signatures(_)) => SIG_H,
            Some(Block::Framed { title, lines }) => self.framed_height(title, lines),
            Some(Block::BarChart(_)) => CHART_H,
            Some(Block::Title(_)) => 60.0,
        }
    }

    fn heading(&mut self, level: u8, text: &str, anchor: &Option<String>, following: &[Block]) {
        let (size, lh, before) = Self::heading_size(level);
        let lines = wrap(self.f.bold, text, size, self.width());
        let h = lines.len() as f32 * lh + 4.0;
        let need = if self.at_top() { 0.0 } else { before } + h + self.first_unit(following);
        self.ensure(need);
        if !self.at_top() {
            self.y -= before;
        }
        self.headings.push(PlacedHeading {
            level: level.clamp(1, 3),
            text: text.to_string(),
            anchor: anchor.clone(),
            page: self.pages.len(),
            y: self.y,
        });
        for l in lines {
            let base = self.y - size;
            self.text(self.left, base, &l, true, size, rgb(0.1, 0.2, 0.4));
            self.y -= lh;
        }
        self.y -= 4.0;
    }

    fn paragraph(&mut self, p: &str) {
        let (x, w) = (self.left, self.width());
        self.lines(x, w, p, false, BODY, BODY_LH);
        self.y -= 6.0;
    }

    fn bullets(&mut self, items: &[String]) {
        let indent = 14.0;
        for item in items {
            let lines = wrap(self.f.regular, &self.r(item), BODY, self.width() - indent);
            for (i, l) in lines.iter().enumerate() {
                self.ensure(BODY_LH);
                let base = self.y - BODY;
                if i == 0 {
                    self.text(self.left + 3.0, base, "•", false, BODY, grey(0.0));
                }
                self.text(self.left + indent, base, l, false, BODY, grey(0.0));
                self.y -= BODY_LH;
            }
            self.y -= 2.0;
        }
        self.y -= 4.0;
    }

    fn col_widths(&self, t: &Table) -> Vec<f32> {
        let sum: f32 = t.columns.iter().map(|c| c.weight.max(0.01)).sum();
        t.columns.iter().map(|c| c.weight.max(0.01) / sum * self.width()).collect()
    }
    fn kv_widths(&self) -> Vec<f32> {
        vec![self.width() * 0.3, self.width() * 0.7]
    }
    fn cell_lines(&self, widths: &[f32], cells: &[String], bold: &dyn Fn(usize) -> bool) -> Vec<Vec<String>> {
        let d = self.density();
        cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| wrap(self.font(bold(i)), &self.r(c), d.cell, (w - 2.0 * PAD_X).max(4.0)))
            .collect()
    }
    fn row_height(&self, widths: &[f32], cells: &[String], bold: bool) -> f32 {
        let d = self.density();
        let lines = self.cell_lines(widths, cells, &|_| bold);
        lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * d.line + 2.0 * d.pad
    }

    /// Draws lines `from..to` of a row whose cells are already wrapped.
    fn draw_row(&mut self, widths: &[f32], lines: &[Vec<String>], from: usize, to: usize, bold: &dyn Fn(usize) -> bool, fill: Option<Color>) {
        let d = self.density();
        let h = (to - from).max(1) as f32 * d.line + 2.0 * d.pad;
        let top = self.y;
        let mut x = self.left;
        for (i, w) in widths.iter().enumerate() {
            self.rect(x, top - h, *w, h, fill.clone(), Some((grey(0.55), 0.5)));
            let mut base = top - d.pad - d.cell;
            for l in lines[i].iter().skip(from).take(to - from) {
                self.text(x + PAD_X, base + 1.5, l, bold(i), d.cell, grey(0.0));
                base -= d.line;
            }
            x += w;
        }
        self.y -= h;
    }

    /// Table rows with an optional header that repeats on every page; rows taller than a
    /// page are split between lines, never through one.
    fn grid(&mut self, widths: &[f32], header: Option<&[String]>, rows: &[Vec<String>], bold_first: bool) {
        let d = self.density();
        let head_lines = header.map(|h| self.cell_lines(widths, h, &|_| true));
        let head_h = head_lines
            .as_ref()
            .map(|l| l.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * d.line + 2.0 * d.pad)
            .unwrap_or(0.0);
        let bold = move |i: usize| bold_first && i == 0;
        let draw_head = |ctx: &mut Ctx| {
            if let Some(hl) = &head_lines {
                let n = hl.iter().map(Vec::len).max().unwrap_or(1).max(1);
                ctx.draw_row(widths, hl, 0, n, &|_| true, Some(rgb(0.87, 0.9, 0.95)));
            }
        };
        // Keep the header with the first row (or its first lines).
        let first = rows.first().map(|r| {
            let l = self.cell_lines(widths, r, &bold);
            l.iter().map(Vec::len).max().unwrap_or(1).min(3) as f32 * d.line + 2.0 * d.pad
        });
        self.ensure(head_h + first.unwrap_or(0.0));
        draw_head(self);
        let full = self.top - self.bottom - head_h;
        for row in rows {
            let lines = self.cell_lines(widths, row, &bold);
            let total = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut start = 0;
            loop {
                let remaining = total - start;
                let need = remaining as f32 * d.line + 2.0 * d.pad;
                if self.y - need >= self.bottom - 0.01 {
                    self.draw_row(widths, &lines, start, total, &bold, None);
                    break;
                }
                let fresh = (self.y - (self.top - head_h)).abs() < 0.01;
                if start == 0 && need <= full && !fresh {
                    self.new_page();
                    draw_head(self);
                    continue;
                }
                let fit = ((self.y - self.bottom - 2.0 * d.pad) / d.line).floor().max(0.0) as usize;
                if fit == 0 {
                    self.new_page();
                    draw_head(self);
                    continue;
                }
                self.draw_row(widths, &lines, start, start + fit, &bold, None);
                start += fit;
                self.new_page();
                draw_head(self);
            }
        }
        self.y -= 8.0;
    }

    fn table(&mut self, t: &Table) -> Result<()> {
        if t.columns.is_empty() {
            return Err(Error::InvalidDocument("a table has no columns: give it at least one Column".into()));
        }
        for (i, r) in t.rows.iter().enumerate() {
            if r.len() != t.columns.len() {
                return Err(Error::InvalidDocument(format!(
                    "table row {} has {} cells but the table has {} columns: give every row one cell per column",
                    i + 1,
                    r.len(),
                    t.columns.len()
                )));
            }
        }
        let widths = self.col_widths(t);
        let head: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
        self.grid(&widths, Some(&head), &t.rows, false);
        Ok(())
    }

    fn key_values(&mut self, kv: &[(String, String)]) {
        let widths = self.kv_widths();
        let rows: Vec<Vec<String>> = kv.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect();
        self.grid(&widths, None, &rows, true);
    }

    fn signatures(&mut self, sigs: &[SignatureLine]) {
        for s in sigs {
            self.ensure(SIG_H);
            let top = self.y;
            let w = self.width();
            let sign_w = w * 0.58;
            let date_x = self.left + w * 0.66;
            let line_y = top - 34.0;
            self.line(self.left, line_y, self.left + sign_w, line_y, 0.7, grey(0.0));
            self.line(date_x, line_y, self.right, line_y, 0.7, grey(0.0));
            let name = truncate(self.f.bold, &self.r(&s.name), BODY, sign_w);
            let role = truncate(self.f.regular, &self.r(&s.role), CELL, sign_w);
            self.text(self.left, line_y - 12.0, &name, true, BODY, grey(0.0));
            self.text(self.left, line_y - 24.0, &role, false, CELL, grey(0.25));
            let date = if s.date.is_empty() { "Date".to_string() } else { format!("Date: {}", self.r(&s.date)) };
            let date = truncate(self.f.regular, &date, CELL, self.right - date_x);
            self.text(date_x, line_y - 12.0, &date, false, CELL, grey(0.25));
            self.y = top - SIG_H;
        }
        self.y -= 4.0;
    }

    /// Title and lines of a framed box, wrapped to its inner width.
    fn framed_lines(&self, title: &str, lines: &[String]) -> (Vec<String>, Vec<String>) {
        let inner = self.width() - 2.0 * FRAME_PAD;
        let title = wrap(self.f.bold, &self.r(title), BODY, inner);
        let body = lines.iter().flat_map(|l| wrap(self.f.regular, &self.r(l), CELL, inner)).collect();
        (title, body)
    }

    fn framed_height(&self, title: &str, lines: &[String]) -> f32 {
        let (title, body) = self.framed_lines(title, lines);
        2.0 * FRAME_PAD + title.len() as f32 * BODY_LH + body.len() as f32 * CELL_LH
    }

    fn framed(&mut self, title: &str, lines: &[String]) {
        let (title_lines, body) = self.framed_lines(title, lines);
        let h = self.framed_height(title, lines);
        self.ensure(h);
        let top = self.y;
        self.rect(self.left, top - h, self.width(), h, None, Some((grey(0.3), 0.8)));
        let mut y = top - FRAME_PAD;
        for l in &title_lines {
            self.text(self.left + FRAME_PAD, y - BODY, l, true, BODY, grey(0.0));
            y -= BODY_LH;
        }
        for l in &body {
            self.text(self.left + FRAME_PAD, y - CELL, l, false, CELL, grey(0.15));
            y -= CELL_LH;
        }
        self.frames.push(PlacedFrame { page: self.pages.len(), rect: [self.left, top - h, self.right, top] });
        self.y = top - h - 6.0;
    }

    fn chart(&mut self, c: &BarChart) -> Result<()> {
        if c.labels.len() != c.values.len() {
            return Err(Error::InvalidDocument(format!(
                "bar chart {:?} has {} labels but {} values: give one label per value",
                c.title,
                c.labels.len(),
                c.values.len()
            )));
        }
        self.ensure(CHART_H);
        let top = self.y;
        let title = truncate(self.f.bold, &self.r(&c.title), BODY, self.width());
        self.text(self.left, top - BODY, &title, true, BODY, grey(0.0));
        let axis = truncate(self.f.regular, &c.axis_label, 7.5, self.width());
        self.text(self.left, top - 26.0, &axis, false, 7.5, grey(0.3));
        let plot_top = top - 34.0;
        let plot_h = 120.0;
        let plot_bottom = plot_top - plot_h;
        let max = c.values.iter().cloned().fold(0.0f64, f64::max);
        let (step, steps) = nice_scale(max);
        let axis_max = step * steps as f64;
        // Value labels on the left.
        let label_w = (0..=steps)
            .map(|i| text_width(self.f.regular, &fmt_num(step * i as f64), 7.5))
            .fold(0.0f32, f32::max);
        let x0 = self.left + label_w + 6.0;
        let x1 = self.right;
        for i in 0..=steps {
            let v = step * i as f64;
            let y = plot_bottom + (v / axis_max) as f32 * plot_h;
            let col = if i == 0 { grey(0.0) } else { grey(0.82) };
            self.line(x0, y, x1, y, if i == 0 { 0.8 } else { 0.4 }, col);
            let s = fmt_num(v);
            let w = text_width(self.f.regular, &s, 7.5);
            self.text(x0 - 4.0 - w, y - 2.5, &s, false, 7.5, grey(0.3));
        }
        self.line(x0, plot_bottom, x0, plot_top, 0.8, grey(0.0));
        let n = c.values.len().max(1);
        let slot = (x1 - x0) / n as f32;
        let bar_w = slot * 0.6;
        for (i, (label, v)) in c.labels.iter().zip(&c.values).enumerate() {
            let v = v.max(0.0);
            let h = (v / axis_max) as f32 * plot_h;
            let bx = x0 + slot * i as f32 + (slot - bar_w) / 2.0;
            if h > 0.0 {
                self.rect(bx, plot_bottom, bar_w, h, Some(rgb(0.25, 0.45, 0.7)), None);
            }
            let vs = fmt_num(v);
            let vw = text_width(self.f.regular, &vs, 7.0);
            self.text(bx + (bar_w - vw) / 2.0, plot_bottom + h + 2.5, &vs, false, 7.0, grey(0.0));
            let mut lines = wrap(self.f.regular, label, 7.0, slot - 2.0);
            if lines.len() > 2 {
                let rest = lines[1..].join(" ");
                lines.truncate(1);
                lines.push(truncate(self.f.regular, &rest, 7.0, slot - 2.0));
            }
            for (j, l) in lines.iter().enumerate() {
                let lw = text_width(self.f.regular, l, 7.0);
                let cx = x0 + slot * i as f32 + (slot - lw) / 2.0;
                self.text(cx, plot_bottom - 10.0 - 9.0 * j as f32, l, false, 7.0, grey(0.0));
            }
        }
        self.y = top - CHART_H;
        Ok(())
    }
}

const SIG_H: f32 = 70.0;
const FRAME_PAD: f32 = 8.0;
const CHART_H: f32 = 190.0;

fn nice_scale(max: f64) -> (f64, usize) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 4);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let steps = (max / step).ceil().max(1.0) as usize;
    (step, steps)
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Lays the document out; `refs` resolves `{{page:…}}` (unknown anchors print `fallback`).
///
/// When the last page of a section (up to a page break or the end) holds only the tail of a
/// table that began on the page before (a few stray rows), the table is set tighter if that
/// brings the tail back; otherwise it stays as it was. Sections are decided apart, so what
/// follows a page break never changes how the pages before it look. `compact` repeats an
/// earlier layout's decisions instead of searching again.
pub(crate) fn lay_out(doc: &Document, f: &Fonts, refs: &HashMap<String, usize>, fallback: &str, compact: Option<&BTreeSet<usize>>) -> Result<Laid> {
    if let Some(compact) = compact {
        return lay_out_with(doc, f, refs, fallback, compact);
    }
    let first = lay_out_with(doc, f, refs, fallback, &BTreeSet::new())?;
    let tried: BTreeSet<usize> = first.sections.iter().filter_map(|s| s.stray).collect();
    if tried.is_empty() {
        return Ok(first);
    }
    let tight = lay_out_with(doc, f, refs, fallback, &tried)?;
    let pages_of = |laid: &Laid, block: usize| laid.sections.iter().find(|s| s.blocks.contains(&block)).map(|s| s.pages);
    let kept: BTreeSet<usize> = tried.iter().copied().filter(|b| pages_of(&tight, *b) < pages_of(&first, *b)).collect();
    Ok(if kept == tried {
        tight
    } else if kept.is_empty() {
        first
    } else {
        lay_out_with(doc, f, refs, fallback, &kept)?
    })
}

/// One layout pass, with the blocks in `compact` set in [`COMPACT`].
fn lay_out_with(doc: &Document, f: &Fonts, refs: &HashMap<String, usize>, fallback: &str, compact: &BTreeSet<usize>) -> Result<Laid> {
    let (pw, ph) = doc.page_size.points();
    let m = doc.margins;
    let mut ctx = Ctx {
        f,
        refs,
        fallback,
        left: m.left * MM,
        right: pw - m.right * MM,
        top: ph - m.top * MM,
        bottom: m.bottom * MM,
        pages: vec![Vec::new()],
        cur: 0,
        y: ph - m.top * MM,
        headings: Vec::new(),
        frames: Vec::new(),
        used: Default::default(),
        block: 0,
        compact,
        page_block: vec![0],
        section: (0, 0),
        sections: Vec::new(),
    };
    if ctx.right - ctx.left < 100.0 || ctx.top - ctx.bottom < 200.0 {
        return Err(Error::InvalidDocument("the margins leave too little room: use smaller margins".into()));
    }
    for (i, b) in doc.blocks.iter().enumerate() {
        ctx.block = i;
        match b {
            Block::Title(t) => ctx.title(t),
            Block::Heading { level, text, anchor } => ctx.heading(*level, text, anchor, &doc.blocks[i + 1..]),
            Block::Paragraph(p) => ctx.paragraph(p),
            Block::KeyValue(kv) => ctx.key_values(kv),
            Block::Table(t) => ctx.table(t)?,
            Block::Bullets(items) => ctx.bullets(items),
            Block::Signatures(s) => ctx.signatures(s),
            Block::Framed { title, lines } => ctx.framed(title, lines),
            Block::BarChart(c) => ctx.chart(c)?,
            Block::Spacer(mm) => {
                ctx.y -= mm * MM;
                if ctx.y < ctx.bottom {
                    ctx.new_page();
                }
            }
            Block::PageBreak => {
                ctx.close_section(doc, i);
                if !ctx.at_top() {
                    ctx.new_page();
                }
                ctx.section = (i + 1, ctx.pages.len() - 1);
            }
        }
    }
    ctx.close_section(doc, doc.blocks.len());
    // Running header and footer, now that the page count is known.
    let total = ctx.pages.len();
    let (left, right, top, bottom) = (ctx.left, ctx.right, ctx.top, ctx.bottom);
    let w = right - left;
    for p in 0..total {
        ctx.cur = p;
        let hl = truncate(f.regular, &doc.header_left, 8.0, w * 0.6);
        let hr = truncate(f.regular, &doc.header_right, 8.0, w * 0.36);
        ctx.text(left, top + 10.0, &hl, false, 8.0, grey(0.3));
        let hrw = text_width(f.regular, &hr, 8.0);
        ctx.text(right - hrw, top + 10.0, &hr, false, 8.0, grey(0.3));
        ctx.line(left, top + 6.0, right, top + 6.0, 0.5, grey(0.6));
        ctx.line(left, bottom - 8.0, right, bottom - 8.0, 0.5, grey(0.6));
        let fl = truncate(f.regular, &doc.footer_left, 8.0, w * 0.7);
        ctx.text(left, bottom - 18.0, &fl, false, 8.0, grey(0.3));
        let fr = format!("Page {} of {}", p + 1, total);
        let frw = text_width(f.regular, &fr, 8.0);
        ctx.text(right - frw, bottom - 18.0, &fr, false, 8.0, grey(0.3));
    }
    Ok(Laid { pages: ctx.pages, headings: ctx.headings, frames: ctx.frames, used: ctx.used, compact: compact.clone(), sections: ctx.sections })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_resolve() {
        let mut m = HashMap::new();
        m.insert("a".to_string(), 7usize);
        assert_eq!(resolve_refs("see p. {{page:a}} and {{page:b}}", &m, "?"), "see p. 7 and ?");
        assert_eq!(resolve_refs("no refs", &m, "?"), "no refs");
    }

    #[test]
    fn scale_is_nice() {
        assert_eq!(nice_scale(37.0), (10.0, 4));
        assert_eq!(nice_scale(0.0), (1.0, 4));
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(3.0), "3");
    }
}
