//! `stowage design`.

use crate::cli::DesignArgs;
use crate::error::{Error, Exit, Result};
use crate::Ctx;

pub fn run(_ctx: &Ctx, _args: &DesignArgs) -> Result<Exit> {
    Err(Error::Usage(
        "`stowage design` is not implemented yet in this build (tracked as issue 4)".into(),
    ))
}
