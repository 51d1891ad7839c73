//! S005 fk-target-missing.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a foreign key whose target entity is not in the
document, or whose target field is not a field of that entity.

Why is this bad: the DDL's REFERENCES clause would fail, or point at a table
another system owns (which should be a plain id column, not a foreign key).

Example:
| author_id | UUID | FK → Author(id) |   (no `### Author` section)

Use instead: add the `Author` entity, or drop the FK and keep `author_id` as
a reference to the other system's data.";

/// See [`DOC`].
pub struct FkTargetMissing;

impl Rule for FkTargetMissing {
    fn code(&self) -> &'static str {
        "S005"
    }
    fn name(&self) -> &'static str {
        "fk-target-missing"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, e, j, f, fk) in foreign_keys(design) {
            let pos = ctx.spans.field(i, j, "constraints");
            match ctx.entity_of(design, &fk.entity) {
                None => out.push(finding(
                    self,
                    ctx,
                    pos,
                    if fk.entity.is_empty() {
                        format!("foreign key `{}.{}` names no target", e.name, f.name)
                    } else {
                        format!(
                            "foreign key `{}.{}` references `{}`, which is not an entity of this document",
                            e.name, f.name, fk.entity
                        )
                    },
                )),
                Some((_, target)) if target.field(&fk.field).is_none() => {
                    out.push(finding(
                        self,
                        ctx,
                        pos,
                        format!(
                            "foreign key `{}.{}` references `{}.{}`, which has no such field",
                            e.name, f.name, target.name, fk.field
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_missing_target_entity_and_field() {
        let text = CLEAN.replace("FK → Product(id), NOT NULL", "FK → Item(id), NOT NULL");
        let found = run(&FkTargetMissing, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        let text = CLEAN.replace("FK → Product(id), NOT NULL", "FK → Product(sku), NOT NULL");
        assert_eq!(run(&FkTargetMissing, &text).len(), 1);
        assert!(run(&FkTargetMissing, CLEAN).is_empty());
    }
}
