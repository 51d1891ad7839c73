//! The human report: one table row per pattern, the failed statements and
//! fills, and a summary line. (`--json` serialises [`Report`] directly.)

use super::{Report, Verdict};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Display width (CJK characters take two columns).
fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

const PLAN_WIDTH: usize = 56;

fn clip(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_string();
    }
    let mut s = String::new();
    for c in text.chars() {
        if self::width(&s) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| width(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths
                .get(c)
                .copied()
                .unwrap_or(0)
                .saturating_sub(width(cell));
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}

/// Renders the report for a terminal or a log.
pub fn render(report: &Report, verbose: bool) -> String {
    // The plan column is clipped; -v prints every plan line under the table.
    let mut out = String::new();
    let place = match &report.sandbox {
        Some(name) => format!("sandbox {name}"),
        None => "in memory".to_string(),
    };
    let _ = writeln!(
        out,
        "{} on {} ({place})",
        report.system, report.server_version
    );
    let _ = writeln!(
        out,
        "applied {} DDL statement(s){}",
        report.statements_applied,
        match report.rows {
            Some(n) => format!(", filled each table with up to {n} rows"),
            None => String::new(),
        }
    );
    for failed in &report.failed_statements {
        let origin: Vec<String> = [
            failed.entity.as_ref().map(|e| format!("entity {e}")),
            failed.field.as_ref().map(|f| format!("field {f}")),
            failed.index.as_ref().map(|i| format!("index {i}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let origin = if origin.is_empty() {
            String::new()
        } else {
            format!(" ({})", origin.join(", "))
        };
        let _ = writeln!(out, "error: statement failed{origin}: {}", failed.error);
        let _ = writeln!(out, "  {}", clip(failed.sql.trim(), 200));
    }
    for fill in report.fill.iter().filter(|f| f.error.is_some()) {
        let _ = writeln!(
            out,
            "warning: could not fill {}: {}",
            fill.table,
            fill.error.as_deref().unwrap_or_default()
        );
    }
    out.push('\n');
    let timed = report.patterns.iter().any(|p| p.time_ms.is_some());
    let mut rows = vec![{
        let mut h: Vec<String> = ["pattern", "freq", "expected index", "plan found", "verdict"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if timed {
            h.push("time".into());
        }
        h
    }];
    for p in &report.patterns {
        let plan = if p.plan.is_empty() {
            "-".to_string()
        } else {
            p.plan
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut row = vec![
            clip(&p.scenario, 40),
            p.frequency.label().to_string(),
            p.expected_index.clone().unwrap_or_else(|| "-".into()),
            clip(&plan, PLAN_WIDTH),
            p.verdict.label().to_string(),
        ];
        if timed {
            row.push(
                p.time_ms
                    .map(|t| format!("{t:.3} ms"))
                    .unwrap_or_else(|| "-".into()),
            );
        }
        rows.push(row);
    }
    if report.patterns.is_empty() {
        out.push_str("no query patterns in section 5\n");
    } else {
        out.push_str(&table(&rows));
    }
    let notable: Vec<_> = report
        .patterns
        .iter()
        .filter(|p| verbose || !matches!(p.verdict, Verdict::Served))
        .collect();
    if !notable.is_empty() {
        out.push('\n');
        for p in notable {
            let _ = writeln!(out, "{}: {} — {}", p.verdict.label(), p.scenario, p.detail);
            if verbose && !p.query.is_empty() {
                let _ = writeln!(out, "  query: {}", p.query);
                for line in &p.plan {
                    let _ = writeln!(out, "  plan:  {line}");
                }
                for line in &p.plan_with_data {
                    let _ = writeln!(out, "  with data: {line}");
                }
            }
        }
    }
    out.push('\n');
    let s = &report.summary;
    let _ = write!(
        out,
        "{} pattern(s): {} served, {} by another index, {} partial, {} full scan, {} skipped, {} error",
        s.patterns, s.served, s.other_index, s.partial, s.full_scan, s.skipped, s.error
    );
    if s.failed_statements > 0 {
        let _ = write!(out, "; {} failed statement(s)", s.failed_statements);
    }
    out.push('\n');
    if s.ok {
        out.push_str("ok: every High-frequency pattern is served\n");
    } else if !s.high_unserved.is_empty() {
        let _ = writeln!(
            out,
            "FAILED: High-frequency pattern(s) not served: {}",
            s.high_unserved.join(", ")
        );
    } else {
        out.push_str("FAILED: some DDL statements failed\n");
    }
    out
}
