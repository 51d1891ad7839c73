//! `stowage status`: the storage stage's step 1. Prerequisites, the backend
//! systems of docs/architecture.md in document order, and the state of each
//! one's docs/storage/<system>.md.
//!
//! The report is built as a value ([`Status`]) first, then printed as text or
//! JSON, so both outputs always say the same thing. The JSON shape is a
//! contract documented in the README (`### stowage status`).

use crate::cli::StatusArgs;
use crate::diag::{Diagnostic, Severity};
use crate::error::{Exit, Result};
use crate::input::{self, Project, System, SystemKind};
use crate::Ctx;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The state of one backend system's storage document.
///
/// Computed in one place, [`storage_state`]; later stages extend that
/// function, not the callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageState {
    /// docs/storage/<system>.md does not exist: `stowage design` writes it.
    Missing,
    /// The document exists and passes `stowage check`.
    Present,
    /// The document exists but fails `stowage check` (error-level findings).
    Invalid,
    /// The document was written from inputs that have changed since (its
    /// stamp no longer matches). Not produced yet: the conversation issue
    /// adds it to [`storage_state`].
    Stale,
}

impl StorageState {
    pub fn label(self) -> &'static str {
        match self {
            StorageState::Missing => "missing",
            StorageState::Present => "present",
            StorageState::Invalid => "invalid",
            StorageState::Stale => "stale",
        }
    }
}

/// The state of `docs/storage/<system>.md` under the project root.
pub fn storage_state(project: &Project, system: &System) -> StorageState {
    let Ok(path) = crate::fsutil::storage_doc_path(&project.root, &system.name) else {
        return StorageState::Missing;
    };
    if !path.is_file() {
        return StorageState::Missing;
    }
    // Invalid = `stowage check` would exit 1 on it.
    match crate::document::load(&project.root, &system.name, Default::default()) {
        Ok(doc) if !crate::check::is_invalid(&doc) => {
            if crate::converse::stale::is_stale(
                &doc.text,
                &crate::converse::session::current_digest(&project.root, &system.name),
            ) {
                StorageState::Stale
            } else {
                StorageState::Present
            }
        }
        _ => StorageState::Invalid,
    }
}

/// A prerequisite file and whether it was found.
#[derive(Debug, Clone, Serialize)]
pub struct FileState {
    pub path: PathBuf,
    pub found: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementsSummary {
    pub path: PathBuf,
    pub found: bool,
    pub stories: usize,
    pub features: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureSummary {
    pub path: PathBuf,
    pub found: bool,
    pub systems: usize,
    pub backends: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractState {
    pub system: String,
    pub path: PathBuf,
    pub found: bool,
    /// Endpoints and component schemas read (0 when not found).
    pub endpoints: usize,
    pub schemas: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Prerequisites {
    pub requirements: RequirementsSummary,
    pub architecture: ArchitectureSummary,
    /// One per backend system, in architecture order.
    pub contracts: Vec<ContractState>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StorageDoc {
    pub path: PathBuf,
    pub state: StorageState,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackendStatus {
    pub name: String,
    /// The Type cell as written (empty when found through System Details).
    #[serde(rename = "type")]
    pub type_text: String,
    pub responsibility: String,
    pub tech_stack: String,
    pub contract: FileState,
    pub storage: StorageDoc,
    /// Line of its row (or heading) in docs/architecture.md.
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OtherSystem {
    pub name: String,
    pub kind: SystemKind,
}

/// The whole report; serialised as-is for `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub root: PathBuf,
    pub prerequisites: Prerequisites,
    /// Backend systems in architecture order.
    pub systems: Vec<BackendStatus>,
    /// Frontends and other non-backend systems, for context.
    pub other_systems: Vec<OtherSystem>,
    /// Reader warnings (file, line, message).
    pub warnings: Vec<Diagnostic>,
}

/// Builds the report from a loaded project.
pub fn status(project: &Project) -> Status {
    let root = &project.root;
    let mut contracts = Vec::new();
    let mut systems = Vec::new();
    for system in project.architecture.backends() {
        let contract_rel = system.contract_path_or_default();
        let found = root.join(&contract_rel).is_file();
        let read = project.contract(&system.name);
        contracts.push(ContractState {
            system: system.name.clone(),
            path: contract_rel.clone(),
            found,
            endpoints: read.map_or(0, |c| c.endpoints.len()),
            schemas: read.map_or(0, |c| c.schemas.len()),
        });
        systems.push(BackendStatus {
            name: system.name.clone(),
            type_text: system.type_text.clone(),
            responsibility: system.responsibility.clone(),
            tech_stack: system.tech_stack.clone(),
            contract: FileState {
                path: contract_rel,
                found,
            },
            storage: StorageDoc {
                path: Path::new(input::STORAGE_DIR).join(format!("{}.md", system.name)),
                state: storage_state(project, system),
            },
            line: system.loc.line,
        });
    }
    let arch = &project.architecture;
    Status {
        root: root.clone(),
        prerequisites: Prerequisites {
            requirements: RequirementsSummary {
                path: input::REQUIREMENTS.into(),
                found: true,
                stories: project.requirements.stories.len(),
                features: project.requirements.features.len(),
            },
            architecture: ArchitectureSummary {
                path: input::ARCHITECTURE.into(),
                found: true,
                systems: arch.systems.len(),
                backends: systems.len(),
            },
            contracts,
        },
        systems,
        other_systems: arch
            .systems
            .iter()
            .filter(|s| s.kind != SystemKind::Backend)
            .map(|s| OtherSystem {
                name: s.name.clone(),
                kind: s.kind,
            })
            .collect(),
        warnings: project.diagnostics.clone(),
    }
}

pub fn run(ctx: &Ctx, _args: &StatusArgs) -> Result<Exit> {
    let project = input::load_project(&ctx.root, ctx.read)?;
    let report = status(&project);
    if ctx.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| crate::error::Error::Usage(format!("cannot serialise the report: {e}")))?;
        write_stdout(&format!("{json}\n"))?;
    } else if !ctx.quiet {
        write_stdout(&render_text(&report, ctx.verbose > 0))?;
    }
    // Warnings go to stderr so stdout stays the report. Error-level reader
    // findings are always shown; warnings with -v (text mode) or in the
    // JSON `warnings` array.
    for d in &report.warnings {
        if d.severity == Severity::Error || (ctx.verbose > 0 && !ctx.json) {
            eprintln!("{d}");
        }
    }
    Ok(Exit::Ok)
}

/// Writes the report; a closed pipe (`stowage status | head`) is not an
/// error worth a panic or a message.
fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(crate::error::Error::io("<stdout>", e))
        }
        _ => Ok(()),
    }
}

/// The text report. Plain ASCII layout, no colours, so it reads the same in
/// a terminal, a log and a test.
pub fn render_text(s: &Status, verbose: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let p = &s.prerequisites;
    let _ = writeln!(out, "Prerequisites");
    let _ = writeln!(
        out,
        "  found    {}  ({} user stories, {} features)",
        p.requirements.path.display(),
        p.requirements.stories,
        p.requirements.features
    );
    let _ = writeln!(
        out,
        "  found    {}  ({} systems, {} backend{})",
        p.architecture.path.display(),
        p.architecture.systems,
        p.architecture.backends,
        if p.architecture.backends == 1 {
            ""
        } else {
            "s"
        }
    );
    for c in &p.contracts {
        if c.found {
            let _ = writeln!(
                out,
                "  found    {}  ({} endpoints, {} schemas)",
                c.path.display(),
                c.endpoints,
                c.schemas
            );
        } else {
            let _ = writeln!(
                out,
                "  missing  {}  (contract of {}; the design will rely on the documents only)",
                c.path.display(),
                c.system
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Backend systems ({})", s.systems.len());
    let width = s.systems.iter().map(|b| b.name.len()).max().unwrap_or(0);
    for b in &s.systems {
        let _ = writeln!(
            out,
            "  {:<width$}  {:<8} {}",
            b.name,
            b.storage.state.label(),
            b.storage.path.display()
        );
        if !b.responsibility.is_empty() {
            let _ = writeln!(out, "  {:<width$}  {}", "", b.responsibility);
        }
        if verbose {
            if !b.tech_stack.is_empty() {
                let _ = writeln!(out, "  {:<width$}  tech stack: {}", "", b.tech_stack);
            }
            let _ = writeln!(
                out,
                "  {:<width$}  contract: {}",
                "",
                b.contract.path.display()
            );
        }
    }
    if !s.other_systems.is_empty() {
        let names: Vec<&str> = s.other_systems.iter().map(|o| o.name.as_str()).collect();
        let _ = writeln!(out, "  (not backends: {})", names.join(", "));
    }
    let remaining: Vec<&str> = s
        .systems
        .iter()
        .filter(|b| b.storage.state == StorageState::Missing)
        .map(|b| b.name.as_str())
        .collect();
    let _ = writeln!(out);
    match remaining.as_slice() {
        [] => {
            let _ = writeln!(
                out,
                "Every backend system has a storage document; run `stowage check` to lint them."
            );
        }
        [one] => {
            let _ = writeln!(out, "Next: stowage design {one}");
        }
        _ => {
            let _ = writeln!(
                out,
                "Next: stowage design --all   ({} systems without a storage document)",
                remaining.len()
            );
        }
    }
    let warnings = s
        .warnings
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .count();
    if warnings > 0 && !verbose {
        let _ = writeln!(
            out,
            "{warnings} reader warning{} (run with -v to see {})",
            if warnings == 1 { "" } else { "s" },
            if warnings == 1 { "it" } else { "them" }
        );
    }
    out
}
