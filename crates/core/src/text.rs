//! The one check of text typed by a person or read from a file, for every front end: names,
//! titles, references, file names and other one-line fields refuse control characters;
//! multi-line fields keep line breaks (as `\n`) and tabs but no other control character.
//! Both are trimmed, normalised to Unicode NFC and bounded in length, and a refusal names
//! the field, the character and where it is.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// The longest one-line field, in characters (a name, a title, a file name).
pub const MAX_LINE_CHARS: usize = 500;
/// The longest multi-line field, in characters (minutes of an agenda item, a summary).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// A one-line field: trimmed, NFC, no control character, at most [`MAX_LINE_CHARS`].
/// An empty result is returned as it is (callers decide whether the field is required).
pub fn line(field: &str, value: &str) -> Result<String> {
    let value: String = value.trim().nfc().collect();
    if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| is_control(*c)) {
        return Err(Error::invalid(format!(
            "the {field} holds a control character ({}) at character {}: a {field} is one line of text; remove it and try again",
            describe(c),
            at + 1
        )));
    }
    bounded(field, value, MAX_LINE_CHARS)
}

/// A multi-line field: line breaks become `\n`, tabs stay, any other control character is
/// refused; trimmed, NFC, at most [`MAX_TEXT_CHARS`].
pub fn lines(field: &str, value: &str) -> Result<String> {
    let value: String = value.replace("\r\n", "\n").replace('\r', "\n").trim().nfc().collect();
    if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| is_control(*c) && !matches!(c, '\n' | '\t')) {
        return Err(Error::invalid(format!(
            "the {field} holds a control character ({}) at character {}: remove it and try again (line breaks and tabs are kept)",
            describe(c),
            at + 1
        )));
    }
    bounded(field, value, MAX_TEXT_CHARS)
}

/// [`line`] for an optional field; empty after trimming means "none".
pub fn optional_line(field: &str, value: Option<&str>) -> Result<Option<String>> {
    value.map(|v| line(field, v)).transpose().map(|v| v.filter(|v| !v.is_empty()))
}

/// [`lines`] for an optional field; empty after trimming means "none".
pub fn optional_lines(field: &str, value: Option<&str>) -> Result<Option<String>> {
    value.map(|v| lines(field, v)).transpose().map(|v| v.filter(|v| !v.is_empty()))
}

/// [`line`] for a field that must not be empty; `missing` says what to give.
pub fn required_line(field: &str, value: &str, missing: &str) -> Result<String> {
    let value = line(field, value)?;
    if value.is_empty() {
        return Err(Error::invalid(missing.to_owned()));
    }
    Ok(value)
}

fn bounded(field: &str, value: String, max: usize) -> Result<String> {
    let count = value.chars().count();
    if count > max {
        return Err(Error::invalid(format!("the {field} is {count} characters long; the limit is {max}: shorten it")));
    }
    Ok(value)
}

/// C0 and C1 controls and DEL, plus the Unicode line and paragraph separators and the
/// bidirectional overrides that make a terminal or a viewer show text out of order.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn describe(c: char) -> String {
    match c {
        '\n' => "a line break".into(),
        '\r' => "a carriage return".into(),
        '\t' => "a tab".into(),
        '\u{1b}' => "an escape, U+001B".into(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// Text from the store made safe to print on a terminal: every control character the
/// text holds (line breaks and tabs included: callers lay out their own lines) is shown
/// as its escape, `\n`, `\t` or `\u{1b}`, so stored data never moves the cursor, clears
/// the screen or breaks a table.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_control(c) { c.escape_default().collect::<String>() } else { c.to_string() }).collect())
}

/// Like [`for_terminal`] but keeps line breaks and tabs, for text that is shown as a block
/// (minutes, a summary).
pub fn block_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_control(c) && !matches!(c, '\n' | '\t')) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_control(c) && !matches!(c, '\n' | '\t') { c.escape_default().collect::<String>() } else { c.to_string() }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_trimmed_and_normalised_to_nfc() {
        assert_eq!(line("name", "  Zoe\u{0308}  ").unwrap(), "Zoë");
        assert_eq!(line("name", "Zoë").unwrap().chars().count(), 3);
    }

    #[test]
    fn a_line_refuses_every_control_character_and_names_the_field() {
        for bad in ["Eve\nBcc: attacker@example.com", "a\rb", "tab\there", "\u{1b}[31mred", "nul\0", "del\u{7f}", "c1\u{85}x", "rtl\u{202E}txt", "ls\u{2028}x"] {
            let error = line("person's name", bad).unwrap_err();
            assert_eq!(error.kind(), "invalid", "{bad:?}");
            assert!(error.to_string().contains("person's name"), "{error}");
        }
        assert!(line("title", "Eve\nBcc").unwrap_err().to_string().contains("a line break) at character 4"));
    }

    #[test]
    fn lines_keep_line_breaks_as_lf_and_tabs_but_refuse_other_controls() {
        assert_eq!(lines("minutes", " one\r\ntwo\rthree\n\tfour ").unwrap(), "one\ntwo\nthree\n\tfour");
        let error = lines("minutes", "fine\n\u{1b}[2J").unwrap_err();
        assert!(error.to_string().contains("minutes") && error.to_string().contains("U+001B"), "{error}");
    }

    #[test]
    fn lengths_are_bounded_and_the_limit_is_named() {
        assert!(line("title", &"x".repeat(MAX_LINE_CHARS)).is_ok());
        let error = line("title", &"x".repeat(MAX_LINE_CHARS + 1)).unwrap_err().to_string();
        assert!(error.contains("the limit is 500"), "{error}");
        assert!(lines("notes", &"x".repeat(MAX_TEXT_CHARS + 1)).is_err());
    }

    #[test]
    fn optional_and_required_fields() {
        assert_eq!(optional_line("email", Some("  ")).unwrap(), None);
        assert_eq!(optional_line("email", None).unwrap(), None);
        assert_eq!(optional_lines("notes", Some(" a\r\nb ")).unwrap().as_deref(), Some("a\nb"));
        assert_eq!(required_line("title", " ", "give a title").unwrap_err().to_string(), "give a title");
    }

    #[test]
    fn terminal_text_never_carries_a_control_character() {
        assert_eq!(for_terminal("plain"), Cow::Borrowed("plain"));
        let shown = for_terminal("a\u{1b}[2Jb\nc");
        assert_eq!(shown, "a\\u{1b}[2Jb\\nc");
        assert!(!shown.chars().any(char::is_control));
        assert_eq!(block_for_terminal("a\n\u{7}b"), "a\n\\u{7}b");
    }
}
