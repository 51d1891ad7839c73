//! S007 one-to-many-without-fk.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a `A 1 ──── N B` (or `1 ──── 1`) relationship line
where no field of the many side (either side for 1:1) is a foreign key to
the other entity.

Why is this bad: the relationship exists only in the diagram; the tables
cannot express it and nothing keeps it consistent.

Example:
User 1 ──── N Order        (Order has no `user_id ... FK → User(id)`)

Use instead: add `| user_id | UUID | FK → User(id), NOT NULL |` to Order.";

/// See [`DOC`].
pub struct OneToManyWithoutFk;

fn has_fk_to(ctx: &Ctx, design: &Design, from: &str, to: &str) -> bool {
    let (Some((_, f)), Some((_, t))) = (ctx.entity_of(design, from), ctx.entity_of(design, to))
    else {
        return true; // unknown ends are another rule's business
    };
    f.fields.iter().any(|x| {
        x.constraints
            .foreign_key
            .as_ref()
            .and_then(|fk| ctx.entity_of(design, &fk.entity))
            .is_some_and(|(_, e)| std::ptr::eq(e, t))
    })
}

impl Rule for OneToManyWithoutFk {
    fn code(&self) -> &'static str {
        "S007"
    }
    fn name(&self) -> &'static str {
        "one-to-many-without-fk"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, r) in design.relationships.iter().enumerate() {
            let ok = match r.cardinality {
                Cardinality::OneToMany => has_fk_to(ctx, design, &r.right, &r.left),
                Cardinality::OneToOne => {
                    has_fk_to(ctx, design, &r.right, &r.left)
                        || has_fk_to(ctx, design, &r.left, &r.right)
                }
                Cardinality::ManyToMany => true,
            };
            if !ok {
                out.push(
                    finding(
                        self,
                        ctx,
                        ctx.spans.relationship(i),
                        format!(
                            "`{}` to `{}` has no foreign key in `{}`",
                            r.left, r.right, r.right
                        ),
                    )
                    .with_help(format!(
                        "add a `{}_id` field with `FK → {}(id)` to `{}`",
                        crate::names::snake_case(&r.left),
                        r.left,
                        r.right
                    )),
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
    fn reports_relationship_without_fk() {
        let text = CLEAN.replace(
            "Customer 1 ──── N Purchase",
            "Customer 1 ──── N Purchase\nProduct 1 ──── N Customer",
        );
        let found = run(&OneToManyWithoutFk, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(run(&OneToManyWithoutFk, CLEAN).is_empty());
    }
}
