//! The conversation of storage-stage.md steps 2-4 at a terminal, the answers
//! file that replays it, and merging into an existing document.
//!
//! `commands::design` calls [`decide`] (no terminal: `--yes` / `--answers`)
//! or [`decide_interactive`] once per system, then writes what they return.
//! Everything here is pure over [`Design`] except the terminal prompter.

pub mod answers;
pub mod diff;
pub mod edit;
pub mod merge;
pub mod prompt;
pub mod session;
pub mod stale;
pub mod steps;

use crate::diag::Diagnostic;
use crate::model::Design;
use answers::Answers;
use prompt::Prompter;
use std::io;

/// A document already on disk.
#[derive(Debug, Clone)]
pub struct Existing {
    /// As shown to the user, e.g. `docs/storage/backend-user.md`.
    pub shown: String,
    pub text: String,
    pub design: Design,
}

/// What to do with one system.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per system, never stored in bulk
pub enum Decision {
    Write(Design),
    /// Leave the document as it is (nothing changes, or the person said no).
    Skip,
    /// The person quit: write nothing more.
    Quit,
}

/// The starting point: the proposal merged into the existing document
/// (unless `force`), then the answers replayed on it.
pub fn decide(
    proposal: &Design,
    existing: Option<&Design>,
    force: bool,
    answers: Option<&Answers>,
) -> Result<Design, Vec<Diagnostic>> {
    let base = match existing {
        Some(e) if !force => merge::merge(e, proposal),
        _ => proposal.clone(),
    };
    match answers {
        Some(a) => a.apply(&base),
        None => Ok(base),
    }
}

/// The conversation for one system, starting from [`decide`]'s result; on
/// an existing document, the diff is shown and confirmed before writing.
pub fn decide_interactive(
    p: &mut dyn Prompter,
    start: Design,
    existing: Option<&Existing>,
    findings: &dyn Fn(&Design) -> Vec<Diagnostic>,
    color: bool,
) -> io::Result<Decision> {
    let design = match steps::converse(p, start, findings)? {
        steps::Outcome::Quit => return Ok(Decision::Quit),
        steps::Outcome::Write(d) => d,
    };
    let Some(existing) = existing else {
        return Ok(Decision::Write(design));
    };
    let new_text = crate::document::render(&design);
    let diff = diff::unified(
        &existing.text,
        &new_text,
        &existing.shown,
        &format!("{} (new)", existing.shown),
        color,
    );
    if diff.is_empty() {
        p.say(&format!("{}: no changes", existing.shown));
        return Ok(Decision::Skip);
    }
    p.say(&diff);
    match p.confirm(&format!("Write these changes to {}?", existing.shown), true)? {
        Some(true) => Ok(Decision::Write(design)),
        Some(false) => Ok(Decision::Skip),
        None => Ok(Decision::Quit),
    }
}

/// A backend system and the state of its document, for the question
/// "which system?".
#[derive(Debug, Clone)]
pub struct SystemChoice {
    pub name: String,
    /// `missing`, `present`, `stale`, `invalid`.
    pub state: String,
}

/// Asks which systems to design: each one, or all remaining (those whose
/// document is missing), the default when there are any. `None`: the
/// person left.
pub fn choose_systems(
    p: &mut dyn Prompter,
    systems: &[SystemChoice],
) -> io::Result<Option<Vec<String>>> {
    let remaining: Vec<String> = systems
        .iter()
        .filter(|s| s.state == "missing")
        .map(|s| s.name.clone())
        .collect();
    let mut items = Vec::new();
    if !remaining.is_empty() {
        items.push(format!("All remaining ({})", remaining.join(", ")));
    }
    for s in systems {
        items.push(format!("{} ({})", s.name, s.state));
    }
    let Some(i) = p.select("Which backend system do you want to design?", &items, 0)? else {
        return Ok(None);
    };
    if !remaining.is_empty() && i == 0 {
        return Ok(Some(remaining));
    }
    let offset = usize::from(!remaining.is_empty());
    Ok(systems.get(i - offset).map(|s| vec![s.name.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::converse::edit::tests::shop;
    use prompt::{Reply, Scripted};

    fn none(_: &Design) -> Vec<Diagnostic> {
        Vec::new()
    }

    #[test]
    fn choose_all_remaining_or_one() {
        let systems = vec![
            SystemChoice {
                name: "a".into(),
                state: "present".into(),
            },
            SystemChoice {
                name: "b".into(),
                state: "missing".into(),
            },
        ];
        let mut p = Scripted::new(vec![]);
        assert_eq!(
            choose_systems(&mut p, &systems).unwrap(),
            Some(vec!["b".to_string()])
        );
        let mut p = Scripted::new(vec![Reply::Pick("a (present)".into())]);
        assert_eq!(
            choose_systems(&mut p, &systems).unwrap(),
            Some(vec!["a".to_string()])
        );
        let mut p = Scripted::new(vec![Reply::Leave]);
        assert_eq!(choose_systems(&mut p, &systems).unwrap(), None);
    }

    #[test]
    fn existing_document_shows_a_diff_and_asks() {
        let old = shop();
        let existing = Existing {
            shown: "docs/storage/backend-shop.md".into(),
            text: crate::document::render(&old),
            design: old.clone(),
        };
        let mut changed = shop();
        changed.entities[0].description = "People who buy".into();
        let mut p = Scripted::new(vec![]);
        let d = decide_interactive(&mut p, changed.clone(), Some(&existing), &none, false).unwrap();
        assert_eq!(d, Decision::Write(changed.clone()));
        assert!(p
            .transcript
            .iter()
            .any(|t| t.starts_with("--- docs/storage/backend-shop.md")));
        let mut p = Scripted::new(vec![Reply::Enter; 10].into_iter().chain([Reply::No]));
        let d = decide_interactive(&mut p, changed, Some(&existing), &none, false).unwrap();
        assert_eq!(d, Decision::Skip);
        let mut p = Scripted::new(vec![]);
        let d = decide_interactive(&mut p, old, Some(&existing), &none, false).unwrap();
        assert_eq!(d, Decision::Skip);
    }

    #[test]
    fn decide_merges_then_replays() {
        let mut existing = shop();
        existing.entities.pop();
        let a = answers::parse(
            "backend-shop:\n  entities:\n    rename: {Product: Item}\n",
            std::path::Path::new("a.yaml"),
        )
        .unwrap();
        let d = decide(&shop(), Some(&existing), false, Some(&a)).unwrap();
        assert!(d.entity("Item").is_some());
        let d = decide(&shop(), Some(&existing), true, None).unwrap();
        assert_eq!(d, shop());
    }
}
