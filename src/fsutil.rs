//! The only places stowage reads or writes project files: capped reads that
//! normalise text (BOM, CRLF), atomic writes, and safe storage paths.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

/// Default cap for one input file: larger inputs are refused with a clear
/// error instead of being read into memory. Overridable with `--max-file-size`.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: not found")]
    NotFound { path: PathBuf },
    #[error(
        "{path}: {size} bytes is larger than the {cap}-byte cap (raise it with --max-file-size)"
    )]
    TooLarge { path: PathBuf, size: u64, cap: u64 },
    #[error("{path}:{line}: not valid UTF-8 text (first bad byte at offset {offset})")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        offset: usize,
    },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Reads a text file with a size cap; strips a UTF-8 BOM and turns CRLF and
/// lone CR into LF, so that every reader sees one kind of line ending.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let file = fs::File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let size = file
        .metadata()
        .map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?
        .len();
    if size > cap {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size,
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            cap,
        });
    }
    decode_text(path, bytes)
}

/// UTF-8 check plus BOM and line-ending normalisation of bytes already read.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Err(ReadError::NotUtf8 {
                path: path.to_path_buf(),
                line,
                offset,
            });
        }
    };
    Ok(normalize_text(text))
}

/// Strips a BOM and normalises line endings to `\n`.
pub fn normalize_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder, flushed and synced, then renamed over the target. A crash at any
/// point leaves either the old file or the new one, never half of either.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.stowage-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid system name {name:?}: {why}")]
pub struct BadSystemName {
    pub name: String,
    pub why: &'static str,
}

/// Checks that a backend system name can be used as a file name inside
/// docs/storage/ and nowhere else (`../x`, `a/b`, absolute paths are refused).
pub fn check_system_name(name: &str) -> Result<(), BadSystemName> {
    let bad = |why| {
        Err(BadSystemName {
            name: name.to_string(),
            why,
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > 200 {
        return bad("it is longer than 200 bytes");
    }
    if name
        .chars()
        .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return bad("it contains a path separator or a control character");
    }
    if name == "." || name == ".." || name.starts_with('.') {
        return bad("it starts with a dot");
    }
    let p = Path::new(name);
    if p.components().count() != 1 || !matches!(p.components().next(), Some(Component::Normal(_))) {
        return bad("it is not a plain file name");
    }
    Ok(())
}

/// `docs/storage/<system>.md` under `root`, after [`check_system_name`].
pub fn storage_doc_path(root: &Path, system: &str) -> Result<PathBuf, BadSystemName> {
    check_system_name(system)?;
    Ok(root
        .join("docs")
        .join("storage")
        .join(format!("{system}.md")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_bom_and_crlf() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
    }

    #[test]
    fn refuses_escaping_system_names() {
        for bad in [
            "../x",
            "../../etc",
            "a/b",
            "",
            ".hidden",
            "a\\b",
            "x\ny",
            "/abs",
        ] {
            assert!(check_system_name(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(check_system_name("backend-user").is_ok());
        assert!(check_system_name("后端-用户").is_ok());
    }

    #[test]
    fn reports_line_of_bad_utf8() {
        let err = decode_text(Path::new("f.md"), b"ok\nok\n\xff".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { line: 3, .. }), "{err}");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("docs/storage/x.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn caps_file_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.md");
        fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(matches!(read_text(&p, 10), Err(ReadError::TooLarge { .. })));
        assert_eq!(read_text(&p, 100).unwrap().len(), 100);
    }
}
