//! From a laid-out document to PDF bytes: printpdf writes the pages, then lopdf adds the
//! outline (bookmarks), named destinations for anchors and the embedded files.

use std::collections::{BTreeMap, HashMap};

use lopdf::{dictionary, text_string, Dictionary, Object, ObjectId, Stream};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

use crate::error::{Error, Result};
use crate::fonts::face;
use crate::layout::{lay_out, Fonts, PlacedFrame, PlacedHeading};
use crate::model::{Attachment, Document};

/// A rendered PDF with what the layout decided.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub page_count: usize,
    /// Every heading in order, with its page (1-based).
    pub headings: Vec<PlacedHeading>,
    /// Every framed box in order, with its page and rectangle.
    pub frames: Vec<PlacedFrame>,
}

impl Document {
    /// Lays the document out and writes the PDF (fonts embedded as subsets, outline from the
    /// headings, attachments as embedded files).
    pub fn render(&self) -> Result<RenderedPdf> {
        render(self)
    }
}

fn uses_refs(doc: &Document) -> bool {
    use crate::model::Block::*;
    doc.blocks.iter().any(|b| match b {
        Paragraph(p) => p.contains("{{page:"),
        Bullets(v) => v.iter().any(|s| s.contains("{{page:")),
        KeyValue(kv) => kv.iter().any(|(k, v)| k.contains("{{page:") || v.contains("{{page:")),
        Table(t) => t.rows.iter().flatten().any(|s| s.contains("{{page:")),
        _ => false,
    })
}

/// See [`Document::render`].
pub fn render(doc: &Document) -> Result<RenderedPdf> {
    let mut seen = std::collections::HashSet::new();
    for a in &doc.attachments {
        if !seen.insert(a.name.as_str()) {
            return Err(Error::DuplicateAttachment(a.name.clone()));
        }
        if a.name.is_empty() {
            return Err(Error::InvalidDocument("an attachment has no name: give it a file name".into()));
        }
    }
    let regular = face(false)?;
    let bold = face(true)?;
    let mut pdf = PdfDocument::new(&doc.title);
    let fonts = Fonts { regular, bold, regular_id: printpdf::FontId::new(), bold_id: printpdf::FontId::new() };
    let mut refs = HashMap::new();
    let mut laid = lay_out(doc, &fonts, &refs, "00", None)?;
    if uses_refs(doc) {
        for h in &laid.headings {
            if let Some(a) = &h.anchor {
                refs.insert(a.clone(), h.page);
            }
        }
        laid = lay_out(doc, &fonts, &refs, "?", Some(&laid.compact))?;
    }
    // Embed only the glyphs drawn.
    for (i, id) in [&fonts.regular_id, &fonts.bold_id].into_iter().enumerate() {
        let sub = crate::fonts::subset(i == 1, &laid.used[i])?;
        pdf.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(sub));
    }
    let (pw, ph) = doc.page_size.points();
    let pages = laid
        .pages
        .into_iter()
        .map(|ops| {
            // Set in points: PdfPage::new takes millimetres and rounds 792 pt to 792.001.
            let bx = printpdf::Rect::from_wh(printpdf::Pt(pw), printpdf::Pt(ph));
            PdfPage { media_box: bx.clone(), trim_box: bx.clone(), crop_box: bx, ops }
        })
        .collect();
    pdf.with_pages(pages);
    pdf.metadata.info.author = doc.author.clone();
    pdf.metadata.info.subject = doc.subject.clone();
    pdf.metadata.info.creator = "quorum-pdf".into();
    pdf.metadata.info.producer = "quorum-pdf (printpdf, lopdf)".into();
    if let Some(t) = doc.created {
        if let Ok(d) = printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp()) {
            pdf.metadata.info.creation_date = d;
            pdf.metadata.info.modification_date = d;
            pdf.metadata.info.metadata_date = d;
        }
    }
    let page_count = pdf.pages.len();
    let bytes = pdf.save(&PdfSaveOptions::default(), &mut Vec::new());
    let names = [(fonts.regular_id.0.clone(), "DejaVuSans"), (fonts.bold_id.0.clone(), "DejaVuSans-Bold")];
    let bytes = post_process(&bytes, doc, &laid.headings, &names)?;
    Ok(RenderedPdf { bytes, page_count, headings: laid.headings, frames: laid.frames })
}

fn pdf_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("D:%Y%m%d%H%M%SZ").to_string()
}

fn parse_err(e: lopdf::Error) -> Error {
    Error::Parse(e.to_string())
}

/// The sRGB profile of the PDF/A output intent: colord's sRGB.icc (CC0-1.0, see icc/LICENSE).
const SRGB_ICC: &[u8] = include_bytes!("../icc/sRGB.icc");

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The document information dictionary and the XMP metadata that repeats it (PDF/A wants
/// both to agree), claiming PDF/A-3b.
fn metadata(model: &Document) -> (Dictionary, Vec<u8>) {
    const CREATOR: &str = "quorum-pdf";
    const PRODUCER: &str = "quorum-pdf (printpdf, lopdf)";
    let mut info = dictionary! {
        "Title" => text_string(&model.title),
        "Author" => text_string(&model.author),
        "Subject" => text_string(&model.subject),
        "Creator" => text_string(CREATOR),
        "Producer" => text_string(PRODUCER),
    };
    let mut dates = String::new();
    if let Some(t) = model.created {
        let pdf = Object::string_literal(t.format("D:%Y%m%d%H%M%S+00'00'").to_string());
        info.set("CreationDate", pdf.clone());
        info.set("ModDate", pdf);
        let iso = t.format("%Y-%m-%dT%H:%M:%S+00:00");
        dates = format!("<xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate><xmp:MetadataDate>{iso}</xmp:MetadataDate>");
    }
    let xmp = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>{dates}
<pdf:Producer>{PRODUCER}</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        title = xml_escape(&model.title),
        author = xml_escape(&model.author),
        subject = xml_escape(&model.subject),
    );
    (info, xmp.into_bytes())
}

/// Adds outline, named destinations and embedded files to a PDF, and what PDF/A-3b asks
/// for (XMP metadata, an sRGB output intent, a 1.7 header); writes a classic xref.
fn post_process(bytes: &[u8], model: &Document, headings: &[PlacedHeading], font_names: &[(String, &str)]) -> Result<Vec<u8>> {
    let (attachments, created) = (&model.attachments[..], model.created);
    let mut doc = lopdf::Document::load_mem(bytes).map_err(parse_err)?;
    doc.version = "1.7".into();
    // Name the fonts as subsets ("ABCDEF+DejaVuSans") instead of printpdf's internal ids.
    for obj in doc.objects.values_mut() {
        let Ok(d) = obj.as_dict_mut() else { continue };
        for key in [&b"BaseFont"[..], b"FontName"] {
            let Ok(name) = d.get(key).and_then(Object::as_name) else { continue };
            if let Some((id, real)) = font_names.iter().find(|(id, _)| id.as_bytes() == name) {
                let tag: String = id.bytes().take(6).map(|b| (b'A' + b % 26) as char).collect();
                d.set(key.to_vec(), Object::Name(format!("{tag}+{real}").into_bytes()));
            }
        }
    }
    // printpdf writes an empty /Shading in every page's resources: nothing uses it.
    for obj in doc.objects.values_mut() {
        if let Ok(d) = obj.as_dict_mut() {
            if d.get(b"Shading").and_then(Object::as_dict).is_ok_and(|s| s.is_empty()) {
                d.remove(b"Shading");
            }
        }
    }
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    let page_id = |n: usize| pages.get(&(n as u32)).copied();
    let mut names = Dictionary::new();
    let mut catalog_extra: Vec<(&str, Object)> = Vec::new();

    // Outline: a tree built from heading levels.
    if !headings.is_empty() {
        let outlines_id = doc.new_object_id();
        let ids: Vec<ObjectId> = headings.iter().map(|_| doc.new_object_id()).collect();
        let mut parent: Vec<Option<usize>> = vec![None; headings.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, h) in headings.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if headings[top].level >= h.level {
                    stack.pop();
                } else {
                    break;
                }
            }
            parent[i] = stack.last().copied();
            stack.push(i);
        }
        let children = |p: Option<usize>| -> Vec<usize> { (0..headings.len()).filter(|&i| parent[i] == p).collect() };
        fn descendants(i: Option<usize>, parent: &[Option<usize>]) -> i64 {
            (0..parent.len()).filter(|&c| parent[c] == i).map(|c| 1 + descendants(Some(c), parent)).sum()
        }
        for (i, h) in headings.iter().enumerate() {
            let siblings = children(parent[i]);
            let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
            let mut d = dictionary! {
                "Title" => text_string(&h.text),
                "Parent" => parent[i].map(|p| ids[p]).unwrap_or(outlines_id),
            };
            if let Some(pid) = page_id(h.page) {
                d.set("Dest", vec![pid.into(), "XYZ".into(), Object::Null, Object::Real(h.y + 4.0), Object::Null]);
            }
            if pos > 0 {
                d.set("Prev", ids[siblings[pos - 1]]);
            }
            if pos + 1 < siblings.len() {
                d.set("Next", ids[siblings[pos + 1]]);
            }
            let kids = children(Some(i));
            if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
                d.set("First", ids[*f]);
                d.set("Last", ids[*l]);
                d.set("Count", descendants(Some(i), &parent));
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
        let top = children(None);
        let outlines = dictionary! {
            "Type" => "Outlines",
            "First" => ids[top[0]],
            "Last" => ids[*top.last().expect("a top-level heading")],
            "Count" => descendants(None, &parent),
        };
        doc.objects.insert(outlines_id, Object::Dictionary(outlines));
        catalog_extra.push(("Outlines", outlines_id.into()));
        catalog_extra.push(("PageMode", "UseOutlines".into()));

        // Named destinations, one per anchor.
        let mut dests: BTreeMap<Vec<u8>, Object> = BTreeMap::new();
        for h in headings {
            if let (Some(a), Some(pid)) = (&h.anchor, page_id(h.page)) {
                dests.insert(
                    a.as_bytes().to_vec(),
                    Object::Array(vec![pid.into(), "XYZ".into(), Object::Null, Object::Real(h.y + 4.0), Object::Null]),
                );
            }
        }
        if !dests.is_empty() {
            let arr: Vec<Object> = dests
                .into_iter()
                .flat_map(|(k, v)| [Object::String(k, lopdf::StringFormat::Literal), v])
                .collect();
            names.set("Dests", dictionary! { "Names" => arr });
        }
    }

    // Embedded files: a name tree in the catalog, and /AF for PDF 2.0 / PDF/A-3 readers.
    if !attachments.is_empty() {
        let mut sorted: Vec<&Attachment> = attachments.iter().collect();
        sorted.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        let mut tree = Vec::new();
        let mut af = Vec::new();
        for a in sorted {
            let mut params = dictionary! { "Size" => a.bytes.len() as i64 };
            if let Some(t) = created {
                params.set("ModDate", Object::string_literal(pdf_date(t)));
                params.set("CreationDate", Object::string_literal(pdf_date(t)));
            }
            let mut stream = Stream::new(
                dictionary! {
                    "Type" => "EmbeddedFile",
                    "Subtype" => Object::Name(a.media_type.as_bytes().to_vec()),
                    "Params" => params,
                },
                a.bytes.clone(),
            );
            if worth_compressing(&a.bytes) {
                let _ = stream.compress();
            }
            let ef_id = doc.add_object(stream);
            let spec = dictionary! {
                "Type" => "Filespec",
                "F" => text_string(&a.name),
                "UF" => text_string(&a.name),
                "Desc" => text_string(&a.description),
                "EF" => dictionary! { "F" => ef_id, "UF" => ef_id },
                "AFRelationship" => a.relationship.name(),
            };
            let spec_id = doc.add_object(spec);
            tree.push(Object::String(a.name.as_bytes().to_vec(), lopdf::StringFormat::Literal));
            tree.push(spec_id.into());
            af.push(Object::Reference(spec_id));
        }
        names.set("EmbeddedFiles", dictionary! { "Names" => tree });
        catalog_extra.push(("AF", Object::Array(af)));
        if headings.is_empty() {
            catalog_extra.push(("PageMode", "UseAttachments".into()));
        }
    }
    if !names.is_empty() {
        let names_id = doc.add_object(names);
        catalog_extra.push(("Names", names_id.into()));
    }
    // PDF/A-3b: the information dictionary and its XMP twin (printpdf's own claims, such
    // as an empty PDF/X version, go), and an sRGB output intent for the DeviceRGB colours.
    let (info, xmp) = metadata(model);
    if let Ok(Object::Reference(old)) = doc.trailer.get(b"Info") {
        let old = *old;
        doc.objects.remove(&old);
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);
    let mut xmp = Stream::new(dictionary! { "Type" => "Metadata", "Subtype" => "XML" }, xmp);
    xmp.allows_compression = false;
    catalog_extra.push(("Metadata", doc.add_object(xmp).into()));
    let mut icc = Stream::new(dictionary! { "N" => 3 }, SRGB_ICC.to_vec());
    let _ = icc.compress();
    let icc_id = doc.add_object(icc);
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
        "RegistryName" => Object::string_literal("http://www.color.org"),
        "Info" => Object::string_literal("sRGB IEC61966-2.1"),
        "DestOutputProfile" => icc_id,
    };
    catalog_extra.push(("OutputIntents", Object::Array(vec![doc.add_object(intent).into()])));
    {
        let catalog = doc.catalog_mut().map_err(parse_err)?;
        for (k, v) in catalog_extra {
            catalog.set(k, v);
        }
    }
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let mut out = Vec::with_capacity(bytes.len() + attachments.iter().map(|a| a.bytes.len()).sum::<usize>() + 4096);
    doc.save_to(&mut out).map_err(|e| Error::Parse(e.to_string()))?;
    Ok(out)
}

/// Deflating an attachment that is compressed already (a PDF, an image, an archive) takes
/// seconds for tens of megabytes and saves nothing: a sample of its start decides.
fn worth_compressing(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut probe = Stream::new(Dictionary::new(), sample.to_vec());
    probe.compress().is_ok() && probe.content.len() * 10 < sample.len() * 9
}

#[cfg(test)]
mod compression_tests {
    #[test]
    fn only_attachments_that_shrink_are_compressed() {
        let text = "kpi,value,target\nPatching within 14 days,94.2,95\n".repeat(2000);
        assert!(super::worth_compressing(text.as_bytes()));
        // SHA-256 chained: as incompressible as a JPEG or a zip.
        use sha2::Digest;
        let mut block = sha2::Sha256::digest(b"seed").to_vec();
        let mut random = Vec::new();
        while random.len() < 200_000 {
            block = sha2::Sha256::digest(&block).to_vec();
            random.extend_from_slice(&block);
        }
        assert!(!super::worth_compressing(&random));
        assert!(!super::worth_compressing(b""));
    }
}
