//! S006 fk-type-mismatch.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a foreign key whose type differs from the type of the
field it references (VARCHAR lengths aside).

Why is this bad: most databases refuse the constraint, and those that accept
it compare with casts that cannot use the index.

Example:
| id | BIGINT | PK |              (in Order)
| order_id | UUID | FK → Order(id) |

Use instead:
| order_id | BIGINT | FK → Order(id) |";

/// See [`DOC`].
pub struct FkTypeMismatch;

fn same_type(a: &SqlType, b: &SqlType) -> bool {
    match (a, b) {
        (SqlType::Varchar(_), SqlType::Varchar(_)) => true,
        (SqlType::Other(x), SqlType::Other(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

impl Rule for FkTypeMismatch {
    fn code(&self) -> &'static str {
        "S006"
    }
    fn name(&self) -> &'static str {
        "fk-type-mismatch"
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
            let Some((_, target)) = ctx.entity_of(design, &fk.entity) else {
                continue;
            };
            let Some(tf) = target.field(&fk.field) else {
                continue;
            };
            if !same_type(&f.ty, &tf.ty) {
                out.push(
                    finding(
                        self,
                        ctx,
                        ctx.spans.field(i, j, "type"),
                        format!(
                            "`{}.{}` is {} but references `{}.{}`, which is {}",
                            e.name, f.name, f.ty, target.name, tf.name, tf.ty
                        ),
                    )
                    .with_help(format!("make `{}` {}", f.name, tf.ty)),
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
    fn reports_type_mismatch() {
        let text = CLEAN.replace("| product_id | BIGINT |", "| product_id | UUID |");
        let found = run(&FkTypeMismatch, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(run(&FkTypeMismatch, CLEAN).is_empty());
    }
}
