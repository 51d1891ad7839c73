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
        let mut names: std::collections::HashMap<String, usize> = Default::default();
        let mut shapes: std::collections::HashMap<(String, Vec<(String, bool)>), usize> =
            Default::default();
        for (i, ix) in design.indexes.iter().enumerate() {
            let table = ctx
                .entity_of(design, &ix.table)
                .map_or_else(|| ix.table.to_lowercase(), |(e, _)| e.to_string());
            let shape = (
                table,
                ix.columns
                    .iter()
                    .map(|c| (c.name.to_lowercase(), c.descending))
                    .collect::<Vec<_>>(),
            );
            let name = ix.name.to_lowercase();
            let earlier = names
                .get(&name)
                .filter(|_| !name.is_empty())
                .or_else(|| shapes.get(&shape))
                .copied();
            names.entry(name).or_insert(i);
            shapes.entry(shape).or_insert(i);
            if let Some(p) = earlier.and_then(|p| design.indexes.get(p)) {
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
