//! Compiler errors shown are real: every `compile-fail-*/main.rs` must fail to compile with
//! exactly the words in its `main.stderr`, which the chapter includes. trybuild compiles each
//! against this package's dependencies (tokio, rayon, …), edition 2024. With `BLESS=1` it writes
//! `main.stderr` from the compiler's words, creating it when it is missing.

#[test]
fn compile_fail_listings_fail_with_the_errors_the_book_shows() {
    if book_harness::blessing() {
        // SAFETY: set before trybuild starts, while this test is the only thread using the env.
        unsafe { std::env::set_var("TRYBUILD", "overwrite") };
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("listings/*/compile-fail-*/main.rs");
}
