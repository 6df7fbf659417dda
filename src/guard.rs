//! Panics inside a build become a build error instead of a crash: `primer serve`
//! keeps serving the last good site, `primer build` and `check` report the bug and
//! leave the output as it was (the staging folder is removed as the panic unwinds).
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A panic caught inside a build: its message and where it happened.
pub struct Panic {
    pub(crate) message: String,
    pub(crate) location: Option<String>,
}

impl Panic {
    pub(crate) fn what(&self) -> String {
        match &self.location {
            Some(at) => format!("{} at {at}", self.message),
            None => self.message.clone(),
        }
    }

    /// The error a build reports for it; `then` says what happens next.
    pub fn diagnostic(&self, then: &str) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::error(
            "(primer)",
            0,
            0,
            format!("internal error: primer panicked while building the site: {}", self.what()),
        )
        .with_hint(format!(
            "this is a bug in primer, not a problem in your site: please report it with the file you changed last \
             (RUST_BACKTRACE=1 prints where it happened). {then}"
        ))
    }
}

/// How many threads run [`guarded`] now: the panic hook then records the panic for
/// the report instead of printing it.
static GUARDED: AtomicUsize = AtomicUsize::new(0);
/// Where the last panic under [`guarded`] happened (set by the panic hook).
static LAST_PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

/// Run `f`, turning a panic (on this thread, or on a rayon thread working for it,
/// which rayon re-raises here) into an `Err`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, Panic> {
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let location = LAST_PANIC_AT.lock().ok().and_then(|mut l| l.take());
        Panic { message, location }
    })
}

/// Panics inside [`guarded`] are reported as build errors, so the hook only notes
/// where they happened (and prints them as usual when `RUST_BACKTRACE` is set, for
/// bug reports). Other panics print as usual.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.load(Ordering::SeqCst) > 0 {
            if let (Some(at), Ok(mut last)) = (info.location(), LAST_PANIC_AT.lock()) {
                *last = Some(format!("{}:{}:{}", at.file(), at.line(), at.column()));
            }
            if std::env::var_os("RUST_BACKTRACE").is_none() {
                return;
            }
        }
        previous(info);
    }));
}
