//! Group commit: handlers queue their write and wait; one task takes everything
//! queued, applies it in a single transaction (one fsync for the whole batch),
//! then answers each handler. While a batch commits the next one gathers, so a
//! slow fsync costs a batch, not every writer behind it.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::{CountsCache, LiveCounts};
use crate::error::ApiError;
use crate::store::{Counts, ReactionWrite, Store};

/// Most writes in one transaction; bounds the latency of a batch.
const MAX_BATCH: usize = 1024;
/// Writes waiting beyond this make handlers wait to queue (backpressure).
const QUEUE: usize = 8192;

struct Job {
    write: ReactionWrite,
    done: oneshot::Sender<Result<Counts, ()>>,
}

#[derive(Clone)]
pub struct ReactionWriter {
    jobs: mpsc::Sender<Job>,
}

impl ReactionWriter {
    pub fn spawn(store: Arc<dyn Store>, cache: CountsCache, live: LiveCounts) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(commit_batches(store, cache, live, queue));
        Self { jobs }
    }

    /// Queues the write and returns its article's counts once it is committed.
    pub async fn write(&self, write: ReactionWrite) -> Result<Counts, ApiError> {
        let (done, committed) = oneshot::channel();
        let stopped = || ApiError::Internal(anyhow::anyhow!("reaction writer stopped"));
        self.jobs
            .send(Job { write, done })
            .await
            .map_err(|_| stopped())?;
        committed
            .await
            .map_err(|_| stopped())?
            .map_err(|()| ApiError::Internal(anyhow::anyhow!("reaction batch failed")))
    }
}

async fn commit_batches(
    store: Arc<dyn Store>,
    cache: CountsCache,
    live: LiveCounts,
    mut queue: mpsc::Receiver<Job>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (writes, waiters): (Vec<_>, Vec<_>) =
            jobs.drain(..).map(|job| (job.write, job.done)).unzip();
        match store.apply_reactions(&writes).await {
            Ok(counts) => {
                // Every write to an article carries the same after-batch counts.
                let mut seen = HashSet::new();
                let touched: Vec<_> = writes
                    .iter()
                    .zip(&counts)
                    .filter(|(write, _)| seen.insert((&write.site, &write.article)))
                    .map(|(write, counts)| (&write.site, &write.article, Arc::new(counts.clone())))
                    .collect();
                cache.committed(touched.iter().map(|(s, a, c)| (*s, *a, c.clone())));
                for (site, article, counts) in &touched {
                    live.publish(site, article, counts);
                }
                for (waiter, counts) in waiters.into_iter().zip(counts) {
                    let _ = waiter.send(Ok(counts));
                }
            }
            Err(err) => {
                tracing::error!("reaction batch of {} failed: {err:#}", writes.len());
                for waiter in waiters {
                    let _ = waiter.send(Err(()));
                }
            }
        }
    }
}
