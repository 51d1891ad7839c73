//! S009 index-unknown-column.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an index column that is not a field of the index's
entity.

Why is this bad: the CREATE INDEX statement fails; usually a field was
renamed and the index row was not.

Example:
| User | idx_user_mail | mail | UNIQUE |   (the field is `email`)

Use instead:
| User | idx_user_email | email | UNIQUE |";

/// See [`DOC`].
pub struct IndexUnknownColumn;

impl Rule for IndexUnknownColumn {
    fn code(&self) -> &'static str {
        "S009"
    }
    fn name(&self) -> &'static str {
        "index-unknown-column"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, ix) in design.indexes.iter().enumerate() {
            let Some((_, e)) = ctx.entity_of(design, &ix.table) else {
                continue;
            };
            for c in &ix.columns {
                // Expression indexes (`lower(email)`) name their field inside.
                let name = c
                    .name
                    .split_once('(')
                    .map(|(_, r)| r.trim_end_matches(')'))
                    .unwrap_or(&c.name);
                if e.field(name.trim()).is_none() {
                    out.push(finding(
                        self,
                        ctx,
                        ctx.spans.index(i, "fields"),
                        format!(
                            "index `{}` names `{}`, which is not a field of `{}`",
                            ix.name, c.name, e.name
                        ),
                    ));
                }
            }
            if ix.columns.is_empty() {
                out.push(finding(
                    self,
                    ctx,
                    ctx.spans.index(i, "fields"),
                    format!("index `{}` has no columns", ix.name),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unknown_column() {
        let text = CLEAN.replace(
            "| idx_customer_email | email |",
            "| idx_customer_email | mail |",
        );
        let found = run(&IndexUnknownColumn, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(run(&IndexUnknownColumn, CLEAN).is_empty());
    }
}
