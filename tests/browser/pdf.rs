//! The book as one PDF: mdBook's print page (print.html, every chapter in one page) printed by
//! Chromium, on A4 with page numbers and an outline of the chapters for a PDF reader's sidebar.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::session::{cdp, emulate_media, wait_for};

/// The file `book-pdf` writes into the built book, published beside the site.
pub const PDF_NAME: &str = "tasks-threads-processes.pdf";

/// A4, in inches (what Chromium's printing takes).
pub const PAPER_WIDTH: f64 = 8.27;
pub const PAPER_HEIGHT: f64 = 11.69;
/// Left and right margins; the bottom one leaves room for the page number.
pub const MARGIN: f64 = 0.5;
const MARGIN_BOTTOM: f64 = 0.75;

/// The width a printed page gives the text, in CSS pixels (96 to the inch): what the browser
/// test lays the print page out at to see that nothing is wider than the paper.
pub fn printable_width_px() -> u32 {
    ((PAPER_WIDTH - 2.0 * MARGIN) * 96.0).floor() as u32
}

/// Until print.html has loaded with its fonts and images, then what the page holds:
/// `{ chapters, images, broken: [src of an image that did not load] }`.
pub const PRINT_PAGE_READY: &str = "
    if (document.readyState !== 'complete' || document.fonts.status !== 'loaded') return null;
    const images = Array.from(document.images);
    if (!images.every(image => image.complete)) return null;
    return {
      chapters: document.querySelectorAll('main h1').length,
      images: images.length,
      broken: images.filter(image => image.naturalWidth === 0).map(image => image.getAttribute('src')),
    };";

/// Opens `print_page` (the URL of print.html) in the light theme and prints it to PDF.
pub async fn print(client: &Client, print_page: &str) -> Result<Vec<u8>, String> {
    // The theme follows the reader's preference (book.toml): the paper is light.
    emulate_media(client, "", &[("prefers-color-scheme", "light")]).await?;
    // print.html opens the print dialog once loaded, and a page being printed so cannot be
    // printed to PDF: its print() does nothing here.
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.print = function () {};" }),
    )
    .await?;
    client
        .goto(print_page)
        .await
        .map_err(|e| format!("cannot open {print_page}: {e}"))?;
    let ready = wait_for(client, PRINT_PAGE_READY)
        .await
        .ok_or_else(|| format!("{print_page} did not finish loading its fonts and images"))?;
    if ready["chapters"] == json!(0) {
        return Err(format!("{print_page} holds no chapter"));
    }
    if let Some(broken) = ready["broken"].as_array().filter(|b| !b.is_empty()) {
        return Err(format!(
            "{print_page}: images that did not load: {broken:?}"
        ));
    }
    let footer = "<div style=\"width: 100%; font-size: 8px; color: #666; text-align: center;\">\
                  <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>";
    let printed = cdp(
        client,
        "Page.printToPDF",
        json!({
            "paperWidth": PAPER_WIDTH,
            "paperHeight": PAPER_HEIGHT,
            "marginTop": MARGIN,
            "marginBottom": MARGIN_BOTTOM,
            "marginLeft": MARGIN,
            "marginRight": MARGIN,
            // The code blocks' shading and the tables' stripes are part of the page.
            "printBackground": true,
            "displayHeaderFooter": true,
            "headerTemplate": "<span></span>",
            "footerTemplate": footer,
            // Headings become the PDF's outline (bookmarks); tags make it readable aloud.
            "generateDocumentOutline": true,
            "generateTaggedPDF": true,
        }),
    )
    .await?;
    let Some(Value::String(data)) = printed.get("data") else {
        return Err(format!("Chromium printed no PDF: {printed}"));
    };
    let pdf = base64(data).ok_or("Chromium's PDF is not base64")?;
    if !pdf.starts_with(b"%PDF-") {
        return Err("what Chromium printed is not a PDF".into());
    }
    Ok(pdf)
}

/// Standard base64 (RFC 4648, with padding), as Chrome DevTools sends binary data.
fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let text = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= u32::from(value(c)?) << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        match chunk.len() {
            4 => out.extend_from_slice(&bytes[1..4]),
            3 => out.extend_from_slice(&bytes[1..3]),
            2 => out.push(bytes[1]),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_every_padding() {
        assert_eq!(super::base64("JVBERi0="), Some(b"%PDF-".to_vec()));
        assert_eq!(super::base64("JVBERg=="), Some(b"%PDF".to_vec()));
        assert_eq!(super::base64("JVBE"), Some(b"%PD".to_vec()));
        assert_eq!(super::base64("JV!E"), None);
    }
}
