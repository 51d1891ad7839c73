//! S002 duplicate-entity.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports two entities with the same name or the same table
name (compared without case, separators or plural: `OrderItem`,
`order_items`).

Why is this bad: the DDL would create one table twice, or two sections
describe one table differently and readers cannot tell which is right.

Example:
### 2.1 User
### 2.4 Users

Use instead: one `### User` section holding every field.";

/// See [`DOC`].
pub struct DuplicateEntity;

impl Rule for DuplicateEntity {
    fn code(&self) -> &'static str {
        "S002"
    }
    fn name(&self) -> &'static str {
        "duplicate-entity"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut by_key: std::collections::HashMap<String, usize> = Default::default();
        let mut by_table: std::collections::HashMap<String, usize> = Default::default();
        for (i, e) in design.entities.iter().enumerate() {
            let key = crate::names::key(&e.name);
            let table = e.table.to_lowercase();
            let first = by_key
                .get(&key)
                .or_else(|| by_table.get(&table).filter(|_| !table.is_empty()))
                .copied();
            by_key.entry(key).or_insert(i);
            if !table.is_empty() {
                by_table.entry(table).or_insert(i);
            }
            if let Some(j) = first {
                out.push(
                    finding(
                        self,
                        ctx,
                        ctx.spans.entity(i),
                        format!(
                            "entity `{}` duplicates `{}` (line {})",
                            e.name,
                            design.entities[j].name,
                            ctx.spans.entity(j).line
                        ),
                    )
                    .with_help("merge the two sections into one"),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_second_entity_with_same_name() {
        let text = CLEAN.replace("### 2.3 Product", "### 2.3 Customers");
        let found = run(&DuplicateEntity, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(run(&DuplicateEntity, CLEAN).is_empty());
    }
}
