//! `stowage check [SYSTEM or FILE...]`: read storage documents, apply the
//! rules of [`crate::check`], print the findings (text with a code frame,
//! JSON, GitHub annotations or SARIF) and exit 1 on any error-level one.

use crate::check::{self, RULES};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{Diagnostic, Severity};
use crate::document::{self, LoadedDocument};
use crate::error::{Error, Exit, Result};
use crate::Ctx;
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<Exit> {
    if let Some(q) = &args.explain {
        return explain(q);
    }
    let format = if ctx.json {
        CheckFormat::Json
    } else {
        args.format
    };
    let targets = if args.targets.is_empty() {
        all_documents(ctx)?
    } else {
        args.targets.clone()
    };
    let mut docs = Vec::new();
    for t in &targets {
        let doc = document::load(&ctx.root, t, ctx.read).map_err(|e| match e {
            Error::Read(crate::fsutil::ReadError::NotFound { .. }) => Error::Usage(format!(
                "{t}: no such storage document (looked for {}); run `stowage design {t}` first",
                document::resolve(&ctx.root, t)
                    .map(|(shown, _)| shown.display().to_string())
                    .unwrap_or_else(|_| t.clone())
            )),
            other => other,
        })?;
        let findings = check::check_document(&doc, args.dialect);
        docs.push((doc, findings));
    }
    let errors = count(&docs, Severity::Error);
    match format {
        CheckFormat::Text => emit(&text_report(ctx, &docs)),
        CheckFormat::Json => emit(&format!("{}\n", json_report(&docs))),
        CheckFormat::Github => emit(&github_report(&docs)),
        CheckFormat::Sarif => emit(&format!("{}\n", sarif_report(&docs))),
    }
    Ok(if errors > 0 { Exit::Findings } else { Exit::Ok })
}

fn explain(q: &str) -> Result<Exit> {
    let Some(rule) = check::find_rule(q) else {
        let known: Vec<String> = RULES
            .iter()
            .map(|r| format!("{} {}", r.code(), r.name()))
            .collect();
        return Err(Error::Usage(format!(
            "no rule `{q}`; rules:\n  {}",
            known.join("\n  ")
        )));
    };
    emit(&format!(
        "{} {} ({})\n\n{}\n",
        rule.code(),
        rule.name(),
        rule.severity().label(),
        rule.doc()
    ));
    Ok(Exit::Ok)
}

/// Every docs/storage/*.md, sorted, as FILE targets.
fn all_documents(ctx: &Ctx) -> Result<Vec<String>> {
    let dir = ctx.root.join(crate::input::STORAGE_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
        .filter_map(|p| {
            p.file_name()
                .map(|n| format!("{}/{}", crate::input::STORAGE_DIR, n.to_string_lossy()))
        })
        .collect();
    out.sort();
    Ok(out)
}

fn count(docs: &[(LoadedDocument, Vec<Diagnostic>)], severity: Severity) -> usize {
    docs.iter()
        .flat_map(|(_, f)| f)
        .filter(|d| d.severity == severity)
        .count()
}

fn rule_name(code: &str) -> &'static str {
    check::find_rule(code).map_or("", |r| r.name())
}

// ---------------------------------------------------------------- text

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn emit(s: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}

fn text_report(ctx: &Ctx, docs: &[(LoadedDocument, Vec<Diagnostic>)]) -> String {
    let mut out = String::new();
    for (doc, findings) in docs {
        for d in findings {
            if ctx.quiet && d.severity != Severity::Error {
                continue;
            }
            out.push_str(&render_frame(ctx, doc, d));
        }
    }
    let (e, w) = (count(docs, Severity::Error), count(docs, Severity::Warning));
    let n = docs.len();
    let plural = |k: usize, s: &str| format!("{k} {s}{}", if k == 1 { "" } else { "s" });
    if docs.is_empty() {
        let _ = writeln!(
            out,
            "No storage documents to check in {}/ (run `stowage design`).",
            crate::input::STORAGE_DIR
        );
    } else if e + w == 0 {
        if !ctx.quiet {
            let _ = writeln!(out, "All checks passed ({}).", plural(n, "document"));
        }
    } else {
        let _ = writeln!(
            out,
            "Found {}, {} in {}.",
            plural(e, "error"),
            plural(w, "warning"),
            plural(n, "document")
        );
    }
    out
}

/// One finding with a code frame (miette's graphical reporter), or the
/// compiler-style one-liner when there is no line to show.
fn render_frame(ctx: &Ctx, doc: &LoadedDocument, d: &Diagnostic) -> String {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    };
    let header = d.to_string();
    if d.line == 0 || doc.text.is_empty() {
        return format!("{header}\n\n");
    }
    let Some((start, len)) = span_of(&doc.text, d.line, d.column) else {
        return format!("{header}\n\n");
    };
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut md = MietteDiagnostic::new(d.message.clone())
        .with_severity(severity)
        .and_label(LabeledSpan::at(start..start + len, "here"));
    if !d.code.is_empty() {
        md = md.with_code(format!("{}({})", d.code, rule_name(&d.code)));
    }
    if let Some(h) = &d.help {
        md = md.with_help(h.clone());
    }
    let report = miette::Report::new(md).with_source_code(NamedSource::new(
        doc.path.display().to_string(),
        doc.text.clone(),
    ));
    let theme = if ctx.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut s = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut s, report.as_ref()).is_err() {
        return format!("{header}\n\n");
    }
    // miette's frame names `file:line:col`, which keeps it clickable.
    format!("{s}\n")
}

/// Byte range of the cell (or rest of line) at 1-based line and column.
fn span_of(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |e| line_start + e);
    let line_text = &text[line_start..line_end];
    let col_byte = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(0, |(b, _)| b);
    let rest = &line_text[col_byte..];
    // Up to the next unescaped cell separator.
    let mut len = rest.len();
    let mut prev = '\0';
    for (i, c) in rest.char_indices() {
        if c == '|' && prev != '\\' && i > 0 {
            len = i;
            break;
        }
        prev = c;
    }
    let cell = rest[..len].trim_end().len();
    let len = if cell == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        cell
    };
    Some((line_start + col_byte, len))
}

// ---------------------------------------------------------------- json

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: usize,
    column: usize,
    severity: &'static str,
    code: &'a str,
    name: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    documents: Vec<JsonDocument>,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDocument {
    path: String,
    system: String,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    documents: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn file_of(doc: &LoadedDocument, d: &Diagnostic) -> PathBuf {
    d.file.clone().unwrap_or_else(|| doc.path.clone())
}

fn json_report(docs: &[(LoadedDocument, Vec<Diagnostic>)]) -> String {
    let report = JsonReport {
        documents: docs
            .iter()
            .map(|(doc, f)| JsonDocument {
                path: doc.path.display().to_string(),
                system: doc.design.system.clone(),
                errors: f.iter().filter(|d| d.severity == Severity::Error).count(),
                warnings: f.iter().filter(|d| d.severity == Severity::Warning).count(),
            })
            .collect(),
        findings: docs
            .iter()
            .flat_map(|(doc, f)| f.iter().map(move |d| (doc, d)))
            .map(|(doc, d)| JsonFinding {
                file: file_of(doc, d).display().to_string(),
                line: d.line,
                column: d.column,
                severity: d.severity.label(),
                code: &d.code,
                name: rule_name(&d.code),
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        summary: JsonSummary {
            documents: docs.len(),
            errors: count(docs, Severity::Error),
            warnings: count(docs, Severity::Warning),
            infos: count(docs, Severity::Info),
        },
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into())
}

// ---------------------------------------------------------------- github

/// GitHub Actions workflow commands: `::error file=..,line=..::message`.
fn github_report(docs: &[(LoadedDocument, Vec<Diagnostic>)]) -> String {
    let esc_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for (doc, findings) in docs {
        for d in findings {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = if d.code.is_empty() {
                "stowage".to_string()
            } else {
                format!("{} {}", d.code, rule_name(&d.code))
            };
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                esc_prop(&file_of(doc, d).display().to_string()),
                d.line.max(1),
                d.column.max(1),
                esc_prop(&title),
                esc_data(&d.message)
            );
        }
    }
    out
}

// ---------------------------------------------------------------- sarif

fn sarif_report(docs: &[(LoadedDocument, Vec<Diagnostic>)]) -> String {
    use serde_json::json;
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.name().replace('-', " ")},
                "fullDescription": {"text": r.doc()},
                "defaultConfiguration": {"level": sarif_level(r.severity())},
            })
        })
        .collect();
    let results: Vec<_> = docs
        .iter()
        .flat_map(|(doc, f)| f.iter().map(move |d| (doc, d)))
        .map(|(doc, d)| {
            let mut r = json!({
                "ruleId": if d.code.is_empty() { "reader" } else { d.code.as_str() },
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file_of(doc, d).display().to_string().replace('\\', "/")},
                        "region": {"startLine": d.line.max(1), "startColumn": d.column.max(1)}
                    }
                }]
            });
            if let Some(i) = RULES.iter().position(|x| x.code() == d.code) {
                r["ruleIndex"] = json!(i);
            }
            r
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stowage",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&sarif).unwrap_or_else(|_| "{}".into())
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::span_of;

    #[test]
    fn span_stops_at_the_cell_end() {
        let text = "a\n| id | UUID | PK |\n";
        let (start, len) = span_of(text, 2, 8).unwrap_or((0, 0));
        assert_eq!(&text[start..start + len], "UUID");
        assert!(span_of(text, 9, 1).is_none());
        let (s, l) = span_of("用户 | x", 1, 1).unwrap_or((0, 0));
        assert_eq!(&"用户 | x"[s..s + l], "用户");
    }
}
