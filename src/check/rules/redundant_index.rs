//! S012 redundant-index.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a non-unique index whose columns are a leading prefix
of another index on the same table (unique indexes are never redundant:
they enforce a rule).

Why is this bad: the longer index already serves every query the shorter
one serves; the shorter one only costs writes and memory.

Example:
| Order | idx_order_user | user_id | BTREE |
| Order | idx_order_user_created | user_id, created_at DESC | BTREE |

Use instead: keep only `idx_order_user_created`.";

/// See [`DOC`].
pub struct RedundantIndex;

impl Rule for RedundantIndex {
    fn code(&self) -> &'static str {
        "S012"
    }
    fn name(&self) -> &'static str {
        "redundant-index"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let ordered = |k: IndexKind| matches!(k, IndexKind::Btree | IndexKind::Unique);
        for (i, ix) in design.indexes.iter().enumerate() {
            if ix.kind != IndexKind::Btree || ix.columns.is_empty() {
                continue;
            }
            let Some((ei, _)) = ctx.entity_of(design, &ix.table) else {
                continue;
            };
            let covering = ctx.indexes_on(design, ei).find(|other| {
                !std::ptr::eq(*other, ix)
                    && ordered(other.kind)
                    && other.columns.len() > ix.columns.len()
                    && ix
                        .columns
                        .iter()
                        .zip(&other.columns)
                        .all(|(a, b)| a.name.eq_ignore_ascii_case(&b.name))
            });
            if let Some(other) = covering {
                out.push(
                    finding(
                        self,
                        ctx,
                        ctx.spans.index(i, "fields"),
                        format!(
                            "index `{}` is a prefix of `{}`, which already serves its queries",
                            ix.name, other.name
                        ),
                    )
                    .with_help(format!("drop `{}`", ix.name)),
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
    fn reports_prefix_index_but_not_unique() {
        let extra = "| Purchase | idx_purchase_customer | customer_id | BTREE | dup |\n";
        let text = CLEAN.replace(
            "| PurchaseLine | idx_purchase_line_purchase",
            &format!("{extra}| PurchaseLine | idx_purchase_line_purchase"),
        );
        let found = run(&RedundantIndex, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        let text = text.replace(
            "| customer_id | BTREE | dup |",
            "| customer_id | UNIQUE | dup |",
        );
        assert!(run(&RedundantIndex, &text).is_empty());
        assert!(run(&RedundantIndex, CLEAN).is_empty());
    }
}
