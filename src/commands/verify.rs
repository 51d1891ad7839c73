//! `stowage verify`.

use crate::cli::VerifyArgs;
use crate::error::{Error, Exit, Result};
use crate::Ctx;

pub fn run(_ctx: &Ctx, _args: &VerifyArgs) -> Result<Exit> {
    Err(Error::Usage(
        "`stowage verify` is not implemented yet in this build (tracked as issue 7)".into(),
    ))
}
