#![no_main]
//! `design --answers FILE`: decode, parse (YAML or JSON), then replay every
//! system's answers on a real design, as `design` does on its proposal.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;
use stowage::model::Design;

/// A full hand-written storage document, read once.
fn base() -> &'static Design {
    static BASE: OnceLock<Design> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/export/full.md");
        stowage::document::parse(text, Path::new("full.md")).0
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("answers.yaml");
    let Some(text) = common::decode(data, path) else {
        return;
    };
    let answers = match stowage::converse::answers::parse(&text, path) {
        Ok(a) => a,
        Err(diags) => {
            common::check_diagnostics(&diags, &text);
            return;
        }
    };
    for system in answers.systems.keys().take(4) {
        let design = Design {
            system: system.clone(),
            ..base().clone()
        };
        match answers.apply(&design) {
            Ok(d) => {
                let _ = stowage::document::render(&d);
            }
            Err(diags) => common::check_diagnostics(&diags, &text),
        }
    }
});
