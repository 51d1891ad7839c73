//! `stowage verify`: load the design, export its DDL for the target's
//! dialect, run [`crate::verify::run`] in a sandbox, print the report.

use crate::cli::VerifyArgs;
use crate::error::{Error, Exit, Result};
use crate::model::Design;
use crate::verify::{self, DdlStatement, Engine, Options, TargetError};
use crate::Ctx;
use std::io::IsTerminal;

/// Exit status after Ctrl-C (128 + SIGINT), once the sandbox is dropped.
const INTERRUPTED_EXIT: i32 = 130;

pub fn run(ctx: &Ctx, args: &VerifyArgs) -> Result<Exit> {
    let url = args.db.as_deref().filter(|u| !u.trim().is_empty());
    install_interrupt_handler();
    if args.cleanup {
        return cleanup(ctx, url);
    }
    let Some(system) = args.system.as_deref() else {
        return Err(Error::Usage("verify needs a SYSTEM (or --cleanup)".into()));
    };
    let engine = Engine::from_url(url).map_err(target_error)?;
    let design = load_design(ctx, system)?;
    let ddl = ddl_for(&design, engine)?;

    let mut target = verify::open(url).map_err(target_error)?;
    let long_run = args.rows.is_some() || engine != Engine::Sqlite;
    let bar = progress_bar(ctx, long_run);
    let mut on_progress = |step: &str, done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message(step.to_string());
        }
    };
    let opts = Options {
        rows: args.rows,
        timing_runs: 5,
    };
    let outcome = verify::run(&design, &ddl, target.as_mut(), &opts, &mut on_progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    // Drop the sandbox before reporting, whatever happened.
    let closed = target.close();
    let report = match outcome {
        Ok(report) => report,
        Err(TargetError::Interrupted) => {
            crate::verify::sandbox::warn(format_args!(
                "stowage: interrupted; the sandbox was dropped"
            ));
            std::process::exit(INTERRUPTED_EXIT);
        }
        Err(e) => return Err(target_error(e)),
    };
    if let Err(e) = closed {
        crate::verify::sandbox::warn(format_args!("stowage: {e}"));
    }
    if verify::sandbox::interrupted() {
        std::process::exit(INTERRUPTED_EXIT);
    }
    if ctx.json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::Usage(format!("cannot render the report as JSON: {e}")))?;
        out(format_args!("{text}"));
    } else if !ctx.quiet || !report.summary.ok {
        out(format_args!(
            "{}",
            verify::report::render(&report, ctx.verbose > 0).trim_end()
        ));
    }
    Ok(if report.summary.ok {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

fn cleanup(ctx: &Ctx, url: Option<&str>) -> Result<Exit> {
    let engine = Engine::from_url(url).map_err(target_error)?;
    if engine == Engine::Sqlite {
        return Err(Error::Usage(
            "--cleanup needs --db postgres://... or mysql://... (SQLite sandboxes live in memory and leave nothing behind)".into(),
        ));
    }
    let dropped = verify::cleanup(url).map_err(target_error)?;
    if ctx.json {
        let value = serde_json::json!({ "engine": engine, "dropped": dropped });
        out(format_args!("{value}"));
    } else if !ctx.quiet {
        if dropped.is_empty() {
            out(format_args!(
                "no leftover sandbox (nothing named {}*)",
                verify::sandbox::PREFIX
            ));
        }
        for name in &dropped {
            out(format_args!("dropped {name}"));
        }
    }
    Ok(Exit::Ok)
}

/// A line on stdout; a closed stdout (`| head`) is not an error worth a panic.
fn out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{args}");
}

fn target_error(e: TargetError) -> Error {
    match e {
        TargetError::Interrupted => std::process::exit(INTERRUPTED_EXIT),
        other => Error::Usage(other.to_string()),
    }
}

/// First Ctrl-C: stop between two steps and drop the sandbox. Second: leave now.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if verify::sandbox::interrupted() {
            crate::verify::sandbox::warn(format_args!(
                "stowage: interrupted twice; a sandbox may be left: run `stowage verify --cleanup --db URL`"
            ));
            std::process::exit(INTERRUPTED_EXIT);
        }
        verify::sandbox::interrupt();
    });
}

fn progress_bar(ctx: &Ctx, long_run: bool) -> Option<indicatif::ProgressBar> {
    if !long_run || ctx.json || ctx.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// The design of a system (docs/storage/<system>.md) or of a document path.
fn load_design(ctx: &Ctx, system: &str) -> Result<Design> {
    let doc = crate::document::load(&ctx.root, system, ctx.read)?;
    let errors = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    if ctx.verbose > 0 || errors > 0 {
        for d in &doc.diagnostics {
            verify::sandbox::warn(format_args!("{d}"));
        }
    }
    if doc.design.entities.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no entities to verify (section 2 is empty or unreadable; run `stowage check {system}`)",
            doc.path.display()
        )));
    }
    Ok(doc.design)
}

/// The DDL for the target's dialect, from `export`.
fn ddl_for(design: &Design, engine: Engine) -> Result<Vec<DdlStatement>> {
    let dialect = crate::export::dialect::by_name(engine.label())
        .ok_or_else(|| Error::Usage(format!("no SQL dialect for {}", engine.label())))?;
    Ok(verify::ddl_statements(design, dialect))
}
