//! Every input a fuzz target once failed on, kept under
//! `tests/fixtures/fuzz/<target>/` (minimised by `cargo fuzz tmin`), goes
//! through the same checks as the fuzz target (`fuzz/checks.rs`): a reader
//! panic, or a broken invariant such as the storage document writer's
//! idempotence, fails this test and names the file.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn saved_fuzz_crashers_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut ran = 0;
    let mut failed = Vec::new();
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let data = match std::fs::read(&file) {
                Ok(d) => d,
                Err(e) => {
                    failed.push(format!("{}: {e}", file.display()));
                    continue;
                }
            };
            ran += 1;
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                failed.push(file.display().to_string());
            }
        }
    }
    assert!(ran > 0, "no saved crasher under {}", root.display());
    assert!(
        failed.is_empty(),
        "fuzz crashers fail again:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_target_has_a_regression_folder_name() {
    // The folder names are the fuzz targets' names: a crasher saved under a
    // misspelt folder would silently never run.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let known: Vec<&str> = checks::TARGETS.iter().map(|(name, _)| *name).collect();
    for entry in std::fs::read_dir(&root).expect("tests/fixtures/fuzz exists") {
        let entry = entry.expect("a readable folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            known.contains(&name.as_str()),
            "tests/fixtures/fuzz/{name} is not a fuzz target ({known:?})"
        );
    }
}
