//! `stowage status`.

use crate::cli::StatusArgs;
use crate::error::{Error, Exit, Result};
use crate::Ctx;

pub fn run(_ctx: &Ctx, _args: &StatusArgs) -> Result<Exit> {
    Err(Error::Usage(
        "`stowage status` is not implemented yet in this build (tracked as issue 2)".into(),
    ))
}
