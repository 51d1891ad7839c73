#![no_main]
//! docs/requirements.md: decode, parse, and the story analysis the proposal
//! engine runs on what was parsed.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("docs/requirements.md");
    let Some(text) = common::decode(data, path) else {
        return;
    };
    let req = stowage::input::requirements::parse(&text, path);
    common::check_diagnostics(&req.diagnostics, &text);
    let _ = stowage::propose::stories::analyze(&req);
});
