use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::CalendarError;

/// The longest all-day event a holidays file may hold, in days (a closure of a year).
pub const MAX_HOLIDAY_SPAN_DAYS: i64 = 366;
/// The most holiday days one file may give (every day of twenty years).
pub const MAX_HOLIDAYS: usize = 20 * 366;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// The organisation's working week and public holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Working weekdays; Monday to Friday by default.
    pub working_days: Vec<Weekday>,
    pub holidays: Vec<Holiday>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar {
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: Vec::new(),
        }
    }
}

impl WorkCalendar {
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.date == date)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.working_days.contains(&date.weekday()) && self.holiday(date).is_none()
    }

    /// Why `date` is not a working day ("Saturday", "holiday Christmas Day"), or None.
    pub fn why_not_working(&self, date: NaiveDate) -> Option<String> {
        if let Some(h) = self.holiday(date) {
            return Some(format!("public holiday ({})", h.name));
        }
        if !self.working_days.contains(&date.weekday()) {
            return Some(format!(
                "non-working day ({})",
                weekday_name(date.weekday())
            ));
        }
        None
    }

    /// The first working day on or after `date`.
    pub fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..400 {
            if self.is_working_day(d) {
                return d;
            }
            d += Duration::days(1);
        }
        date
    }

    /// The last working day on or before `date`.
    pub fn on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..400 {
            if self.is_working_day(d) {
                return d;
            }
            d -= Duration::days(1);
        }
        date
    }

    /// Move `n` working days from `date` (negative: backwards). `date` itself is not counted.
    pub fn add_working_days(&self, date: NaiveDate, n: i32) -> NaiveDate {
        let step = if n < 0 { -1 } else { 1 };
        let mut left = n.abs();
        let mut d = date;
        let mut guard = 0;
        while left > 0 && guard < 4000 {
            d += Duration::days(step);
            if self.is_working_day(d) {
                left -= 1;
            }
            guard += 1;
        }
        d
    }
}

pub(crate) fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Parse the holidays text format: one `YYYY-MM-DD,Name` per line; blank lines and lines
/// starting with `#` are ignored; the name may contain commas; surrounding spaces are
/// trimmed; a UTF-8 BOM is accepted. Errors carry the 1-based line number.
pub fn parse_holidays_text(text: &str) -> Result<Vec<Holiday>, CalendarError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| CalendarError::HolidayLine {
            line: line_no,
            message,
        };
        let (date, name) = line
            .split_once(',')
            .ok_or_else(|| err(format!("expected `YYYY-MM-DD,Name`, found {line:?}")))?;
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|e| err(format!("bad date {:?}: {e}", date.trim())))?;
        let name = name.trim().trim_matches('"').trim();
        if name.is_empty() {
            return Err(err("the holiday has no name".into()));
        }
        if out.len() == MAX_HOLIDAYS {
            return Err(err(format!(
                "the file holds more than {MAX_HOLIDAYS} holidays (MAX_HOLIDAYS): split it by year"
            )));
        }
        out.push(Holiday {
            date,
            name: name.to_string(),
        });
    }
    out.sort_by_key(|h| h.date);
    Ok(out)
}

/// Read public holidays from an .ics file: every VEVENT whose DTSTART is a DATE value
/// (all-day) gives one holiday per day from DTSTART to DTEND (exclusive; one day if no
/// DTEND). Events with a date-time DTSTART are ignored. Recurrence rules are not expanded.
pub fn parse_holidays_ics(text: &str) -> Result<Vec<Holiday>, CalendarError> {
    // Unfold (RFC 5545 3.1): a line starting with space or tab continues the previous one.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.1.push_str(rest);
                continue;
            }
        }
        lines.push((i + 1, raw.to_string()));
    }
    let mut out = Vec::new();
    let mut in_event = false;
    let mut start: Option<NaiveDate> = None;
    let mut end: Option<NaiveDate> = None;
    let mut summary = String::new();
    for (line_no, line) in lines {
        let err = |message: String| CalendarError::HolidayLine {
            line: line_no,
            message,
        };
        let Some((head, value)) = split_content_line(&line) else {
            continue;
        };
        let mut parts = head.split(';');
        let name = parts.next().unwrap_or("").to_ascii_uppercase();
        let is_date = head.to_ascii_uppercase().contains("VALUE=DATE")
            && !head.to_ascii_uppercase().contains("VALUE=DATE-TIME");
        match (name.as_str(), value) {
            ("BEGIN", v) if v.eq_ignore_ascii_case("VEVENT") => {
                in_event = true;
                start = None;
                end = None;
                summary.clear();
            }
            ("END", v) if v.eq_ignore_ascii_case("VEVENT") => {
                in_event = false;
                if let Some(s) = start {
                    let e = end.filter(|e| *e > s).unwrap_or(s + Duration::days(1));
                    let days = (e - s).num_days();
                    if days > MAX_HOLIDAY_SPAN_DAYS {
                        return Err(err(format!(
                            "an all-day event from {s} to {e} spans {days} days; a holiday spans at most {MAX_HOLIDAY_SPAN_DAYS} days (MAX_HOLIDAY_SPAN_DAYS)"
                        )));
                    }
                    if out.len() as i64 + days > MAX_HOLIDAYS as i64 {
                        return Err(err(format!(
                            "the file holds more than {MAX_HOLIDAYS} holiday days (MAX_HOLIDAYS): split it by year"
                        )));
                    }
                    let mut d = s;
                    while d < e {
                        out.push(Holiday {
                            date: d,
                            name: if summary.is_empty() {
                                "Holiday".into()
                            } else {
                                summary.clone()
                            },
                        });
                        d += Duration::days(1);
                    }
                }
            }
            ("DTSTART", v) if in_event && (is_date || v.len() == 8) => {
                start = Some(
                    NaiveDate::parse_from_str(v, "%Y%m%d")
                        .map_err(|e| err(format!("bad DTSTART {v:?}: {e}")))?,
                );
            }
            ("DTEND", v) if in_event && (is_date || v.len() == 8) => {
                end = Some(
                    NaiveDate::parse_from_str(v, "%Y%m%d")
                        .map_err(|e| err(format!("bad DTEND {v:?}: {e}")))?,
                );
            }
            ("SUMMARY", v) if in_event => summary = unescape_text(v),
            _ => {}
        }
    }
    out.sort_by_key(|h| h.date);
    out.dedup_by_key(|h| h.date);
    Ok(out)
}

/// Split `NAME;PARAM="a:b":value` at the first colon outside quotes.
fn split_content_line(line: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

fn unescape_text(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
