#![no_main]
//! docs/architecture.md: decode and parse; a contract path a document names
//! never leaves the project.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::{Component, Path};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("docs/architecture.md");
    let Some(text) = common::decode(data, path) else {
        return;
    };
    let arch = stowage::input::architecture::parse(&text, path);
    common::check_diagnostics(&arch.diagnostics, &text);
    for system in &arch.systems {
        if let Some(p) = &system.contract_path {
            assert!(
                !p.is_absolute()
                    && p.components()
                        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir)),
                "contract path leaves the project: {}",
                p.display()
            );
        }
        let _ = system.contract_path_or_default();
    }
    let _ = arch.backends().count();
});
