//! The two embedded faces (DejaVu Sans and DejaVu Sans Bold) and text measurement with
//! their real glyph advances.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{Error, Result};

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();

/// The parsed face, parsed once per process.
pub(crate) fn face(bold: bool) -> Result<&'static ParsedFont> {
    let (cell, bytes, name) = if bold {
        (&BOLD, BOLD_TTF, "DejaVuSans-Bold.ttf")
    } else {
        (&REGULAR, REGULAR_TTF, "DejaVuSans.ttf")
    };
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
        .ok_or(Error::Font(name))
}

/// A subset of the face holding `.notdef` and the glyphs of `chars`, with a Unicode cmap,
/// parsed again so printpdf embeds only that (printpdf subsets only with its heavy
/// `text_layout` feature). Advances are unchanged, so layout done with the full face holds.
pub(crate) fn subset(bold: bool, chars: &std::collections::BTreeSet<char>) -> Result<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let full = face(bold)?;
    let (bytes, name) = if bold { (BOLD_TTF, "DejaVuSans-Bold.ttf") } else { (REGULAR_TTF, "DejaVuSans.ttf") };
    let mut gids: Vec<u16> = chars.iter().filter_map(|c| full.lookup_glyph_index(*c as u32)).filter(|g| *g != 0).collect();
    gids.sort_unstable();
    gids.dedup();
    gids.insert(0, 0);
    let font_file = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|_| Error::Font(name))?;
    let provider = font_file.table_provider(0).map_err(|_| Error::Font(name))?;
    let sub = allsorts::subset::subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|_| Error::Font(name))?;
    ParsedFont::from_bytes(&sub, 0, &mut Vec::new()).ok_or(Error::Font(name))
}

/// Width of `text` in points at `size`, from the font's horizontal advances (no kerning:
/// printpdf does not kern either, so what is measured is what is drawn).
pub(crate) fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let upem = font.units_per_em.max(1) as f32;
    let mut units = 0.0f32;
    for c in text.chars() {
        let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
        units += font.get_glyph_width(gid).unwrap_or(0) as f32;
    }
    units / upem * size
}

/// Breaks `text` into lines no wider than `max_width`. Spaces separate words; `\n` forces a
/// break; a word wider than the line is broken between characters.
pub(crate) fn wrap(font: &ParsedFont, text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut out = Vec::new();
    let space = text_width(font, " ", size);
    for hard in text.split('\n') {
        let hard = hard.replace('\t', "    ");
        let mut line = String::new();
        let mut line_w = 0.0f32;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = text_width(font, word, size);
            let extra = if line.is_empty() { w } else { space + w };
            if line_w + extra <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += extra;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if w <= max_width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word longer than the line: break it between characters.
            for c in word.chars() {
                let cw = text_width(font, c.encode_utf8(&mut [0; 4]), size);
                if line_w + cw > max_width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push(line);
    }
    out
}

/// Shortens `text` with an ellipsis so it fits `max_width`.
pub(crate) fn truncate(font: &ParsedFont, text: &str, size: f32, max_width: f32) -> String {
    if text_width(font, text, size) <= max_width {
        return text.to_string();
    }
    let mut s = String::new();
    for c in text.chars() {
        let mut candidate = s.clone();
        candidate.push(c);
        candidate.push('…');
        if text_width(font, &candidate, size) > max_width {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn european_names_have_glyphs() {
        let f = face(false).unwrap();
        for c in "Zoë Łukasz Müller Ægir Ørsted Šťastný Ğül — € ✓ •…".chars() {
            assert!(f.lookup_glyph_index(c as u32).is_some(), "no glyph for {c:?}");
        }
        assert!(face(true).unwrap().lookup_glyph_index('Ł' as u32).is_some());
    }

    #[test]
    fn widths_are_real_advances() {
        let f = face(false).unwrap();
        // DejaVu Sans: 'i' is much narrower than 'W'.
        assert!(text_width(f, "W", 10.0) > 2.0 * text_width(f, "i", 10.0));
        assert!((text_width(f, "ab", 10.0) - text_width(f, "a", 10.0) - text_width(f, "b", 10.0)).abs() < 1e-3);
    }

    #[test]
    fn wrap_keeps_within_width_and_breaks_long_words() {
        let f = face(false).unwrap();
        let text = "short words then a verylongwordwithoutanyspacesthatcannotfitononeline end";
        let lines = wrap(f, text, 10.0, 80.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(text_width(f, l, 10.0) <= 80.0 + 0.01, "{l:?} too wide");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap(f, "a\nb", 10.0, 100.0), vec!["a", "b"]);
    }
}
