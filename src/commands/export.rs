//! `stowage export`.

use crate::cli::ExportArgs;
use crate::error::{Error, Exit, Result};
use crate::Ctx;

pub fn run(_ctx: &Ctx, _args: &ExportArgs) -> Result<Exit> {
    Err(Error::Usage(
        "`stowage export` is not implemented yet in this build (tracked as issue 6)".into(),
    ))
}
