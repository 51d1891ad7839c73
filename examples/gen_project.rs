//! Writes a large, realistic project for benchmarks and soak tests:
//!
//! ```sh
//! cargo run --release --example gen_project -- --systems 50 --stories 2000 OUT_DIR
//! target/release/stowage -C OUT_DIR design --all --yes
//! ```
//!
//! OUT_DIR/docs/requirements.md (user stories in the template's label form,
//! as one sentence, with Chinese labels and English nouns, and with plain
//! labels; feature list, numbers in the non-functional part),
//! docs/architecture.md (System List, decisions, details) and one OpenAPI
//! contract per backend system. The same arguments (and `--seed`, default
//! 1) always write the same bytes.

#[path = "gen/mod.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_project [--systems N] [--stories N] [--seed N] OUT_DIR";

fn main() -> ExitCode {
    let mut size = gen::ProjectSize::default();
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let target = match a.as_str() {
            "--systems" => &mut size.systems,
            "--stories" => &mut size.stories,
            "--seed" => {
                match args.next().and_then(|v| v.parse().ok()) {
                    Some(v) => size.seed = v,
                    None => return usage("--seed needs a number"),
                }
                continue;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if a.starts_with('-') => return usage(&format!("unknown option {a}")),
            _ => {
                out = Some(PathBuf::from(a));
                continue;
            }
        };
        match args.next().and_then(|v| v.parse().ok()) {
            Some(v) => *target = v,
            None => return usage(&format!("{a} needs a number")),
        }
    }
    let Some(out) = out else {
        return usage("OUT_DIR is missing");
    };
    if size.systems == 0 {
        return usage("--systems must be at least 1");
    }
    match gen::write_project(&out, &size) {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} systems, {} stories)",
                out.join("docs").display(),
                size.systems,
                size.stories
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_project: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("gen_project: {why}\n{USAGE}");
    ExitCode::from(2)
}
