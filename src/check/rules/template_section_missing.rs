//! S018 template-section-missing.
use super::prelude::*;
use crate::document::syntax::SectionKind;

pub const DOC: &str = "\
What it does: reports each of the template's sections 1 to 5 (Storage
Selection, Core Entities, Entity Relationships, Index Design, Query Pattern
Analysis) that the document lacks.

Why is this bad: people and the next stage look for those sections by
title; a missing one reads as \"not designed yet\".

Example: a document that ends after `## 3. Entity Relationships`.

Use instead: all five sections, in order, even when one is short (write
`None.` under a section with nothing to say).";

/// See [`DOC`].
pub struct TemplateSectionMissing;

impl Rule for TemplateSectionMissing {
    fn code(&self) -> &'static str {
        "S018"
    }
    fn name(&self) -> &'static str {
        "template-section-missing"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, _design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        // A design built in code (no sections read) has no document to judge;
        // a document without any section already has a reader error.
        if ctx.spans.sections.is_empty() {
            return Vec::new();
        }
        let line = ctx.spans.title.unwrap_or(1);
        SectionKind::ALL
            .into_iter()
            .filter_map(|k| k.template_number().map(|n| (k, n)))
            .filter(|(k, _)| ctx.spans.section(*k).is_none())
            .map(|(k, n)| {
                finding(
                    self,
                    ctx,
                    crate::document::Pos { line, column: 1 },
                    format!("section `## {n}. {}` is missing", k.title()),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_missing_sections() {
        let cut = CLEAN.find("## 4. Index Design").unwrap_or(CLEAN.len());
        let found = run(&TemplateSectionMissing, &CLEAN[..cut]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(run(&TemplateSectionMissing, CLEAN).is_empty());
    }
}
