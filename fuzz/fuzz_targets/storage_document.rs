#![no_main]
//! docs/storage/<system>.md: the path `document::load` takes (decode, parse,
//! system from the file name), then the writer's promise on whatever was
//! read: writing is idempotent, `write(read(write(read(x)))) ==
//! write(read(x))`. Then what `check` and `export` do with such a document
//! (the reader keeps anything; they must not panic on it either).

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use stowage::document::{self, LoadedDocument};
use stowage::export::{self, dialect};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("docs/storage/backend-x.md");
    let Some(text) = common::decode(data, path) else {
        return;
    };
    let mut parsed = document::parse_full(&text, path);
    common::check_diagnostics(&parsed.diagnostics, &text);
    if parsed.design.system.is_empty() {
        parsed.design.system = "backend-x".to_string();
    }

    let once = document::render(&parsed.design);
    let (again, _) = document::parse(&once, path);
    let twice = document::render(&again);
    assert!(
        once == twice,
        "writing what was read is not idempotent\n--- first write ---\n{once}\n--- second write ---\n{twice}"
    );

    let doc = LoadedDocument {
        path: PathBuf::from(path),
        text,
        design: parsed.design,
        diagnostics: parsed.diagnostics,
        spans: parsed.spans,
    };
    let _ = stowage::check::check_document(&doc, None);
    let design = &doc.design;
    for d in [
        &dialect::Postgres as &dyn export::Dialect,
        &dialect::MySql,
        &dialect::Sqlite,
    ] {
        let _ = export::script(design, d);
        let _ = export::drop_script(design, d);
        let _ = export::tbls::render(design, d);
    }
    let _ = export::mermaid::render(design);
    let _ = export::dbml::render(design);
    let _ = export::stores::redis(design);
    let _ = export::stores::elasticsearch(design);
    let _ = export::stores::mongodb(design);
});
