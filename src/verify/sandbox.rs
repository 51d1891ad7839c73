//! Sandbox names and the interrupt flag.
//!
//! A sandbox is a schema (PostgreSQL) or database (MariaDB) named
//! `stowage_verify_<time>_<pid>_<counter>`: unique enough without a random
//! number generator, and recognisable by its prefix so that `--cleanup`
//! removes leftovers of killed runs and nothing else.

use super::TargetError;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Every sandbox name starts with this; `--cleanup` drops only such names.
pub const PREFIX: &str = "stowage_verify_";

/// Test hook: when set to a number of seconds, a server run pauses that long
/// right after creating its sandbox (so a test can kill it there).
pub const PAUSE_ENV: &str = "STOWAGE_VERIFY_PAUSE_AFTER_SANDBOX";

static COUNTER: AtomicU32 = AtomicU32::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A fresh sandbox name.
pub fn new_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{PREFIX}{}_{}_{count}",
        base36((nanos % (1u128 << 64)) as u64),
        std::process::id()
    )
}

/// Whether a name is one of ours: the prefix, then only `[a-z0-9_]`.
pub fn is_sandbox_name(name: &str) -> bool {
    name.strip_prefix(PREFIX).is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    })
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A line on stderr that never panics (a closed stderr must not turn a
/// clean shutdown into a crash that leaves the sandbox behind).
pub fn warn(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{args}");
}

/// Marks the run as interrupted (called from the Ctrl-C handler).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Stops the run between two steps after Ctrl-C; the target's `Drop` then
/// drops the sandbox.
pub fn check_interrupted() -> Result<(), TargetError> {
    if interrupted() {
        Err(TargetError::Interrupted)
    } else {
        Ok(())
    }
}

/// The test hook: pause after creating a sandbox when [`PAUSE_ENV`] asks.
pub fn pause_if_asked(name: &str) {
    if let Some(secs) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        crate::verify::sandbox::warn(format_args!(
            "stowage: sandbox {name} created; pausing {secs}s ({PAUSE_ENV})"
        ));
        let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < until && !interrupted() {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_recognised() {
        let a = new_name();
        let b = new_name();
        assert_ne!(a, b);
        assert!(is_sandbox_name(&a), "{a}");
        assert!(a.len() < 63, "{a} must fit PostgreSQL's identifier limit");
    }

    #[test]
    fn foreign_names_are_not_ours() {
        assert!(!is_sandbox_name("public"));
        assert!(!is_sandbox_name("stowage_verify_"));
        assert!(!is_sandbox_name("stowage_verify_x; DROP"));
        assert!(!is_sandbox_name("Stowage_verify_abc"));
        assert!(is_sandbox_name("stowage_verify_abc_12_0"));
    }
}
