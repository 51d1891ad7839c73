//! S013 fk-without-index.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a foreign key that a query pattern reads through (the
pattern's Tables include both ends of the key, or its Filter names the key's
column) when no index, primary key or unique constraint of that table leads
with the column.

Why is this bad: PostgreSQL and SQLite do not index foreign keys by
themselves; the join or lookup scans the whole child table, and deleting a
parent row scans it too.

Example:
| Order history | High | Order, OrderItem | ... |
with `OrderItem.order_id FK → Order(id)` and no index on `order_id`.

Use instead:
| OrderItem | idx_order_item_order | order_id | BTREE | Lines of an order |";

/// See [`DOC`].
pub struct FkWithoutIndex;

impl Rule for FkWithoutIndex {
    fn code(&self) -> &'static str {
        "S013"
    }
    fn name(&self) -> &'static str {
        "fk-without-index"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut reported = std::collections::HashSet::new();
        for q in &design.query_patterns {
            let read: Vec<usize> = q
                .tables
                .iter()
                .filter_map(|t| ctx.entity_of(design, t).map(|(i, _)| i))
                .collect();
            for &ei in &read {
                let Some(e) = design.entities.get(ei) else {
                    continue;
                };
                for (fi, f) in e.fields.iter().enumerate() {
                    let Some(fk) = &f.constraints.foreign_key else {
                        continue;
                    };
                    let joins = ctx
                        .entity_of(design, &fk.entity)
                        .is_some_and(|(ti, _)| ti != ei && read.contains(&ti));
                    let filters = q.equality.iter().any(|c| c.eq_ignore_ascii_case(&f.name));
                    if !(joins || filters) || reported.contains(&(ei, fi)) {
                        continue;
                    }
                    if !ctx.has_leading_index(design, ei, &[f.name.as_str()]) {
                        reported.insert((ei, fi));
                        out.push(
                            finding(
                                self,
                                ctx,
                                ctx.spans.field(ei, fi, "constraints"),
                                format!(
                                    "foreign key `{}.{}` has no index, and \"{}\" reads through it",
                                    e.name, f.name, q.scenario
                                ),
                            )
                            .with_help(format!(
                                "add `| {} | idx_{}_{} | {} | BTREE | ... |` to section 4",
                                e.name,
                                crate::names::snake_case(&e.name),
                                f.name,
                                f.name
                            )),
                        );
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unindexed_fk_read_by_a_pattern() {
        let text = CLEAN.replace(
            "| PurchaseLine | idx_purchase_line_purchase | purchase_id | BTREE | Lines of a purchase |\n",
            "",
        );
        let found = run(&FkWithoutIndex, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("purchase_id"));
        assert!(run(&FkWithoutIndex, CLEAN).is_empty());
    }
}
