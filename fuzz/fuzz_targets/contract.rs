#![no_main]
//! docs/api-contracts/<system>.yaml: decode, parse, and every query the
//! proposal engine asks of a parsed contract.

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("docs/api-contracts/backend-x.yaml");
    let Some(text) = common::decode(data, path) else {
        return;
    };
    let contract = stowage::input::contract::parse(&text, path);
    common::check_diagnostics(&contract.diagnostics, &text);
    for schema in &contract.schemas {
        let _ = contract.schema_usage(&schema.name);
        let _ = contract.endpoints_touching(&schema.name);
    }
    for endpoint in &contract.endpoints {
        if let Some(t) = contract.success_response(endpoint) {
            let _ = contract.collection_item(t);
        }
        let _ = stowage::input::contract::sort_values(endpoint);
        let _ = stowage::input::contract::pagination_params(endpoint);
    }
    let _ = contract.list_endpoints();
});
