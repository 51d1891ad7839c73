//! S001 missing-primary-key.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an entity whose field table marks no field `PK`.

Why is this bad: without a primary key rows cannot be addressed, updated or
referenced by a foreign key, replication and ORMs misbehave, and the DDL that
`export` writes has no key to build on.

Example:
| Field | Type | Constraints |
| email | VARCHAR(255) | UNIQUE, NOT NULL |

Use instead:
| id | UUID | PK |
| email | VARCHAR(255) | UNIQUE, NOT NULL |";

/// See [`DOC`].
pub struct MissingPrimaryKey;

impl Rule for MissingPrimaryKey {
    fn code(&self) -> &'static str {
        "S001"
    }
    fn name(&self) -> &'static str {
        "missing-primary-key"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        design
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.primary_key().is_empty())
            .map(|(i, e)| {
                finding(
                    self,
                    ctx,
                    ctx.spans.entity(i),
                    format!("entity `{}` has no primary key", e.name),
                )
                .with_help("mark a field `PK`, usually `id`")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_entity_without_pk() {
        let text = CLEAN.replace(
            "| id | BIGINT | PK | |\n| title",
            "| id | BIGINT | NOT NULL | |\n| title",
        );
        let found = run(&MissingPrimaryKey, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("Product"));
        assert!(found[0].line > 0);
        assert!(run(&MissingPrimaryKey, CLEAN).is_empty());
    }
}
