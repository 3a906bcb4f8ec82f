//! Accepting and serving HTTP/1.1 connections within limits, so that slow, idle or
//! abandoned connections cannot stop the emulator from answering real clients:
//!
//! - **header timeout**: a request head must be complete within this time of its first
//!   byte;
//! - **idle timeout**: a connection that sends nothing for this long after connecting or
//!   after its last answer is closed, and so is one whose answer cannot be written (the
//!   client stopped reading) for this long;
//! - **body timeout**: enforced where bodies are read (`body.rs`);
//! - **connection limit**: at most this many connections are served at once. When a new one
//!   arrives at the limit, the connection that has waited longest without sending a complete
//!   request (idle, or trickling its head) is closed to make room; when every connection is
//!   in the middle of a request, the new one waits for a free slot. The default limit
//!   follows the process's open-file limit, so the emulator never runs out of descriptors.
//!
//! hyper serves each connection; this module adds what hyper leaves to the server: the
//! accept loop, the registry of connections with their [`Activity`] (idle → receiving a
//! head → busy answering → flushing the answer → idle), the watchdog and the graceful
//! shutdown (stop accepting, close waiting connections at once, let answers under way
//! finish).

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// Default time for a request head to arrive completely.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time a request body may take to arrive.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time a connection may stay silent between requests (or stalled writing).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Upper end of the default connection limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Descriptors kept free for everything else (listener, state file, logs, …).
const RESERVED_FDS: u64 = 64;

/// The limits one emulator serves under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: default_max_connections(),
        }
    }
}

/// [`DEFAULT_MAX_CONNECTIONS`], or fewer when the open-file limit (`ulimit -n`) is lower:
/// that limit minus [`RESERVED_FDS`], and at least 8.
pub fn default_max_connections() -> usize {
    let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    match soft {
        Some(n) => usize::try_from(n.saturating_sub(RESERVED_FDS).max(8))
            .unwrap_or(DEFAULT_MAX_CONNECTIONS)
            .min(DEFAULT_MAX_CONNECTIONS),
        None => DEFAULT_MAX_CONNECTIONS,
    }
}

/// What a connection is doing, for the timeouts and for choosing whom to close at the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing received since it connected or since its last answer was written.
    Idle(Instant),
    /// Part of a request head received, since then.
    Head(Instant),
    /// A request is being answered (its body read, handled, the answer produced).
    Busy,
    /// The answer has been produced; its last bytes are being written.
    Flushing,
}

#[derive(Debug)]
struct ActivityState {
    phase: Phase,
    /// Since when a write has been waiting for the client to read.
    write_blocked_since: Option<Instant>,
}

/// One connection's activity, updated by its stream and its service.
#[derive(Debug)]
pub struct Activity {
    state: Mutex<ActivityState>,
    /// Told when the connection becomes idle (a candidate to make room at the limit).
    idle: Arc<Notify>,
}

impl Activity {
    fn new(now: Instant, idle: Arc<Notify>) -> Activity {
        Activity {
            state: Mutex::new(ActivityState {
                phase: Phase::Idle(now),
                write_blocked_since: None,
            }),
            idle,
        }
    }

    fn lock(&self) -> MutexGuard<'_, ActivityState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The stream was flushed: an answer that was being written is out.
    fn flushed(&self) {
        let mut s = self.lock();
        if s.phase == Phase::Flushing {
            s.phase = Phase::Idle(Instant::now());
            drop(s);
            self.idle.notify_waiters();
        }
    }

    fn received(&self) {
        let mut s = self.lock();
        if let Phase::Idle(_) = s.phase {
            s.phase = Phase::Head(Instant::now());
        }
    }

    fn write_blocked(&self, blocked: bool) {
        let mut s = self.lock();
        s.write_blocked_since = match (blocked, s.write_blocked_since) {
            (true, Some(since)) => Some(since),
            (true, None) => Some(Instant::now()),
            (false, _) => None,
        };
    }

    fn begin_request(self: &Arc<Self>) -> BusyGuard {
        self.lock().phase = Phase::Busy;
        BusyGuard(self.clone())
    }

    /// Since when the connection has waited without a complete request, if it has.
    fn waiting_since(&self) -> Option<Instant> {
        match self.lock().phase {
            Phase::Idle(t) | Phase::Head(t) => Some(t),
            Phase::Busy | Phase::Flushing => None,
        }
    }

    /// Which timeout, if any, the connection has run out of at `now`.
    fn expired(&self, limits: &Limits, now: Instant) -> Option<&'static str> {
        let s = self.lock();
        let over = |since: Instant, limit: Duration| now.saturating_duration_since(since) > limit;
        if s.write_blocked_since
            .is_some_and(|t| over(t, limits.idle_timeout))
        {
            return Some("the client stopped reading its answer");
        }
        match s.phase {
            Phase::Idle(t) if over(t, limits.idle_timeout) => Some("idle timeout"),
            Phase::Head(t) if over(t, limits.header_timeout) => Some("request head timeout"),
            _ => None,
        }
    }
}

/// Moves the connection on to [`Phase::Flushing`] when hyper has taken the whole answer
/// (dropped its body); the next flush of the stream makes it idle.
struct BusyGuard(Arc<Activity>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.lock().phase = Phase::Flushing;
    }
}

/// An answer body that keeps its connection busy until hyper has written it.
struct GuardedBody {
    inner: Body,
    _guard: BusyGuard,
}

impl http_body::Body for GuardedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// A TCP stream that reports reads and blocked writes to its [`Activity`].
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.received();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.activity.write_blocked(polled.is_pending());
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.activity.write_blocked(polled.is_pending());
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_flush(cx);
        if matches!(polled, Poll::Ready(Ok(()))) {
            this.activity.flushed();
        }
        polled
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

struct Entry {
    activity: Arc<Activity>,
    evict: CancellationToken,
}

/// The connections being served.
#[derive(Default)]
struct Registry {
    conns: Mutex<HashMap<u64, Entry>>,
    next_id: AtomicU64,
    /// Told when a connection closes or becomes idle.
    changed: Arc<Notify>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Entry>> {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Closes the connection that has waited longest without a complete request; whether
    /// there was one.
    fn evict_oldest_waiting(conns: &mut HashMap<u64, Entry>) -> bool {
        let oldest = conns
            .iter()
            .filter_map(|(id, e)| e.activity.waiting_since().map(|t| (t, *id)))
            .min();
        match oldest.and_then(|(_, id)| conns.remove(&id)) {
            Some(entry) => {
                entry.evict.cancel();
                true
            }
            None => false,
        }
    }

    /// Registers a new connection, making room at the limit (see the module doc).
    async fn admit(&self, max: usize) -> (u64, Arc<Activity>, CancellationToken) {
        loop {
            let changed = self.changed.notified();
            {
                let mut conns = self.lock();
                if conns.len() >= max && Registry::evict_oldest_waiting(&mut conns) {
                    tracing::debug!(
                        "connection limit reached: closed the longest-waiting connection"
                    );
                }
                if conns.len() < max {
                    let id = self.next_id.fetch_add(1, Ordering::Relaxed);
                    let activity = Arc::new(Activity::new(Instant::now(), self.changed.clone()));
                    let evict = CancellationToken::new();
                    conns.insert(
                        id,
                        Entry {
                            activity: activity.clone(),
                            evict: evict.clone(),
                        },
                    );
                    return (id, activity, evict);
                }
            }
            changed.await;
        }
    }

    fn release(&self, id: u64) {
        self.lock().remove(&id);
        self.changed.notify_waiters();
    }

    fn evict_one(&self) -> bool {
        Registry::evict_oldest_waiting(&mut self.lock())
    }
}

/// How often connections are checked against their timeouts.
fn tick_period(limits: &Limits) -> Duration {
    let shortest = limits.header_timeout.min(limits.idle_timeout);
    (shortest / 4).clamp(Duration::from_millis(10), Duration::from_secs(1))
}

/// Whether an accept error means the process ran out of descriptors.
fn out_of_descriptors(e: &io::Error) -> bool {
    let code = e.raw_os_error();
    code == Some(rustix::io::Errno::MFILE.raw_os_error())
        || code == Some(rustix::io::Errno::NFILE.raw_os_error())
}

/// Serves `router` on `listener` until `shutdown` is cancelled, then stops accepting, lets
/// the answers under way finish and returns once every connection has closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let registry = Arc::new(Registry::default());
    let tracker = TaskTracker::new();
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            a = listener.accept() => a,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::debug!(error = %e, "accept failed");
                if out_of_descriptors(&e) {
                    registry.evict_one();
                }
                // Give closing connections a moment instead of spinning on the error.
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = tokio::time::sleep(Duration::from_millis(10)) => {}
                }
                continue;
            }
        };
        let (id, activity, evict) = tokio::select! {
            () = shutdown.cancelled() => break,
            admitted = registry.admit(limits.max_connections) => admitted,
        };
        let _ = stream.set_nodelay(true);
        let registry = registry.clone();
        let router = router.clone();
        let shutdown = shutdown.clone();
        tracker.spawn(async move {
            serve_connection(stream, router, limits, activity, evict, shutdown).await;
            registry.release(id);
        });
    }
    drop(listener);
    tracker.close();
    tracker.wait().await;
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    router: Router,
    limits: Limits,
    activity: Arc<Activity>,
    evict: CancellationToken,
    shutdown: CancellationToken,
) {
    let service_activity = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let guard = service_activity.begin_request();
        let router = router.clone();
        async move {
            let response = router.oneshot(req.map(Body::new)).await?;
            Ok::<_, std::convert::Infallible>(response.map(|inner| GuardedBody {
                inner,
                _guard: guard,
            }))
        }
    });
    let io = TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    let mut conn = std::pin::pin!(conn);
    let mut tick = tokio::time::interval(tick_period(&limits));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut draining = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = evict.cancelled() => return,
            () = shutdown.cancelled(), if !draining => {
                // Answers under way finish; hyper then closes the connection.
                draining = true;
                conn.as_mut().graceful_shutdown();
                if activity.waiting_since().is_some() {
                    return;
                }
            }
            _ = tick.tick() => {
                if draining && activity.waiting_since().is_some() {
                    return;
                }
                if let Some(why) = activity.expired(&limits, Instant::now()) {
                    tracing::debug!(reason = why, "closing a connection");
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(2),
            body_timeout: Duration::from_secs(2),
            idle_timeout: Duration::from_secs(5),
            max_connections: 2,
        }
    }

    #[test]
    fn phases_and_timeouts() {
        let start = Instant::now();
        let a = Arc::new(Activity::new(start, Arc::default()));
        let l = limits();
        assert_eq!(a.expired(&l, start + Duration::from_secs(4)), None);
        assert_eq!(
            a.expired(&l, start + Duration::from_secs(6)),
            Some("idle timeout")
        );
        a.received();
        let head_since = a.waiting_since().expect("waiting");
        assert!(head_since >= start);
        assert_eq!(
            a.expired(&l, head_since + Duration::from_secs(3)),
            Some("request head timeout")
        );
        let guard = a.begin_request();
        assert_eq!(a.waiting_since(), None);
        assert_eq!(a.expired(&l, start + Duration::from_secs(3600)), None);
        a.write_blocked(true);
        assert!(a
            .expired(&l, Instant::now() + Duration::from_secs(6))
            .is_some());
        a.write_blocked(false);
        drop(guard);
        // Taken by hyper but not yet flushed: not idle yet.
        assert_eq!(a.waiting_since(), None);
        a.flushed();
        assert!(a.waiting_since().is_some());
    }

    #[tokio::test]
    async fn at_the_limit_the_longest_waiting_connection_makes_room() {
        let registry = Registry::default();
        let (first, a1, evict1) = registry.admit(2).await;
        let (_second, a2, evict2) = registry.admit(2).await;
        // The second is answering a request; the first waits: the first goes.
        let _busy = a2.begin_request();
        let _ = a1;
        let (_third, _, _) = registry.admit(2).await;
        assert!(evict1.is_cancelled());
        assert!(!evict2.is_cancelled());
        registry.release(first);
        assert_eq!(registry.lock().len(), 2);
    }

    #[test]
    fn default_limit_follows_the_open_file_limit() {
        let n = default_max_connections();
        assert!((8..=DEFAULT_MAX_CONNECTIONS).contains(&n));
    }
}
