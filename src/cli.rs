//! The command line: argument definitions (clap derive) and the dispatch to
//! one module per command under [`crate::commands`]. The spellings here are a
//! contract (product.md "Commands"): scripts, the evaluation and agents call
//! them exactly so.

use crate::commands;
use crate::error::{Error, Exit};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "stowage",
    version,
    about = "Design the storage of every backend system from the project's own documents, and keep that design honest",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Project root (the folder that holds docs/).
    #[arg(
        short = 'C',
        long = "dir",
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub dir: PathBuf,
    /// Machine-readable output (stable shapes, documented in the README).
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more (warnings from readers, evidence of each proposal).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Refuse input files larger than this many bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::fsutil::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Prerequisites, the backend systems, and the state of each storage document.
    Status(StatusArgs),
    /// Propose, confirm and write docs/storage/<system>.md.
    Design(DesignArgs),
    /// Check storage documents against the rules; exit 1 on any error.
    Check(CheckArgs),
    /// Export a storage document as DDL, migrations, diagrams or JSON.
    Export(ExportArgs),
    /// Apply the DDL on a real database and EXPLAIN every query pattern.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {}

#[derive(Debug, Args)]
pub struct DesignArgs {
    /// Backend systems to design (default: ask, or see --all).
    #[arg(value_name = "SYSTEM")]
    pub systems: Vec<String>,
    /// All remaining systems (those without a document); with --force, all.
    #[arg(long)]
    pub all: bool,
    /// Accept every proposal without asking; merge into existing documents.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Replay decisions from a YAML or JSON answers file without asking.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Print what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace existing documents (the old one is kept as <system>.md.bak).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Systems (docs/storage/<system>.md) or document paths; default: every document.
    #[arg(value_name = "SYSTEM or FILE")]
    pub targets: Vec<String>,
    /// Print the documentation of a rule (by code or name) and exit.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
    /// Output format (`--json` is the same as `--format json`).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Target database for dialect-specific rules (reserved words).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectName {
    Postgres,
    Mysql,
    Sqlite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Postgres,
    Mysql,
    Sqlite,
    Migrations,
    Mermaid,
    Json,
    Dbml,
    Tbls,
    Redis,
    Elasticsearch,
    Mongodb,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The backend system (docs/storage/<system>.md) or a document path.
    #[arg(value_name = "SYSTEM")]
    pub system: String,
    /// What to export.
    #[arg(long = "to", value_enum)]
    pub to: ExportFormat,
    /// Write here instead of standard output (a folder for migrations).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// SQL dialect for migrations (default: from the document's technology).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectName>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The backend system (docs/storage/<system>.md) or a document path.
    #[arg(value_name = "SYSTEM", required_unless_present = "cleanup")]
    pub system: Option<String>,
    /// Database URL: sqlite (default, in memory), postgres://..., mysql://...
    #[arg(long, value_name = "URL", env = "STOWAGE_DB")]
    pub db: Option<String>,
    /// Also fill each table with N generated rows, ANALYZE, and time each pattern.
    #[arg(long, value_name = "N")]
    pub rows: Option<u64>,
    /// Drop sandboxes left behind by killed runs (recognised by their name prefix).
    #[arg(long)]
    pub cleanup: bool,
}

/// Parses nothing; runs an already parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Exit {
    let ctx = match crate::Ctx::from_args(&cli.global) {
        Ok(ctx) => ctx,
        Err(e) => return report_error(&e),
    };
    let result = match &cli.command {
        Command::Status(a) => commands::status::run(&ctx, a),
        Command::Design(a) => commands::design::run(&ctx, a),
        Command::Check(a) => commands::check::run(&ctx, a),
        Command::Export(a) => commands::export::run(&ctx, a),
        Command::Verify(a) => commands::verify::run(&ctx, a),
    };
    match result {
        Ok(exit) => exit,
        Err(e) => report_error(&e),
    }
}

fn report_error(e: &Error) -> Exit {
    eprintln!("stowage: {e}");
    e.exit()
}
