//! S017 missing-timestamps.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an entity without a creation timestamp field
(`created_at`, `created`, `create_time`, `inserted_at`, ...). Join entities
(named in a `(via X)` relationship) are exempt.

Why is this bad: when a row appeared is the first question of every support
case, audit and data migration, and it cannot be recovered afterwards.

Example:
| id | UUID | PK |
| email | VARCHAR(255) | UNIQUE |

Use instead:
| created_at | TIMESTAMP | NOT NULL, DEFAULT now() |
| updated_at | TIMESTAMP | NOT NULL |";

/// See [`DOC`].
pub struct MissingTimestamps;

const CREATED: &[&str] = &[
    "created_at",
    "created",
    "create_time",
    "created_time",
    "creation_time",
    "created_on",
    "inserted_at",
    "createdat",
    "gmt_create",
];

impl Rule for MissingTimestamps {
    fn code(&self) -> &'static str {
        "S017"
    }
    fn name(&self) -> &'static str {
        "missing-timestamps"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let joins: Vec<String> = design
            .relationships
            .iter()
            .filter_map(|r| r.via.as_deref().map(crate::names::key))
            .collect();
        design
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| !joins.contains(&crate::names::key(&e.name)))
            .filter(|(_, e)| {
                !e.fields.iter().any(|f| {
                    let n = f.name.to_ascii_lowercase();
                    CREATED.contains(&n.as_str()) || f.name.contains("创建时间")
                })
            })
            .map(|(i, e)| {
                finding(
                    self,
                    ctx,
                    ctx.spans.entity(i),
                    format!("entity `{}` has no creation timestamp", e.name),
                )
                .with_help(
                    "add `created_at TIMESTAMP NOT NULL` (and `updated_at` for mutable rows)",
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_entity_without_created_at() {
        let text = CLEAN.replacen(
            "| created_at | TIMESTAMP | NOT NULL | Creation time |\n",
            "",
            1,
        );
        let found = run(&MissingTimestamps, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("Customer"));
        assert!(run(&MissingTimestamps, CLEAN).is_empty());
    }
}
