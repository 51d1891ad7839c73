//! `stowage check`.

use crate::cli::CheckArgs;
use crate::error::{Error, Exit, Result};
use crate::Ctx;

pub fn run(_ctx: &Ctx, _args: &CheckArgs) -> Result<Exit> {
    Err(Error::Usage(
        "`stowage check` is not implemented yet in this build (tracked as issue 3)".into(),
    ))
}
