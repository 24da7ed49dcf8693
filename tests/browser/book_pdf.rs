//! `book-pdf [BOOK] [PDF]`: prints a built book (`mdbook build`'s `book/`) to one PDF with headless
//! Chromium, from mdBook's print page: `BOOK/tasks-threads-processes.pdf` unless PDF is given.
//!
//! .github/workflows/book.yml runs it after `mdbook build` and publishes the PDF beside the site;
//! the browser test (reader.rs) runs it on its own build and checks the PDF. Needs Chromium and
//! chromedriver (CHROMIUM / CHROMEDRIVER, or `chromium` and `chromedriver` on the PATH):
//!
//! ```console
//! mdbook build && cargo run -p book-browser-tests --bin book-pdf
//! ```

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use book_browser_tests::{browser, driver, pdf, server, session};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let book = args.next().unwrap_or_else(|| PathBuf::from("book"));
    let out = args.next().unwrap_or_else(|| book.join(pdf::PDF_NAME));
    match print(&book, &out) {
        Ok(size) => {
            println!("{}: {} KiB", out.display(), size / 1024);
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("book-pdf: {why}");
            ExitCode::FAILURE
        }
    }
}

/// Prints `book`'s print.html to `out`; returns the PDF's size in bytes.
fn print(book: &std::path::Path, out: &std::path::Path) -> Result<usize, String> {
    if !book.join("print.html").is_file() {
        return Err(format!(
            "{} has no print.html: run `mdbook build` first (book.toml's [output.html.print])",
            book.display()
        ));
    }
    let (chromium, chromedriver) = browser().ok_or(
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver, \
         or name them with CHROMIUM and CHROMEDRIVER)",
    )?;
    let port = server::serve(book.to_path_buf());
    let driver = driver::ChromeDriver::start(&chromedriver);
    let profile = std::env::temp_dir().join(format!("book-pdf-profile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&profile);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("no tokio runtime: {e}"))?;
    let printed = runtime.block_on(async {
        let client = session::connect(&driver.url, &chromium, &profile).await;
        let printed =
            pdf::print(&client, &format!("http://127.0.0.1:{port}/book/print.html")).await;
        let _ = client.close().await;
        printed
    });
    drop(driver);
    let _ = fs::remove_dir_all(&profile);
    let printed = printed?;
    fs::write(out, &printed).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(printed.len())
}
