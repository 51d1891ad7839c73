//! Writes a large storage document for the `check`, `export` and `verify`
//! benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_storage -- --entities 5000 OUT_DIR
//! target/release/stowage -C OUT_DIR check backend-big
//! ```
//!
//! OUT_DIR/docs/storage/backend-big.md: N entities (BIGINT PK, code, title,
//! two foreign keys, timestamps), 3 indexes and one High-frequency query
//! pattern per entity. Deterministic.

#[path = "gen/mod.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_storage [--entities N] OUT_DIR";

fn main() -> ExitCode {
    let mut entities = 5000usize;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--entities" => match args.next().and_then(|v| v.parse().ok()) {
                Some(v) if v > 0 => entities = v,
                _ => return usage("--entities needs a number above 0"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if a.starts_with('-') => return usage(&format!("unknown option {a}")),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let Some(out) = out else {
        return usage("OUT_DIR is missing");
    };
    match gen::write_storage(&out, entities) {
        Ok(path) => {
            eprintln!("wrote {} ({entities} entities)", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_storage: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("gen_storage: {why}\n{USAGE}");
    ExitCode::from(2)
}
