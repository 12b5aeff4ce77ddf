//! Group commit: handlers queue their write and wait; one task takes everything
//! queued, applies it in a single transaction (one fsync for the whole batch),
//! then answers each handler. While a batch commits the next one gathers, so a
//! slow fsync costs a batch, not every writer behind it. Before a batch's
//! writers hear of its commit, the counts cache forgets its articles, so a
//! writer's next read sees its own write; the live streams follow the store's
//! commit notices (`commits.rs`), the same way for this process's writes as for
//! another's.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use tokio::sync::{mpsc, oneshot};

use super::CountsCache;
use crate::error::Error;
use crate::metrics::Metrics;
use crate::store::{is_unavailable, Counts, ReactionWrite, Store};

/// Most writes in one transaction; bounds the latency of a batch.
const MAX_BATCH: usize = 1024;
/// Writes waiting beyond this make handlers wait to queue (backpressure).
const QUEUE: usize = 8192;
/// A batch not committed by then has failed (the database is gone or stuck),
/// and its writers are told so rather than kept waiting.
const BATCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a batch failed, for each of its writers.
#[derive(Clone, Copy)]
enum Failure {
    Unavailable,
    Internal,
}

struct Job {
    write: ReactionWrite,
    done: oneshot::Sender<Result<Counts, Failure>>,
}

#[derive(Clone)]
pub struct ReactionWriter {
    jobs: mpsc::Sender<Job>,
}

impl ReactionWriter {
    pub fn spawn(store: Arc<dyn Store>, counts: CountsCache, metrics: Metrics) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(commit_batches(store, counts, metrics, queue));
        Self { jobs }
    }

    /// Queues the write and returns its article's counts once it is committed.
    pub async fn write(&self, write: ReactionWrite) -> Result<Counts, Error> {
        let (done, committed) = oneshot::channel();
        let stopped = || Error::Internal(anyhow::anyhow!("reaction writer stopped"));
        self.jobs
            .send(Job { write, done })
            .await
            .map_err(|_| stopped())?;
        committed
            .await
            .map_err(|_| stopped())?
            .map_err(|failure| match failure {
                Failure::Unavailable => {
                    Error::Unavailable(anyhow::anyhow!("reaction batch failed"))
                }
                Failure::Internal => Error::Internal(anyhow::anyhow!("reaction batch failed")),
            })
    }
}

async fn commit_batches(
    store: Arc<dyn Store>,
    counts_cache: CountsCache,
    metrics: Metrics,
    mut queue: mpsc::Receiver<Job>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (writes, waiters): (Vec<_>, Vec<_>) =
            jobs.drain(..).map(|job| (job.write, job.done)).unzip();
        // A panic fails this batch's writes, never the writer: the next batch
        // is taken as usual.
        let applied = AssertUnwindSafe(store.apply_reactions(&writes)).catch_unwind();
        let outcome = tokio::time::timeout(BATCH_TIMEOUT, applied).await;
        // Whatever the outcome (a timed-out batch may still commit), and
        // forgotten rather than overwritten: counts read here could already be
        // older than another server's commit.
        counts_cache.forget(writes.iter().map(|w| (&w.site, &w.article)));
        metrics.reaction_batch(writes.len(), matches!(outcome, Ok(Ok(Ok(_)))));
        let failure = match outcome {
            Ok(Ok(Ok(counts))) => {
                for (waiter, counts) in waiters.into_iter().zip(counts) {
                    let _ = waiter.send(Ok(counts));
                }
                continue;
            }
            Ok(Ok(Err(err))) => {
                tracing::error!("reaction batch of {} failed: {err:#}", writes.len());
                if is_unavailable(&err) {
                    Failure::Unavailable
                } else {
                    Failure::Internal
                }
            }
            Ok(Err(_)) => {
                tracing::error!("reaction batch of {}: the store panicked", writes.len());
                Failure::Internal
            }
            Err(_) => {
                tracing::error!(
                    "reaction batch of {}: no commit within {BATCH_TIMEOUT:?}",
                    writes.len()
                );
                Failure::Unavailable
            }
        };
        for waiter in waiters {
            let _ = waiter.send(Err(failure));
        }
    }
}
