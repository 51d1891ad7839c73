//! The top-level error and the exit-code contract shared by every command:
//! 0 ok, 1 findings or failed verification, 2 usage or missing prerequisites.

use crate::input::InputError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything is fine.
    Ok,
    /// 1: findings, a failed check or verification.
    Findings,
    /// 2: usage error or missing prerequisites.
    Usage,
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::Usage => 2,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong arguments or a request that cannot be met as asked.
    #[error("{0}")]
    Usage(String),
    /// Missing or unreadable prerequisites.
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Read(#[from] crate::fsutil::ReadError),
    #[error(transparent)]
    BadSystemName(#[from] crate::fsutil::BadSystemName),
    #[error("{path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A failure that means findings (exit 1), e.g. a document too broken to export.
    #[error("{0}")]
    Findings(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Findings(_) => Exit::Findings,
            _ => Exit::Usage,
        }
    }
    pub fn io(path: impl Into<std::path::PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
