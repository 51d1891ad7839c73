//! S019 technology-without-reason.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a row of section 1 (Storage Selection) that gives no
reason for its technology: an empty or missing Reason cell and no source
(requirement ID, contract or architecture reference).

Why is this bad: a technology nobody can justify is one nobody can safely
keep or drop; storage-stage.md asks to present the recommendation with its
reasoning.

Example:
| Cache | Redis | Session, hot data | |

Use instead:
| Cache | Redis | Session, hot data | Sessions expire after 30 days (US-002) |";

/// See [`DOC`].
pub struct TechnologyWithoutReason;

impl Rule for TechnologyWithoutReason {
    fn code(&self) -> &'static str {
        "S019"
    }
    fn name(&self) -> &'static str {
        "technology-without-reason"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        design
            .storage
            .iter()
            .enumerate()
            .filter(|(_, s)| s.reason.trim().is_empty() && s.sources.is_empty())
            .map(|(i, s)| {
                finding(
                    self,
                    ctx,
                    ctx.spans.storage(i, "technology"),
                    format!("`{}` is chosen without a reason", s.technology),
                )
                .with_help("add a Reason column saying why, with the requirement that triggered it")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_choice_without_reason() {
        let text = CLEAN.replace("| Login sessions expire (US-002) |", "| |");
        assert_eq!(run(&TechnologyWithoutReason, &text).len(), 1);
        assert!(run(&TechnologyWithoutReason, CLEAN).is_empty());
    }
}
