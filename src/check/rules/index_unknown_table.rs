//! S010 index-unknown-table.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an index whose Table cell names no entity of the
document (by entity name or table name).

Why is this bad: the index cannot be created; usually the entity was renamed
or removed.

Example:
| Account | idx_account_email | email | UNIQUE |   (no `### Account`)

Use instead: the entity's name as its heading says (`User`) or its table
name (`users`).";

/// See [`DOC`].
pub struct IndexUnknownTable;

impl Rule for IndexUnknownTable {
    fn code(&self) -> &'static str {
        "S010"
    }
    fn name(&self) -> &'static str {
        "index-unknown-table"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        design
            .indexes
            .iter()
            .enumerate()
            .filter(|(_, ix)| ctx.entity_of(design, &ix.table).is_none())
            .map(|(i, ix)| {
                finding(
                    self,
                    ctx,
                    ctx.spans.index(i, "table"),
                    format!(
                        "index `{}` is on `{}`, which is not an entity of this document",
                        ix.name, ix.table
                    ),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unknown_table() {
        let text = CLEAN.replace(
            "| Customer | idx_customer_email |",
            "| Account | idx_customer_email |",
        );
        assert_eq!(run(&IndexUnknownTable, &text).len(), 1);
        assert!(run(&IndexUnknownTable, CLEAN).is_empty());
    }
}
