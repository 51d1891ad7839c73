//! Criterion benchmarks of the library paths behind the commands, on the
//! generated inputs of `examples/gen` (the same as `scripts/bench.sh`):
//!
//! - `design/50 systems, 2000 stories`: read the project, propose and render
//!   every backend system's document (what `design --all --yes` does, less
//!   the writes);
//! - `storage 5000 entities/{read, check, export postgres}`: read the
//!   document, run every `check` rule, render the PostgreSQL DDL;
//! - `verify sqlite/1000 query patterns`: export the SQLite DDL, apply it
//!   to an in-memory database and EXPLAIN and judge every pattern.
//!
//! `cargo bench --bench pipeline` measures; `cargo test --all-targets` runs
//! each benchmark once on small inputs (3 systems, 50 entities), as a smoke
//! test of this file.

#[path = "../examples/gen/mod.rs"]
mod gen;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use stowage::input::ReadOptions;

/// Full sizes under `cargo bench`, small ones under `cargo test`.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn design(c: &mut Criterion) {
    let size = if full() {
        gen::ProjectSize::default()
    } else {
        gen::ProjectSize {
            systems: 3,
            stories: 40,
            seed: 1,
        }
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    gen::write_project(dir.path(), &size).expect("the generated project is written");
    let root = dir.path();
    let name = format!("{} systems, {} stories", size.systems, size.stories);
    let mut group = c.benchmark_group("design");
    group.sample_size(10);
    group.bench_function(name, |b| b.iter(|| black_box(design_all(root))));
    group.finish();
}

/// Reads the project and renders every backend system's proposal.
fn design_all(root: &Path) -> usize {
    let project =
        stowage::input::load_project(root, ReadOptions::default()).expect("the project reads");
    let shared = stowage::propose::Shared::new(&project);
    let mut bytes = 0;
    for system in project.architecture.backends() {
        let (design, _) = stowage::commands::design::design_system(&project, &system.name, &shared);
        bytes += stowage::document::render(&design).len();
    }
    bytes
}

fn storage(c: &mut Criterion) {
    let n = if full() { 5000 } else { 50 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = gen::write_storage(dir.path(), n).expect("the generated document is written");
    let target = path.display().to_string();
    let load = || {
        stowage::document::load(dir.path(), &target, ReadOptions::default())
            .expect("the document reads")
    };
    let doc = load();
    let mut group = c.benchmark_group(format!("storage {n} entities"));
    group.sample_size(10);
    group.bench_function("read", |b| {
        b.iter(|| black_box(load().design.entities.len()))
    });
    group.bench_function("check", |b| {
        b.iter(|| black_box(stowage::check::check_document(&doc, None).len()))
    });
    group.bench_function("export postgres", |b| {
        b.iter(|| {
            black_box(
                stowage::export::script(&doc.design, &stowage::export::dialect::Postgres).len(),
            )
        })
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let n = if full() { 1000 } else { 20 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = gen::write_storage(dir.path(), n).expect("the generated document is written");
    let doc = stowage::document::load(
        dir.path(),
        &path.display().to_string(),
        ReadOptions::default(),
    )
    .expect("the document reads");
    let design = doc.design;
    let mut group = c.benchmark_group("verify sqlite");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("{n} query patterns"), |b| {
        b.iter(|| {
            let ddl = stowage::verify::ddl_statements(&design, &stowage::export::dialect::Sqlite);
            let mut target = stowage::verify::open(None).expect("in-memory SQLite opens");
            let opts = stowage::verify::Options {
                rows: None,
                timing_runs: 5,
            };
            let report =
                stowage::verify::run(&design, &ddl, target.as_mut(), &opts, &mut |_, _, _| {})
                    .expect("verify runs");
            let _ = target.close();
            assert!(report.summary.ok, "every generated pattern is served");
            black_box(report.patterns.len())
        })
    });
    group.finish();
}

criterion_group!(benches, design, storage, verify);
criterion_main!(benches);
