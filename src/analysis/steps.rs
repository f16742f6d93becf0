//! The analysis as work that can be put down and picked up. Its what-if
//! runs pause after each simulated second (`pause`), so a driver can spread
//! one container's analysis over many short tasks (the page, between two
//! frames: `Resumable`) or do it at once (`finish`: the command line and
//! the tests). A pause waits for nothing: it is a point where the work
//! may stop, and it goes on from there when resumed. The answers are the
//! same either way.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// A point where the analysis may be put down.
pub async fn pause() {
    Pause { paused: false }.await
}

/// Pending once, then ready.
struct Pause {
    paused: bool,
}

impl Future for Pause {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.paused {
            return Poll::Ready(());
        }
        self.paused = true;
        Poll::Pending
    }
}

/// Does `work` at once, through every pause.
pub fn finish<T>(work: impl Future<Output = T>) -> T {
    let mut work = pin!(work);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(done) = work.as_mut().poll(&mut cx) {
            return done;
        }
    }
}

/// Work done a piece at a time: each `resume` goes on to the next pause.
pub struct Resumable<T> {
    work: Pin<Box<dyn Future<Output = T>>>,
}

impl<T> Resumable<T> {
    pub fn new(work: impl Future<Output = T> + 'static) -> Resumable<T> {
        Resumable { work: Box::pin(work) }
    }

    /// Does the work up to its next pause; its result once it is done (it
    /// is not to be resumed again).
    pub fn resume(&mut self) -> Option<T> {
        match self.work.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(done) => Some(done),
            Poll::Pending => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn count_to(n: u32) -> u32 {
        let mut i = 0;
        while i < n {
            pause().await;
            i += 1;
        }
        i
    }

    #[test]
    fn resumable_work_stops_at_each_pause_and_ends_with_the_same_result_as_finish() {
        let mut work = Resumable::new(count_to(3));
        assert_eq!([work.resume(), work.resume(), work.resume()], [None, None, None]);
        assert_eq!(work.resume(), Some(3));
        assert_eq!(finish(count_to(3)), 3);
    }
}
