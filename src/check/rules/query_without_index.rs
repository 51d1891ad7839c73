//! S014 query-without-index.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a High-frequency query pattern that no index or key
serves: its Optimization names no index of section 4 (nor a cache key of the
cache section), and no index, primary key or unique field of its tables
leads with its Filter columns.

Why is this bad: the most frequent queries are the ones a full scan hurts
most; storage-stage.md asks for query-driven indexing.

Example:
| User login | High | User | email | | email index |   (no index on email)

Use instead:
| User | idx_user_email | email | UNIQUE | Login lookup |
and name it in the Optimization cell.";

/// See [`DOC`].
pub struct QueryWithoutIndex;

impl Rule for QueryWithoutIndex {
    fn code(&self) -> &'static str {
        "S014"
    }
    fn name(&self) -> &'static str {
        "query-without-index"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, q) in design.query_patterns.iter().enumerate() {
            if q.frequency != Frequency::High {
                continue;
            }
            let named = q.served_by.as_deref().is_some_and(|s| ctx.lookup.serves(s));
            if named {
                continue;
            }
            let eq: Vec<&str> = q.equality.iter().map(String::as_str).collect();
            let by_columns = !eq.is_empty()
                && q.tables.iter().any(|t| {
                    ctx.entity_of(design, t)
                        .is_some_and(|(ei, _)| ctx.has_leading_index(design, ei, &eq))
                });
            if by_columns {
                continue;
            }
            let msg = match q.served_by.as_deref() {
                Some(s) => format!(
                    "high-frequency query \"{}\" names `{s}`, which is not an index or key of this document",
                    q.scenario
                ),
                None => format!(
                    "high-frequency query \"{}\" is not served by any index",
                    q.scenario
                ),
            };
            out.push(
                finding(self, ctx, ctx.spans.query(i, "optimization"), msg).with_help(
                    "add an index whose leading columns are the query's filter columns, and name it in Optimization",
                ),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unserved_high_frequency_query() {
        let text = CLEAN.replace(
            "| Customer login (US-002) | High | Customer | email | | idx_customer_email |",
            "| Customer login (US-002) | High | Customer | title | | full scan |",
        );
        assert_eq!(run(&QueryWithoutIndex, &text).len(), 1);
        let text = CLEAN.replace("| session:{token} |\n", "| idx_gone |\n");
        assert_eq!(run(&QueryWithoutIndex, &text).len(), 1);
        assert!(run(&QueryWithoutIndex, CLEAN).is_empty());
    }
}
