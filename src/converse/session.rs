//! The glue `commands::design` calls: how this run decides (terminal,
//! `--yes`, `--answers`), which systems to design when none was named, and
//! the decision for one system. Reads files (the answers file, an existing
//! document); never writes.

use super::answers::{self, Answers};
use super::prompt::Terminal;
use super::{Decision, Existing, SystemChoice};
use crate::cli::DesignArgs;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Design;
use crate::Ctx;
use std::io::IsTerminal;
use std::path::Path;

pub struct Session {
    /// Ask at the terminal (no --yes, --answers or --dry-run, and a terminal).
    pub asking: bool,
    pub answers: Option<Answers>,
    force: bool,
    color: bool,
}

fn print_diagnostics(ctx: &Ctx, diags: &[Diagnostic]) {
    for d in diags {
        if ctx.color {
            eprintln!("\x1b[31m{d}\x1b[0m");
        } else {
            eprintln!("{d}");
        }
    }
}

impl Session {
    /// Checks the arguments against the terminal and reads the answers file;
    /// every problem here is a usage error (exit 2) before anything is read
    /// or written.
    pub fn start(ctx: &Ctx, args: &DesignArgs) -> Result<Session> {
        let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let asking = terminal && !args.yes && !args.dry_run && args.answers.is_none();
        if args.systems.is_empty() && !args.all && !asking {
            return Err(Error::Usage(
                "no terminal to ask which system to design: name it as SYSTEM (stowage design SYSTEM... --yes) or pass --all for every system without a document (stowage design --all --yes)".into(),
            ));
        }
        if !asking && !args.yes && !args.dry_run && args.answers.is_none() {
            return Err(Error::Usage(
                "no terminal to confirm the proposals: pass --yes to accept them (stowage design --all --yes), --answers FILE to replay decisions, or --dry-run to print them".into(),
            ));
        }
        let answers = match &args.answers {
            None => None,
            Some(path) => {
                let full = if path.is_absolute() {
                    path.clone()
                } else {
                    ctx.root.join(path)
                };
                match answers::load(&full, path, ctx.read.max_file_bytes) {
                    Ok(a) => Some(a),
                    Err(diags) => {
                        print_diagnostics(ctx, &diags);
                        return Err(Error::Usage(format!(
                            "{}: the answers file is not valid; nothing was written",
                            path.display()
                        )));
                    }
                }
            }
        };
        Ok(Session {
            asking,
            answers,
            force: args.force,
            color: ctx.color,
        })
    }

    /// An answers file that names a system architecture.md does not list is
    /// an error (with the line of its key).
    pub fn check_answer_systems(&self, ctx: &Ctx, backends: &[String]) -> Result<()> {
        let Some(a) = &self.answers else {
            return Ok(());
        };
        let unknown: Vec<Diagnostic> = a
            .systems
            .keys()
            .filter(|s| !backends.contains(s))
            .map(|s| {
                let line = a
                    .text
                    .lines()
                    .position(|l| l.contains(s.as_str()))
                    .map_or(0, |i| i + 1);
                Diagnostic::error(format!(
                    "`{s}` is not a backend system of {} (they are: {})",
                    crate::input::ARCHITECTURE,
                    backends.join(", ")
                ))
                .in_file(&a.path)
                .at(line, usize::from(line > 0))
            })
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        print_diagnostics(ctx, &unknown);
        Err(Error::Usage(format!(
            "{}: answers for unknown systems; nothing was written",
            a.path.display()
        )))
    }

    /// Asks which systems to design (each listed with its document's
    /// state); empty when the person left.
    pub fn pick_systems(&self, ctx: &Ctx, backends: &[String]) -> Result<Vec<String>> {
        let choices: Vec<SystemChoice> = backends
            .iter()
            .map(|s| SystemChoice {
                name: s.clone(),
                state: document_state(ctx, s).to_string(),
            })
            .collect();
        let mut t = Terminal::new(self.color);
        super::choose_systems(&mut t, &choices)
            .map(Option::unwrap_or_default)
            .map_err(|e| Error::io("<terminal>", e))
    }

    /// The decision for one system: merge into the existing document
    /// (unless --force), replay the answers, and on a terminal, the
    /// conversation. `Err` with diagnostics when an answer does not fit.
    pub fn decide(
        &self,
        ctx: &Ctx,
        system: &str,
        shown: &Path,
        proposal: Design,
    ) -> Result<std::result::Result<Decision, Vec<Diagnostic>>> {
        let existing = read_existing(ctx, system, shown)?;
        let start = match super::decide(
            &proposal,
            existing.as_ref().map(|e| &e.design),
            self.force,
            self.answers.as_ref(),
        ) {
            Ok(d) => d,
            Err(diags) => return Ok(Err(diags)),
        };
        if !self.asking {
            let unchanged = existing
                .as_ref()
                .is_some_and(|e| e.text == crate::document::render(&start));
            return Ok(Ok(if unchanged {
                Decision::Skip
            } else {
                Decision::Write(start)
            }));
        }
        let mut t = Terminal::new(self.color);
        super::decide_interactive(&mut t, start, existing.as_ref(), &findings, self.color)
            .map(Ok)
            .map_err(|e| Error::io("<terminal>", e))
    }

    pub fn report(&self, ctx: &Ctx, diags: &[Diagnostic]) {
        print_diagnostics(ctx, diags);
    }
}

fn read_existing(ctx: &Ctx, system: &str, shown: &Path) -> Result<Option<Existing>> {
    let path = crate::fsutil::storage_doc_path(&ctx.root, system)?;
    if !path.is_file() {
        return Ok(None);
    }
    let doc = crate::document::load(&ctx.root, system, ctx.read)?;
    Ok(Some(Existing {
        shown: shown.display().to_string(),
        text: doc.text,
        design: doc.design,
    }))
}

/// `check`'s findings on a design as it would be written.
pub fn findings(design: &Design) -> Vec<Diagnostic> {
    let text = crate::document::render(design);
    let file = Path::new(crate::input::STORAGE_DIR).join(format!("{}.md", design.system));
    let parsed = crate::document::parse_full(&text, &file);
    let doc = crate::document::LoadedDocument {
        path: file,
        text,
        design: parsed.design,
        diagnostics: parsed.diagnostics,
        spans: parsed.spans,
    };
    crate::check::check_document(&doc, None)
}

/// `missing`, `present`, `stale` or `invalid`, as `status` says.
pub fn document_state(ctx: &Ctx, system: &str) -> &'static str {
    let Ok(path) = crate::fsutil::storage_doc_path(&ctx.root, system) else {
        return "missing";
    };
    if !path.is_file() {
        return "missing";
    }
    let Ok(doc) = crate::document::load(&ctx.root, system, ctx.read) else {
        return "invalid";
    };
    if crate::check::is_invalid(&doc) {
        "invalid"
    } else if super::stale::is_stale(&doc.text, &current_digest(&ctx.root, system)) {
        "stale"
    } else {
        "present"
    }
}

/// The digest of the inputs `system` is designed from, as the stamp holds it.
pub fn current_digest(root: &Path, system: &str) -> String {
    crate::propose::inputs_digest(root, system)
}
