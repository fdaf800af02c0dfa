//! When a long graph computation must give up: at a deadline, or as soon as the request that
//! asked for it is gone (timed out, or the client hung up). Computations call [`Deadline::check`]
//! between units of work; they run on blocking threads, which nothing else can stop.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A computation stopped before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the computation was stopped: it ran past its time limit or its request was cancelled")]
pub struct Interrupted;

#[derive(Debug, Clone, Default)]
pub struct Deadline {
    until: Option<Instant>,
    cancelled: Arc<AtomicBool>,
}

impl Deadline {
    /// No time limit (the CLI, benchmarks); it can still be cancelled.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn after(limit: Duration) -> Self {
        Self {
            until: Instant::now().checked_add(limit),
            cancelled: Arc::default(),
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// A guard that cancels the computation when dropped: held by the request's future, so
    /// that a timeout or a hang-up, which drop the future, also end the work.
    pub fn cancel_on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }

    pub fn check(&self) -> Result<(), Interrupted> {
        let late = self.until.is_some_and(|until| Instant::now() >= until);
        if late || self.cancelled.load(Ordering::Relaxed) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }

    /// [`check`](Self::check) once every `every` steps of a loop (reading the clock costs
    /// more than a step of the innermost loops).
    pub fn check_every(&self, step: usize, every: usize) -> Result<(), Interrupted> {
        if step.is_multiple_of(every.max(1)) {
            self.check()
        } else {
            Ok(())
        }
    }
}

pub struct CancelOnDrop(Deadline);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_until_late_or_cancelled() {
        let open = Deadline::none();
        assert_eq!(open.check(), Ok(()));
        assert_eq!(Deadline::after(Duration::ZERO).check(), Err(Interrupted));
        let guarded = Deadline::after(Duration::from_secs(3600));
        let guard = guarded.cancel_on_drop();
        assert_eq!(guarded.check(), Ok(()));
        drop(guard);
        assert_eq!(guarded.check(), Err(Interrupted));
        assert_eq!(
            guarded.check_every(1, 8),
            Ok(()),
            "checked only every 8 steps"
        );
    }
}
