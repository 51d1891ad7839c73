//! One module per command: glue between the command line and the library
//! (read inputs, call the stage, print the report). No domain logic here.

pub mod check;
pub mod design;
pub mod export;
pub mod status;
pub mod verify;
