//! S011 duplicate-index.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an index with the same name as an earlier one, or on
the same table with the same columns in the same order and direction.

Why is this bad: a second identical index doubles write cost and storage
and serves no query the first does not; a repeated name makes the DDL fail.

Example:
| Order | idx_order_user | user_id | BTREE |
| Order | idx_orders_by_user | user_id | BTREE |

Use instead: keep one of them.";

/// See [`DOC`].
pub struct DuplicateIndex;

impl Rule for DuplicateIndex {
    fn code(&self) -> &'static str {
        "S011"
    }
    fn name(&self) -> &'static str {
        "duplicate-index"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let same_table = |a: &Index, b: &Index| {
            a.table.eq_ignore_ascii_case(&b.table)
                || match (
                    super::entity_of(design, &a.table),
                    super::entity_of(design, &b.table),
                ) {
                    (Some((x, _)), Some((y, _))) => x == y,
                    _ => false,
                }
        };
        for (i, ix) in design.indexes.iter().enumerate() {
            let earlier = design.indexes[..i].iter().find(|p| {
                (!ix.name.is_empty() && p.name.eq_ignore_ascii_case(&ix.name))
                    || (same_table(p, ix)
                        && p.columns.len() == ix.columns.len()
                        && p.columns.iter().zip(&ix.columns).all(|(a, b)| {
                            a.name.eq_ignore_ascii_case(&b.name) && a.descending == b.descending
                        }))
            });
            if let Some(p) = earlier {
                out.push(finding(
                    self,
                    ctx,
                    ctx.spans.index(i, "name"),
                    format!("index `{}` duplicates `{}`", ix.name, p.name),
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
    fn reports_duplicate() {
        let text = CLEAN.replace(
            "| PurchaseLine | idx_purchase_line_product | product_id | BTREE | Sales of a product |",
            "| PurchaseLine | idx_purchase_line_product | product_id | BTREE | Sales of a product |\n| PurchaseLine | idx_line_product | product_id | BTREE | again |",
        );
        assert_eq!(run(&DuplicateIndex, &text).len(), 1);
        assert!(run(&DuplicateIndex, CLEAN).is_empty());
    }
}
