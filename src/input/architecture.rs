//! docs/architecture.md: the system list, each system's details section and
//! contract path, and the key architecture decisions.

use super::Loc;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Architecture {
    pub systems: Vec<System>,
    pub decisions: Vec<Decision>,
    /// `<!-- ARCH-DECISION: ... -->`, `<!-- ARCH-TRADEOFF: ... -->` markers.
    pub markers: Vec<super::Marker>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Architecture {
    /// Backend systems in document order.
    pub fn backends(&self) -> impl Iterator<Item = &System> {
        self.systems
            .iter()
            .filter(|s| s.kind == SystemKind::Backend)
    }
    pub fn system(&self, name: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SystemKind {
    Backend,
    Frontend,
    Other,
}

#[derive(Debug, Clone, Serialize)]
pub struct System {
    pub name: String,
    pub kind: SystemKind,
    /// The Type cell as written.
    pub type_text: String,
    pub responsibility: String,
    pub tech_stack: String,
    /// The text of its `### 3.x <name>` section under System Details.
    pub details: String,
    /// `docs/api-contracts/<name>.yaml` when the details name one.
    pub contract_path: Option<PathBuf>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Decision {
    pub decision: String,
    pub options: String,
    pub choice: String,
    pub reason: String,
    pub loc: Loc,
}

pub fn parse(_text: &str, _file: &Path) -> Architecture {
    Architecture::default()
}
