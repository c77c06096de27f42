//! A PDF's revisions (the original file and each incremental update) and what each update
//! changed. A signature covers one revision; what later revisions may do without changing
//! what was signed is narrow: add signatures and document timestamps (their fields,
//! widgets and appearances), validation data (`/DSS`) and metadata (`/Info`, XMP).
//! Anything else is a change of content.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The end of each revision, in file order: the offset just after its `%%EOF` marker and
/// the offset after the end of line that may follow it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RevisionEnd {
    pub eof: usize,
    pub end: usize,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The `/Prev` offset of the cross-reference section (table or stream) at `xref`.
fn prev_of(pdf: &[u8], xref: usize) -> Option<usize> {
    // The section's dictionary ends before the next `startxref` (a table's trailer) or
    // before `stream` (an xref stream's dictionary).
    let stop = [find(pdf, b"startxref", xref), find(pdf, b"stream", xref)].into_iter().flatten().min()?;
    let dict = &pdf[xref..stop];
    let at = dict.windows(5).rposition(|w| w == b"/Prev")? + 5;
    let digits: String = dict[at..].iter().skip_while(|b| b.is_ascii_whitespace()).take_while(|b| b.is_ascii_digit()).map(|b| *b as char).collect();
    digits.parse().ok()
}

/// The ends of the file's revisions, found by following the cross-reference chain back
/// from the last `startxref` (an embedded file that happens to contain `%%EOF` is not
/// mistaken for a revision). Ascending.
pub(crate) fn revision_ends(pdf: &[u8]) -> Vec<RevisionEnd> {
    let mut xrefs = Vec::new();
    let mut next = crate::sign::last_startxref(pdf).ok();
    while let Some(xref) = next.filter(|x| *x < pdf.len() && !xrefs.contains(x)) {
        xrefs.push(xref);
        next = prev_of(pdf, xref);
    }
    let mut ends: Vec<RevisionEnd> = xrefs
        .iter()
        .filter_map(|x| {
            let eof = find(pdf, b"%%EOF", *x)? + 5;
            let eol = pdf[eof..].iter().take(2).take_while(|b| matches!(b, b'\r' | b'\n')).count();
            Some(RevisionEnd { eof, end: eof + eol })
        })
        .collect();
    ends.sort_by_key(|e| e.eof);
    ends.dedup();
    ends
}

/// Equal as PDF objects (a stream's position in the file does not count).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => x.dict == y.dict && x.content == y.content,
        _ => a == b,
    }
}

/// Every object reachable from `from` through references, except through the keys in
/// `skip` (a widget's `/P` and `/Parent` lead back into the document).
fn reach(doc: &Document, from: &Object, skip: &[&[u8]], seen: &mut BTreeSet<ObjectId>) {
    let mut stack = vec![from.clone()];
    while let Some(object) = stack.pop() {
        match object {
            Object::Reference(id) => {
                if seen.insert(id) {
                    if let Ok(o) = doc.get_object(id) {
                        stack.push(o.clone());
                    }
                }
            }
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(d) => stack.extend(d.iter().filter(|(k, _)| !skip.contains(&k.as_slice())).map(|(_, v)| v.clone())),
            Object::Stream(s) => stack.extend(s.dict.iter().filter(|(k, _)| !skip.contains(&k.as_slice())).map(|(_, v)| v.clone())),
            _ => {}
        }
    }
}

fn dict_of(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn name_of<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok().and_then(|o| o.as_name().ok())
}

fn is_signature_field(doc: &Document, d: &Dictionary) -> bool {
    if name_of(d, b"FT") == Some(b"Sig") {
        return true;
    }
    d.get(b"Parent")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .is_some_and(|p| name_of(p, b"FT") == Some(b"Sig"))
}

fn resolved<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        other => other,
    }
}

/// The keys whose values differ between two dictionaries.
fn changed_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let keys: BTreeSet<&Vec<u8>> = a.iter().map(|(k, _)| k).chain(b.iter().map(|(k, _)| k)).collect();
    keys.into_iter()
        .filter(|k| match (a.get(k), b.get(k)) {
            (Ok(x), Ok(y)) => !same(x, y),
            _ => true,
        })
        .cloned()
        .collect()
}

/// The items of an array (direct or referenced) in `doc`.
fn items(doc: &Document, o: Option<&Object>) -> Vec<Object> {
    o.map(|o| resolved(doc, o)).and_then(|o| o.as_array().ok()).cloned().unwrap_or_default()
}

fn describe(id: ObjectId, d: Option<&Dictionary>) -> String {
    let kind = d.and_then(|d| name_of(d, b"Type").or_else(|| name_of(d, b"Subtype"))).map(|t| format!(" ({})", String::from_utf8_lossy(t))).unwrap_or_default();
    format!("object {} {}{kind}", id.0, id.1)
}

/// What `later` (a later revision of the same file) changed in `earlier` beyond adding
/// signatures, document timestamps, validation data and metadata: one sentence per object.
/// Empty when nothing else changed.
pub(crate) fn content_changes(earlier: &Document, later: &Document) -> Vec<String> {
    let root = |doc: &Document| doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let (Some(old_root), Some(root_id)) = (root(earlier), root(later)) else {
        return vec!["the document catalog cannot be read".into()];
    };
    if old_root != root_id {
        return vec![format!("the document catalog was replaced (object {} became {})", old_root.0, root_id.0)];
    }
    let Ok(catalog) = later.get_dictionary(root_id) else { return vec!["the document catalog cannot be read".into()] };

    // What only the document's live tree can show.
    let mut live = BTreeSet::new();
    reach(later, &Object::Reference(root_id), &[], &mut live);

    // Objects a later revision may add or change freely.
    let mut free = BTreeSet::new();
    if let Ok(dss) = catalog.get(b"DSS") {
        reach(later, dss, &[], &mut free);
    }
    if let Ok(Object::Reference(id)) = catalog.get(b"Metadata") {
        free.insert(*id);
    }
    // The form's default resources (fonts for signature appearances).
    if let Some(Ok(dr)) = catalog.get(b"AcroForm").ok().map(|f| resolved(later, f)).and_then(dict_of).map(|f| f.get(b"DR")) {
        reach(later, dr, &[], &mut free);
    }
    let is_new_or_changed = |id: &ObjectId, o: &Object| earlier.objects.get(id).is_none_or(|e| !same(e, o));
    let changed: Vec<(ObjectId, &Object)> = later.objects.iter().filter(|(id, o)| is_new_or_changed(id, o)).map(|(id, o)| (*id, o)).collect();
    for (id, object) in &changed {
        let Some(d) = dict_of(object) else { continue };
        let new = !earlier.objects.contains_key(id);
        let kind = name_of(d, b"Type");
        if new && matches!(kind, Some(b"Sig" | b"DocTimeStamp")) {
            free.insert(*id);
        } else if is_signature_field(later, d) && name_of(d, b"Subtype").is_none_or(|s| s == b"Widget") {
            // A signature field or its widget (new, or an empty field now signed), with
            // its appearance and its value.
            free.insert(*id);
            for key in [&b"AP"[..], b"V"] {
                if let Ok(v) = d.get(key) {
                    reach(later, v, &[b"P", b"Parent"], &mut free);
                }
            }
        } else if matches!(kind, Some(b"XRef" | b"ObjStm")) {
            free.insert(*id);
        }
    }
    // The signature fields, appended to the form's /Fields and to a page's /Annots.
    let grows_by_signatures = |old: Vec<Object>, new: Vec<Object>| {
        new.len() >= old.len() && new[..old.len()] == old[..] && new[old.len()..].iter().all(|o| o.as_reference().is_ok_and(|id| free.contains(&id)))
    };
    let old_form = earlier.get_dictionary(old_root).ok().and_then(|c| c.get(b"AcroForm").ok());
    let form = catalog.get(b"AcroForm").ok();
    let form_ok = acroform_grew(earlier, later, old_form, form, &grows_by_signatures);
    // Arrays kept as their own objects that the rules below read through their referrer.
    let mut form_parts = BTreeSet::new();
    if let Some(Object::Reference(id)) = form {
        form_parts.insert(*id);
    }
    if let Some(Ok(Object::Reference(id))) = form.map(|f| resolved(later, f)).and_then(dict_of).map(|f| f.get(b"Fields")) {
        form_parts.insert(*id);
    }
    let annots_arrays: BTreeSet<ObjectId> = later
        .objects
        .values()
        .filter_map(dict_of)
        .filter(|d| name_of(d, b"Type") == Some(b"Page"))
        .filter_map(|d| d.get(b"Annots").ok().and_then(|a| a.as_reference().ok()))
        .collect();

    // An object a later revision frees (or that no longer parses) is a change too.
    let mut changes: Vec<String> = earlier
        .objects
        .iter()
        .filter(|(id, o)| !later.objects.contains_key(*id) && !dict_of(o).and_then(|d| name_of(d, b"Type")).is_some_and(|t| matches!(t, b"XRef" | b"ObjStm")))
        .map(|(id, _)| format!("object {} {} removed or unreadable", id.0, id.1))
        .collect();
    for (id, object) in changed {
        if free.contains(&id) || !live.contains(&id) {
            continue;
        }
        let before = earlier.objects.get(&id);
        let (d, old) = (dict_of(object), before.and_then(dict_of));
        let allowed = if id == root_id {
            let old = earlier.get_dictionary(old_root).ok();
            match (d, old) {
                // /Version and /Extensions: a later writer's PDF version and extension levels.
                (Some(d), Some(old)) => changed_keys(old, d).iter().all(|k| matches!(k.as_slice(), b"DSS" | b"Extensions" | b"Metadata" | b"Version") || (k == b"AcroForm" && form_ok)),
                _ => false,
            }
        } else if form_parts.contains(&id) {
            form_ok
        } else if annots_arrays.contains(&id) {
            // Checked here when changed in place; a new one through its page below.
            before.is_none() || grows_by_signatures(items(earlier, before), object.as_array().cloned().unwrap_or_default())
        } else if let (Some(d), Some(old)) = (d, old) {
            name_of(d, b"Type") == Some(b"Page")
                && changed_keys(old, d).iter().all(|k| k == b"Annots")
                && grows_by_signatures(items(earlier, old.get(b"Annots").ok()), items(later, d.get(b"Annots").ok()))
        } else {
            false
        };
        if !allowed {
            let what = match (d, old) {
                (Some(d), Some(old)) => {
                    let keys: Vec<String> = changed_keys(old, d).iter().map(|k| format!("/{}", String::from_utf8_lossy(k))).collect();
                    format!("changed ({})", keys.join(" "))
                }
                _ if before.is_some() => "changed".into(),
                _ => "added".into(),
            };
            changes.push(format!("{} {what}", describe(id, d)));
        }
    }
    changes
}

/// The interactive form changed only by gaining signature fields (and its signature flags
/// and default resources).
fn acroform_grew(earlier: &Document, later: &Document, old: Option<&Object>, new: Option<&Object>, grows: &dyn Fn(Vec<Object>, Vec<Object>) -> bool) -> bool {
    let empty = Dictionary::new();
    let old_d = old.map(|o| resolved(earlier, o)).and_then(dict_of).unwrap_or(&empty);
    let Some(new_d) = new.map(|o| resolved(later, o)).and_then(dict_of) else { return old.is_none() };
    let keys = changed_keys(old_d, new_d);
    keys.iter().all(|k| matches!(k.as_slice(), b"SigFlags" | b"DR" | b"DA" | b"Fields"))
        && grows(items(earlier, old_d.get(b"Fields").ok()), items(later, new_d.get(b"Fields").ok()))
}
