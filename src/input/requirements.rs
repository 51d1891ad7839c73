//! docs/requirements.md: user stories, feature list, non-functional
//! requirements with their numbers, boundaries, open questions and markers.

use super::Loc;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Requirements {
    /// Bullets of "Background & Goals" (background, objectives, metrics).
    pub goals: Vec<TextLine>,
    pub stories: Vec<UserStory>,
    pub features: Vec<Feature>,
    pub non_functional: Vec<NonFunctional>,
    /// Bullets of "Boundaries & Constraints".
    pub constraints: Vec<TextLine>,
    /// Items of "Open Questions".
    pub open_questions: Vec<TextLine>,
    /// `<!-- UNCERTAINTY: ... -->` and similar markers anywhere in the file.
    pub markers: Vec<TextLine>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A line of prose with where it was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct UserStory {
    /// `US-001`, or a generated `US-<n>` when the heading has none.
    pub id: String,
    pub title: String,
    /// The role without "As a": `new customer`.
    pub role: String,
    /// The goal without "I want to": `create an account with ...`.
    pub goal: String,
    /// The value without "So that".
    pub value: String,
    pub acceptance: Vec<TextLine>,
    pub priority: Option<String>,
    pub open_questions: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Feature {
    pub id: String,
    pub name: String,
    pub description: String,
    pub priority: Option<String>,
    pub dependencies: Vec<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NonFunctional {
    /// The sub-heading it sits under: Performance, Security, Availability, ...
    pub category: String,
    pub text: String,
    pub quantities: Vec<Quantity>,
    pub loc: Loc,
}

/// A number found in prose, with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: QuantityUnit,
    /// The words the number was read from, e.g. `10,000 bookmarks per user`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Users,
    /// Records of some noun (`bookmarks`, `orders`, `rows`); the noun is kept.
    Records(String),
    RequestsPerSecond,
    /// A latency or duration bound in milliseconds.
    Milliseconds,
    /// A retention or expiry period in days.
    Days,
    Bytes,
    Percent,
    Other(String),
}

pub fn parse(_text: &str, _file: &Path) -> Requirements {
    Requirements::default()
}
