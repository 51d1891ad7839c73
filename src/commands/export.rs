//! `stowage export`: read the document, refuse it when it would make invalid
//! output, render the chosen format, write it (atomically) or print it.

use crate::cli::{ExportArgs, ExportFormat};
use crate::diag::{Diagnostic, Severity};
use crate::error::{Error, Exit, Result};
use crate::export::{self, dialect, Dialect};
use crate::model::{Design, StoragePurpose};
use crate::Ctx;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// `check` rules whose findings mean the exported DDL would be invalid;
/// other error-level findings (a table without a primary key, say) make a
/// poor design but valid SQL, and do not block export.
const DDL_BREAKING: &[&str] = &[
    "duplicate-entity",
    "duplicate-field",
    "fk-target-missing",
    "fk-type-mismatch",
    "index-unknown-column",
    "index-unknown-table",
    "unknown-type",
];

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<Exit> {
    let doc = load(ctx, &args.system)?;
    let relational = matches!(
        args.to,
        ExportFormat::Postgres
            | ExportFormat::Mysql
            | ExportFormat::Sqlite
            | ExportFormat::Migrations
            | ExportFormat::Dbml
            | ExportFormat::Tbls
            | ExportFormat::Mermaid
    );
    if relational {
        let problems = blocking_problems(&doc, args.dialect);
        if !problems.is_empty() {
            for p in &problems {
                eprintln!("{p}");
            }
            return Err(Error::Findings(format!(
                "{}: {} error(s) would make the export invalid; nothing written (fix the document; `stowage check` lists every finding)",
                doc.path.display(),
                problems.len()
            )));
        }
    }
    let (design, source) = (doc.design, doc.path);

    let primary = || {
        args.dialect.map(dialect::from_cli).unwrap_or_else(|| {
            design
                .storage_for(StoragePurpose::Primary)
                .and_then(|s| dialect::from_technology(&s.technology))
                .unwrap_or(&dialect::Postgres)
        })
    };
    let missing = |what: &str, section: &str| {
        Error::Usage(format!(
            "{}: the design has no {what} ({section} is empty or absent), so there is nothing to export",
            source.display()
        ))
    };
    let text = match args.to {
        ExportFormat::Postgres => export::script(&design, &dialect::Postgres),
        ExportFormat::Mysql => export::script(&design, &dialect::MySql),
        ExportFormat::Sqlite => export::script(&design, &dialect::Sqlite),
        ExportFormat::Migrations => return migrations(ctx, args, &design, primary()),
        ExportFormat::Mermaid => export::mermaid::render(&design),
        ExportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&design)
                .map_err(|e| Error::Findings(format!("cannot serialise the design: {e}")))?;
            s.push('\n');
            s
        }
        ExportFormat::Dbml => export::dbml::render(&design),
        ExportFormat::Tbls => export::tbls::render(&design, primary()),
        ExportFormat::Redis => export::stores::redis(&design)
            .ok_or_else(|| missing("Redis key patterns", "the cache section"))?,
        ExportFormat::Elasticsearch => export::stores::elasticsearch(&design)
            .ok_or_else(|| missing("search index", "the search section"))?,
        ExportFormat::Mongodb => export::stores::mongodb(&design)
            .ok_or_else(|| missing("document collection", "the document-database section"))?,
    };
    match &args.out {
        Some(path) => {
            let path = resolve(ctx, path);
            crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
            if !ctx.quiet {
                eprintln!("wrote {}", path.display());
            }
        }
        None => print!("{text}"),
    }
    Ok(Exit::Ok)
}

/// golang-migrate files: `NNNNNN_create_<system>.up.sql` and `.down.sql`,
/// numbered after the highest number already in the folder.
fn migrations(ctx: &Ctx, args: &ExportArgs, design: &Design, d: &dyn Dialect) -> Result<Exit> {
    let dir = match &args.out {
        Some(p) => resolve(ctx, p),
        None => ctx.root.join("migrations"),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a folder (--out names the migrations folder)",
            dir.display()
        )));
    }
    let next = next_migration_number(&dir)?;
    let slug = migration_slug(&design.system);
    let up = dir.join(format!("{next:06}_create_{slug}.up.sql"));
    let down = dir.join(format!("{next:06}_create_{slug}.down.sql"));
    for p in [&up, &down] {
        if p.exists() {
            return Err(Error::Usage(format!(
                "{}: already exists; stowage never overwrites a migration",
                p.display()
            )));
        }
    }
    crate::fsutil::write_atomic(&up, export::script(design, d).as_bytes())
        .map_err(|e| Error::io(&up, e))?;
    if let Err(e) = crate::fsutil::write_atomic(&down, export::drop_script(design, d).as_bytes()) {
        // Never leave an up without its down.
        let _ = std::fs::remove_file(&up);
        return Err(Error::io(&down, e));
    }
    if !ctx.quiet {
        eprintln!(
            "wrote {} and {} ({})",
            up.display(),
            down.display(),
            d.label()
        );
    }
    Ok(Exit::Ok)
}

/// One more than the highest `NNN_` prefix in `dir` (1 when there is none).
fn next_migration_number(dir: &Path) -> Result<u64> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(1),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut highest = 0u64;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && name[digits.len()..].starts_with('_') {
            if let Ok(n) = digits.parse::<u64>() {
                highest = highest.max(n);
            }
        }
    }
    Ok(highest.saturating_add(1))
}

/// `backend-user` -> `backend_user`: a file-name part with only
/// `[a-z0-9_]`.
fn migration_slug(system: &str) -> String {
    let s: String = system
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() {
        "schema".into()
    } else {
        s
    }
}

fn resolve(ctx: &Ctx, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        ctx.root.join(path)
    }
}

/// Reads the document; refuses one whose reader found errors (a broken
/// table, not UTF-8), printing every diagnostic.
fn load(ctx: &Ctx, target: &str) -> Result<crate::document::LoadedDocument> {
    let doc = crate::document::load(&ctx.root, target, ctx.read)?;
    let errors = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 || ctx.verbose > 0 {
        for d in &doc.diagnostics {
            eprintln!("{d}");
        }
    }
    if errors > 0 {
        return Err(Error::Findings(format!(
            "{}: {errors} error(s) reading the document; nothing exported",
            doc.path.display()
        )));
    }
    Ok(doc)
}

/// `check`'s findings that would make invalid DDL (with their positions),
/// plus what export itself needs that `check` does not look at (an FK to a
/// column that is neither PK nor UNIQUE, SET NULL on NOT NULL, ...).
fn blocking_problems(
    doc: &crate::document::LoadedDocument,
    dialect: Option<crate::cli::DialectName>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> =
        crate::check::check_document_with(doc, dialect, |r| DDL_BREAKING.contains(&r.name()))
            .into_iter()
            .filter(|d| {
                crate::check::find_rule(&d.code).is_some_and(|r| DDL_BREAKING.contains(&r.name()))
            })
            // `check` may only warn (an unknown type); for export it is fatal.
            .map(|mut d| {
                d.severity = Severity::Error;
                d
            })
            .collect();
    let reported: HashSet<&'static str> = out
        .iter()
        .filter_map(|d| crate::check::find_rule(&d.code).map(|r| r.name()))
        .collect();
    out.extend(
        export::validate::problems(&doc.design)
            .into_iter()
            .filter(|p| p.severity == Severity::Error && !reported.contains(p.code.as_str()))
            .map(|p| p.in_file(&doc.path)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_numbers_follow_the_highest() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(next_migration_number(dir.path()).unwrap(), 1);
        std::fs::write(dir.path().join("000007_x.up.sql"), "").unwrap();
        std::fs::write(dir.path().join("README.md"), "").unwrap();
        assert_eq!(next_migration_number(dir.path()).unwrap(), 8);
        assert_eq!(next_migration_number(&dir.path().join("nope")).unwrap(), 1);
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(migration_slug("backend-user"), "backend_user");
        assert_eq!(migration_slug("../x"), "x");
        assert_eq!(migration_slug("用户"), "schema");
    }
}
