//! Every Rust code block of the book, as a reader sees it (includes expanded by build.rs with
//! mdBook's own preprocessor, hidden lines included), compiled and run by skeptic.

include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));
