//! Writes a signed ~30-page sample PDF to the system temp folder and prints timings.
//! `cargo run -p quorum-pdf --example sample`

#[path = "../tests/common/sample.rs"]
mod sample;

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Instant::now();
    let doc = sample::sample_document();
    let rendered = doc.render()?;
    let t1 = Instant::now();
    let id = quorum_pdf::SigningIdentity::generate("Zoë Müller", "Example Organisation Ltd", sample::now())?;
    let signed = quorum_pdf::sign_pdf(
        &rendered.bytes,
        &id,
        &quorum_pdf::SignatureInfo {
            signer_name: "Zoë Müller".into(),
            reason: "Approval".into(),
            location: "Łódź".into(),
            contact_info: String::new(),
            signing_time: sample::now(),
            field: None,
        },
    )?;
    let t2 = Instant::now();
    let report = quorum_pdf::verify_pdf(&signed)?;
    let t3 = Instant::now();
    let dir = std::env::temp_dir().join("quorum-pdf-sample");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("sample-unsigned.pdf"), &rendered.bytes)?;
    std::fs::write(dir.join("sample-signed.pdf"), &signed)?;
    println!("pages: {}, bytes: {}", rendered.page_count, signed.len());
    println!("layout+write: {:?}, sign: {:?}, verify: {:?}", t1 - t0, t2 - t1, t3 - t2);
    println!("signatures: {:?}", report.signatures);
    println!("written to {}", dir.display());
    Ok(())
}
