#![no_main]
//! The storage_document reader; what it checks is in `fuzz/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::storage_document(data));
