//! S008 many-to-many-without-join.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports an `A N ──── M B` relationship without a join entity
(`(via C)`), or whose join entity is missing or lacks a foreign key to
either end.

Why is this bad: a relational database stores N:M only through a join
table; without one the relationship cannot be saved.

Example:
Order N ──── M Product

Use instead:
Order N ──── M Product (via OrderItem)
with OrderItem holding `order_id FK → Order(id)` and `product_id FK → Product(id)`.";

/// See [`DOC`].
pub struct ManyToManyWithoutJoin;

fn fk_to(ctx: &Ctx, design: &Design, join: &Entity, target: &str) -> bool {
    let Some((_, t)) = ctx.entity_of(design, target) else {
        return true;
    };
    join.fields.iter().any(|f| {
        f.constraints
            .foreign_key
            .as_ref()
            .and_then(|fk| ctx.entity_of(design, &fk.entity))
            .is_some_and(|(_, e)| std::ptr::eq(e, t))
    })
}

impl Rule for ManyToManyWithoutJoin {
    fn code(&self) -> &'static str {
        "S008"
    }
    fn name(&self) -> &'static str {
        "many-to-many-without-join"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, r) in design.relationships.iter().enumerate() {
            if r.cardinality != Cardinality::ManyToMany {
                continue;
            }
            let pos = ctx.spans.relationship(i);
            let msg = match r.via.as_deref().filter(|v| !v.trim().is_empty()) {
                None => Some(format!("`{}` N:M `{}` has no join entity", r.left, r.right)),
                Some(via) => match ctx.entity_of(design, via) {
                    None => Some(format!(
                        "join entity `{via}` is not an entity of this document"
                    )),
                    Some((_, join)) => {
                        let missing: Vec<&str> = [r.left.as_str(), r.right.as_str()]
                            .into_iter()
                            .filter(|end| !fk_to(ctx, design, join, end))
                            .collect();
                        (!missing.is_empty()).then(|| {
                            format!(
                                "join entity `{via}` has no foreign key to `{}`",
                                missing.join("`, `")
                            )
                        })
                    }
                },
            };
            if let Some(msg) = msg {
                out.push(finding(self, ctx, pos, msg).with_help(
                    "write `A N ──── M B (via AB)` and give AB a foreign key to each end",
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
    fn reports_missing_join() {
        let text = CLEAN.replace(" (via PurchaseLine)", "");
        assert_eq!(run(&ManyToManyWithoutJoin, &text).len(), 1);
        let text = CLEAN.replace("(via PurchaseLine)", "(via Basket)");
        assert_eq!(run(&ManyToManyWithoutJoin, &text).len(), 1);
        assert!(run(&ManyToManyWithoutJoin, CLEAN).is_empty());
    }
}
