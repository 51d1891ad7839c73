//! stowage: the storage stage of a staged workflow, as a program.
//!
//! Pipeline (see ARCHITECTURE.md):
//! read inputs ([`input`]) -> derive a proposal ([`propose`], using
//! [`knowledge`]) -> confirm ([`converse`]) -> render / parse the document
//! ([`document`]) -> check ([`check`]) / export ([`export`]) / verify
//! ([`verify`]). The [`model`] in the middle is shared by all of them.

pub mod check;
pub mod cli;
pub mod commands;
pub mod converse;
pub mod diag;
pub mod document;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod input;
pub mod knowledge;
pub mod model;
pub mod names;
pub mod propose;
pub mod verify;

use std::path::PathBuf;

/// What every command needs to know about how it was called.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Project root (holds docs/).
    pub root: PathBuf,
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    /// Colours and progress bars: a terminal and no NO_COLOR.
    pub color: bool,
    pub read: input::ReadOptions,
}

impl Ctx {
    pub fn from_args(args: &cli::GlobalArgs) -> error::Result<Self> {
        use std::io::IsTerminal;
        if !args.dir.is_dir() {
            return Err(error::Error::Usage(format!(
                "{}: not a folder (-C names the project root, the folder that holds docs/)",
                args.dir.display()
            )));
        }
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ok(Ctx {
            root: args.dir.clone(),
            json: args.json,
            quiet: args.quiet,
            verbose: args.verbose,
            color: !no_color && std::io::stdout().is_terminal(),
            read: input::ReadOptions {
                max_file_bytes: args.max_file_size,
            },
        })
    }
}
