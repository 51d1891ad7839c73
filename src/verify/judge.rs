//! Judging a plan against what the design promised: served by the named
//! index, by another one, with an extra sort step (`partial`), or a full scan.

use super::fill::FillPlan;
use super::plan::PlanSummary;
use super::query::{self, Build, Built, Expected};
use super::{Engine, PatternResult, Target};
use crate::model::{Design, QueryPattern};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Served by the index (or key) the design names, order included.
    Served,
    /// Served by another index, order included.
    OtherIndex,
    /// An index finds the rows but an extra sort step orders them.
    Partial,
    /// A table is read in full (or a whole index is read for its order).
    FullScan,
    /// Nothing to verify on a relational database.
    Skipped,
    /// The query could not be built or run.
    Error,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Served => "served",
            Verdict::OtherIndex => "other-index",
            Verdict::Partial => "partial",
            Verdict::FullScan => "full-scan",
            Verdict::Skipped => "skipped",
            Verdict::Error => "error",
        }
    }

    /// Counts as served for the exit code.
    pub fn is_served(self) -> bool {
        matches!(
            self,
            Verdict::Served | Verdict::OtherIndex | Verdict::Skipped
        )
    }
}

fn expected_label(expected: &Expected) -> Option<String> {
    match expected {
        Expected::Index(index) => Some(index.name.clone()),
        Expected::PrimaryKey => Some("primary key".into()),
        Expected::Store { name, .. } | Expected::Unknown(name) => Some(name.clone()),
        Expected::Nothing => None,
    }
}

/// Builds, explains and judges one pattern.
pub fn verify_pattern(
    design: &Design,
    pattern: &QueryPattern,
    engine: Engine,
    target: &mut dyn Target,
    values: &FillPlan<'_>,
    aliases: &HashMap<String, String>,
    index_sql: &HashMap<String, String>,
) -> PatternResult {
    let mut result = PatternResult {
        scenario: pattern.scenario.clone(),
        frequency: pattern.frequency,
        tables: pattern.tables.clone(),
        expected_index: None,
        query: String::new(),
        plan: Vec::new(),
        verdict: Verdict::Error,
        index_used: None,
        detail: String::new(),
        plan_with_data: Vec::new(),
        time_ms: None,
    };
    let built = match query::build(design, pattern, engine, values, index_sql) {
        Build::Query(built) => built,
        Build::Skip(expected, reason) => {
            result.expected_index = expected_label(&expected);
            result.verdict = Verdict::Skipped;
            result.detail = reason;
            return result;
        }
        Build::Invalid(expected, reason) => {
            result.expected_index = expected_label(&expected);
            result.detail = reason;
            return result;
        }
    };
    result.expected_index = expected_label(&built.expected);
    result.query = built.sql.clone();
    match target.explain(&built.sql) {
        Ok(mut plan) => {
            for access in &mut plan.accesses {
                if let Some(named) = access
                    .index
                    .as_ref()
                    .and_then(|i| aliases.get(&i.to_lowercase()))
                {
                    access.index = Some(named.clone());
                }
            }
            result.plan = plan.lines.clone();
            let (verdict, index_used, detail) = judge(design, &built, &plan);
            result.verdict = verdict;
            result.index_used = index_used;
            result.detail = detail;
            for note in &built.notes {
                result.detail.push_str("; ");
                result.detail.push_str(note);
            }
        }
        Err(e) => {
            result.detail = format!("EXPLAIN failed: {e}");
        }
    }
    result
}

/// The verdict for a plan: (verdict, index used on the main table, why).
pub fn judge(
    design: &Design,
    built: &Built,
    plan: &PlanSummary,
) -> (Verdict, Option<String>, String) {
    let Some(main) = plan.access(&built.main_table) else {
        return (
            Verdict::Error,
            None,
            format!(
                "the plan does not read {}: {}",
                built.main_table,
                plan.lines.join(" / ")
            ),
        );
    };
    let index_used = main.index.clone().filter(|_| !main.automatic);
    let Some(index) = index_used.clone() else {
        let what = if main.automatic {
            format!(
                "{} has no usable index (the engine builds a temporary one)",
                built.main_table
            )
        } else {
            format!("{} is read in full", built.main_table)
        };
        return (Verdict::FullScan, None, what);
    };
    if main.full_index_scan {
        return (
            Verdict::FullScan,
            Some(index.clone()),
            format!("{index} is read in full (only its order is used): its leading columns do not match the filter"),
        );
    }
    // An index searched without its leading column is read in full too
    // (PostgreSQL can do that with enable_seqscan off).
    if let Some(def) = design
        .indexes
        .iter()
        .find(|i| i.name.eq_ignore_ascii_case(&index))
    {
        if let Some(lead) = def.columns.first() {
            if !main.key_columns.is_empty()
                && !main
                    .key_columns
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&lead.name))
            {
                return (
                    Verdict::FullScan,
                    Some(index.clone()),
                    format!(
                        "{index} is scanned in full: its leading column {} is not in the filter ({})",
                        lead.name,
                        built.equality.join(", ")
                    ),
                );
            }
        }
    }
    for table in &built.joined {
        match plan.access(table) {
            Some(a) if a.index.is_none() || a.automatic => {
                return (
                    Verdict::FullScan,
                    Some(index),
                    format!("the join reads {table} in full: index its foreign key"),
                )
            }
            _ => {}
        }
    }
    let named = match &built.expected {
        Expected::Index(def) => def.name.eq_ignore_ascii_case(&index),
        Expected::PrimaryKey => main.primary,
        _ => false,
    };
    if plan.extra_sort {
        let sort = built
            .sort
            .as_ref()
            .map(|s| format!("{}{}", s.name, if s.descending { " DESC" } else { "" }))
            .unwrap_or_else(|| "the order".into());
        return (
            Verdict::Partial,
            Some(index.clone()),
            format!("{index} finds the rows but they are sorted afterwards: the index does not give {sort} after the equality columns"),
        );
    }
    if named {
        (
            Verdict::Served,
            Some(index.clone()),
            format!("served by {index}"),
        )
    } else {
        let expected = expected_label(&built.expected)
            .map(|e| format!(", not {e}"))
            .unwrap_or_default();
        (
            Verdict::OtherIndex,
            Some(index.clone()),
            format!("served by {index}{expected}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, IndexColumn};
    use crate::verify::plan::Access;

    fn design() -> Design {
        Design {
            indexes: vec![Index {
                table: "Order".into(),
                name: "idx_created_user".into(),
                columns: vec![
                    IndexColumn {
                        name: "created_at".into(),
                        descending: true,
                    },
                    IndexColumn {
                        name: "user_id".into(),
                        descending: false,
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn built(joined: Vec<String>) -> Built {
        Built {
            sql: String::new(),
            expected: Expected::Index(design().indexes[0].clone()),
            main_entity: "Order".into(),
            main_table: "orders".into(),
            joined,
            equality: vec!["user_id".into()],
            sort: None,
            notes: Vec::new(),
        }
    }

    fn plan(accesses: Vec<Access>, extra_sort: bool) -> PlanSummary {
        PlanSummary {
            accesses,
            extra_sort,
            lines: Vec::new(),
        }
    }

    fn access(table: &str, index: Option<&str>, keys: &[&str]) -> Access {
        Access {
            table: table.into(),
            index: index.map(str::to_string),
            key_columns: keys.iter().map(|k| k.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn an_index_searched_without_its_leading_column_is_a_full_scan() {
        let p = plan(
            vec![access("orders", Some("idx_created_user"), &["user_id"])],
            false,
        );
        assert_eq!(judge(&design(), &built(vec![]), &p).0, Verdict::FullScan);
        let p = plan(
            vec![access("orders", Some("idx_created_user"), &["created_at"])],
            false,
        );
        assert_eq!(judge(&design(), &built(vec![]), &p).0, Verdict::Served);
    }

    #[test]
    fn sorts_joins_and_other_indexes() {
        let p = plan(
            vec![access("orders", Some("idx_created_user"), &["created_at"])],
            true,
        );
        assert_eq!(judge(&design(), &built(vec![]), &p).0, Verdict::Partial);
        let p = plan(
            vec![
                access("orders", Some("idx_created_user"), &["created_at"]),
                access("items", None, &[]),
            ],
            false,
        );
        assert_eq!(
            judge(&design(), &built(vec!["items".into()]), &p).0,
            Verdict::FullScan
        );
        let p = plan(
            vec![access("orders", Some("idx_other"), &["user_id"])],
            false,
        );
        let (verdict, used, _) = judge(&design(), &built(vec![]), &p);
        assert_eq!(
            (verdict, used.as_deref()),
            (Verdict::OtherIndex, Some("idx_other"))
        );
        let p = plan(vec![access("users", None, &[])], false);
        assert_eq!(judge(&design(), &built(vec![]), &p).0, Verdict::Error);
    }
}
