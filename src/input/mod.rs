//! Readers of the upstream documents (stages 1 and 2 of the workflow):
//! docs/requirements.md, docs/architecture.md and
//! docs/api-contracts/<system>.yaml, into typed values that carry their file
//! and line.
//!
//! Invariants: readers never panic and never give up on a whole file for one
//! bad part; they return the value plus [`Diagnostic`]s. Only
//! [`load_project`] touches the disk; the `parse_*` functions take text.

pub mod architecture;
pub mod contract;
pub mod markdown;
pub mod quantity;
pub mod requirements;

use crate::diag::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use architecture::{Architecture, Decision, System, SystemKind};
pub use contract::{
    Contract, Endpoint, JsonType, ParamLocation, Parameter, PropType, Property, Schema,
};
pub use requirements::{
    Feature, Marker, NonFunctional, Quantity, QuantityUnit, Requirements, TextLine, UserStory,
};

/// Where something was read: a path relative to the project root and a
/// 1-based line (0 when unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Loc {
    pub file: PathBuf,
    pub line: usize,
}

impl Loc {
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Self {
        Loc {
            file: file.into(),
            line,
        }
    }
}

pub const REQUIREMENTS: &str = "docs/requirements.md";
pub const ARCHITECTURE: &str = "docs/architecture.md";
pub const CONTRACTS_DIR: &str = "docs/api-contracts";
pub const STORAGE_DIR: &str = "docs/storage";

/// Everything the storage stage reads for one project.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub root: PathBuf,
    pub requirements: Requirements,
    pub architecture: Architecture,
    /// Contracts of the backend systems, by system name, in architecture order.
    pub contracts: Vec<(String, Contract)>,
    /// Every reader's warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    pub fn contract(&self, system: &str) -> Option<&Contract> {
        self.contracts
            .iter()
            .find(|(s, _)| s == system)
            .map(|(_, c)| c)
    }
}

/// Why the stage cannot start: a prerequisite is missing or unreadable.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file} not found: run the {stage} stage first; {what}")]
    Missing {
        file: &'static str,
        stage: &'static str,
        what: &'static str,
    },
    #[error(transparent)]
    Read(#[from] crate::fsutil::ReadError),
    #[error("{file}: no backend system found: looked for a System List table with a Type column saying backend (e.g. `| backend-user | Backend | ... |`), and for `### ` sections under System Details that name a storage design")]
    NoBackend { file: &'static str },
}

/// Options for reading inputs.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Cap for one input file, in bytes.
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_bytes: crate::fsutil::DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Reads requirements, architecture and every backend system's contract.
pub fn load_project(root: &Path, opts: ReadOptions) -> Result<Project, InputError> {
    let req_path = root.join(REQUIREMENTS);
    let arch_path = root.join(ARCHITECTURE);
    if !req_path.is_file() {
        return Err(InputError::Missing {
            file: REQUIREMENTS,
            stage: "requirements",
            what: "it must hold the user stories",
        });
    }
    if !arch_path.is_file() {
        return Err(InputError::Missing {
            file: ARCHITECTURE,
            stage: "architecture",
            what: "it must list the backend systems",
        });
    }
    let req_text = crate::fsutil::read_text(&req_path, opts.max_file_bytes)?;
    let arch_text = crate::fsutil::read_text(&arch_path, opts.max_file_bytes)?;
    let requirements = requirements::parse(&req_text, Path::new(REQUIREMENTS));
    let architecture = architecture::parse(&arch_text, Path::new(ARCHITECTURE));
    let mut diagnostics = Vec::new();
    diagnostics.extend(requirements.diagnostics.iter().cloned());
    diagnostics.extend(architecture.diagnostics.iter().cloned());
    if architecture.backends().next().is_none() {
        return Err(InputError::NoBackend { file: ARCHITECTURE });
    }
    let mut contracts = Vec::new();
    for system in architecture.backends() {
        let rel = system.contract_path_or_default();
        let path = root.join(&rel);
        if !path.is_file() {
            continue;
        }
        match crate::fsutil::read_text(&path, opts.max_file_bytes) {
            Ok(text) => {
                let contract = contract::parse(&text, &rel);
                diagnostics.extend(contract.diagnostics.iter().cloned());
                contracts.push((system.name.clone(), contract));
            }
            Err(e) => diagnostics.push(Diagnostic::warning(e.to_string()).in_file(&rel)),
        }
    }
    Ok(Project {
        root: root.to_path_buf(),
        requirements,
        architecture,
        contracts,
        diagnostics,
    })
}
