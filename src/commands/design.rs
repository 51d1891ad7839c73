//! `stowage design`: propose, confirm and write docs/storage/<system>.md.
//!
//! The proposal comes from [`design_system`]; what becomes of it is
//! [`crate::converse`]'s decision (the conversation at a terminal,
//! `--answers`, or `--yes`, which merges into an existing document).
//! `--force` replaces a document and keeps the old one as `<system>.md.bak`.

use crate::cli::DesignArgs;
use crate::converse::Decision;
use crate::diag::Severity;
use crate::error::{Error, Exit, Result};
use crate::input::{load_project, Project};
use crate::knowledge::Knowledge;
use crate::model::{Design, Stamp};
use crate::{fsutil, Ctx};
use std::path::{Path, PathBuf};

/// One system's proposal, stamped with its inputs' digest, plus warnings.
/// `shared` comes from [`crate::propose::Shared::new`] once per project.
pub fn design_system(
    project: &Project,
    system: &str,
    shared: &crate::propose::Shared,
) -> (Design, Vec<crate::diag::Diagnostic>) {
    let proposal = crate::propose::propose_shared(project, system, Knowledge::builtin(), shared);
    let mut design = proposal.design;
    design.stamp = Some(Stamp {
        inputs_digest: crate::propose::inputs_digest(&project.root, system),
    });
    (design, proposal.diagnostics)
}

#[derive(Debug)]
enum Outcome {
    Written {
        path: PathBuf,
        backup: Option<PathBuf>,
    },
    Printed,
    Skipped {
        path: PathBuf,
    },
}

pub fn run(ctx: &Ctx, args: &DesignArgs) -> Result<Exit> {
    let session = crate::converse::session::Session::start(ctx, args)?;
    let project = load_project(&ctx.root, ctx.read)?;
    if ctx.verbose > 0 && !ctx.quiet {
        for d in &project.diagnostics {
            eprintln!("{d}");
        }
    }
    let backends: Vec<String> = project
        .architecture
        .backends()
        .map(|s| s.name.clone())
        .collect();
    session.check_answer_systems(ctx, &backends)?;
    let asked = if session.asking && args.systems.is_empty() && !args.all {
        session.pick_systems(ctx, &backends)?
    } else {
        Vec::new()
    };
    let mut chosen: Vec<String> = Vec::new();
    for s in args.systems.iter().chain(&asked) {
        fsutil::check_system_name(s)?;
        if !backends.contains(s) {
            return Err(Error::Usage(format!(
                "{s} is not a backend system of {}: the backend systems are {}",
                crate::input::ARCHITECTURE,
                backends.join(", ")
            )));
        }
        if !chosen.contains(s) {
            chosen.push(s.clone());
        }
    }
    if args.all {
        for s in &backends {
            let exists = fsutil::storage_doc_path(&ctx.root, s).is_ok_and(|p| p.exists());
            if (args.force || !exists) && !chosen.contains(s) {
                chosen.push(s.clone());
            }
        }
        if chosen.is_empty() && !ctx.quiet {
            eprintln!("every backend system already has a storage document; pass --force to design them again");
        }
    }

    let shared = crate::propose::Shared::new(&project);
    let mut report = Vec::new();
    let mut decided = Vec::new();
    let mut errors = Vec::new();
    for system in &chosen {
        let path = fsutil::storage_doc_path(&ctx.root, system)?;
        let rel = Path::new(crate::input::STORAGE_DIR).join(format!("{system}.md"));
        let (proposal, diagnostics) = design_system(&project, system, &shared);
        if !ctx.quiet {
            for d in &diagnostics {
                if d.severity != Severity::Info || ctx.verbose > 0 {
                    eprintln!("{d}");
                }
            }
        }
        // Decisions for every system first: an answer that does not fit is
        // reported before anything is written.
        match session.decide(ctx, system, &rel, proposal)? {
            Ok(Decision::Write(design)) => decided.push((system.clone(), path, rel, Some(design))),
            Ok(Decision::Skip) => decided.push((system.clone(), path, rel, None)),
            Ok(Decision::Quit) => break,
            Err(diags) => errors.extend(diags),
        }
    }
    if !errors.is_empty() {
        session.report(ctx, &errors);
        return Err(Error::Usage(format!(
            "{} answer(s) do not fit the proposal; nothing was written",
            errors.len()
        )));
    }
    for (system, path, rel, design) in decided {
        let Some(design) = design else {
            if !ctx.quiet && !ctx.json {
                println!("{}: unchanged", rel.display());
            }
            report.push((system, None, Outcome::Skipped { path: rel }));
            continue;
        };
        let text = crate::document::render(&design);
        if args.dry_run {
            if !ctx.json {
                if chosen.len() > 1 {
                    println!("==> {} <==", rel.display());
                }
                print!("{text}");
                if !text.ends_with('\n') {
                    println!();
                }
            }
            report.push((system, Some(design), Outcome::Printed));
            continue;
        }
        let mut backup = None;
        if path.exists() {
            let old = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let bak = path.with_extension("md.bak");
            fsutil::write_atomic(&bak, &old).map_err(|e| Error::io(&bak, e))?;
            backup = Some(rel.with_extension("md.bak"));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
        if !ctx.quiet && !ctx.json {
            println!("wrote {} ({})", rel.display(), counts(&design));
            if let Some(b) = &backup {
                println!("  previous document kept as {}", b.display());
            }
        }
        report.push((system, Some(design), Outcome::Written { path: rel, backup }));
    }
    if ctx.json {
        let items: Vec<serde_json::Value> = report
            .iter()
            .map(|(system, design, outcome)| {
                let (action, path, backup) = match outcome {
                    Outcome::Written { path, backup } => ("written", Some(path.display().to_string()), backup.as_ref().map(|b| b.display().to_string())),
                    Outcome::Printed => ("dry-run", None, None),
                    Outcome::Skipped { path } => ("skipped", Some(path.display().to_string()), None),
                };
                let mut v = serde_json::json!({"system": system, "action": action, "path": path, "backup": backup});
                if let Some(d) = design {
                    v["entities"] = d.entities.len().into();
                    v["relationships"] = d.relationships.len().into();
                    v["indexes"] = d.indexes.len().into();
                    v["storage"] = d.storage.iter().map(|s| s.technology.clone()).collect::<Vec<_>>().into();
                    if matches!(outcome, Outcome::Printed) {
                        v["document"] = crate::document::render(d).into();
                    }
                }
                v
            })
            .collect();
        println!("{}", serde_json::json!({ "systems": items }));
    }
    Ok(Exit::Ok)
}

fn counts(d: &Design) -> String {
    let tech: Vec<&str> = d.storage.iter().map(|s| s.technology.as_str()).collect();
    format!(
        "{} entities, {} relationships, {} indexes; {}",
        d.entities.len(),
        d.relationships.len(),
        d.indexes.len(),
        tech.join(", ")
    )
}
