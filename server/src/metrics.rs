//! What the server counts for its operator, in Prometheus' text format: requests
//! by route and status with their latency, reaction writes and the batches they
//! commit in, live streams open, rate-limit refusals, cache lookups and store
//! errors. Always counted (a few atomic adds a request); shown only on the
//! listener `[metrics] listen` or `--metrics-listen` names, never the public one.
//!
//! Each server has a registry of its own rather than a process-wide recorder,
//! so servers sharing a process (the tests, two instances on one database)
//! count apart.

use std::sync::Arc;
use std::time::Duration;

use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

/// Request latencies, seconds: a cached bootstrap is well under a millisecond, a
/// reaction write waits for its batch's fsync, a feed import takes seconds.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Writes per committed batch, up to the writer's cap of 1,024.
const BATCH_SIZE_BUCKETS: [f64; 11] = [
    1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
];

/// The label of a request no route matched; the raw path is never a label (any
/// client could make up a new one per request).
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// Which limit refused a client.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Its token bucket of reaction and share writes was empty.
    Writes,
    /// It already held `rate_limit.open_streams` live streams.
    Streams,
}

/// The in-memory caches whose hit rate an operator may want to watch.
#[derive(Debug, Clone, Copy)]
pub enum Cache {
    /// An article's reaction counts (`reactions/cache.rs`).
    Counts,
    /// A hot article's card (`article_index/cards.rs`).
    Cards,
}

/// The server's metrics. Cheap to clone: one reference count, since the
/// request-metrics layer clones them for every request.
#[derive(Clone)]
pub struct Metrics(Arc<Series>);

struct Series {
    registry: Registry,
    requests: HistogramVec,
    reaction_writes: IntCounterVec,
    reaction_batch_size: Histogram,
    rate_limit_refusals: IntCounterVec,
    cache_lookups: IntCounterVec,
    store_errors: IntCounterVec,
}

impl Default for Metrics {
    fn default() -> Self {
        let registry = Registry::new();
        let requests = HistogramVec::new(
            HistogramOpts::new(
                "newscard_http_request_duration_seconds",
                "Time to answer a request (to the response head; a live stream's \
                 lasts longer), by method, route template and status; _count counts requests",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["method", "route", "status"],
        )
        .expect("a valid histogram");
        let reaction_writes = IntCounterVec::new(
            Opts::new(
                "newscard_reaction_writes_total",
                "Reaction writes (set, change, retract) by the outcome of their batch",
            ),
            &["outcome"],
        )
        .expect("a valid counter");
        let reaction_batch_size = Histogram::with_opts(
            HistogramOpts::new(
                "newscard_reaction_batch_size",
                "Reaction writes per group-commit transaction",
            )
            .buckets(BATCH_SIZE_BUCKETS.to_vec()),
        )
        .expect("a valid histogram");
        let rate_limit_refusals = IntCounterVec::new(
            Opts::new(
                "newscard_rate_limit_refusals_total",
                "Requests refused with 429 by the per-client limit they hit",
            ),
            &["limit"],
        )
        .expect("a valid counter");
        let cache_lookups = IntCounterVec::new(
            Opts::new(
                "newscard_cache_lookups_total",
                "Lookups in the in-memory caches, by cache and result",
            ),
            &["cache", "result"],
        )
        .expect("a valid counter");
        let store_errors = IntCounterVec::new(
            Opts::new(
                "newscard_store_errors_total",
                "Failed database operations, by operation and kind \
                 (unavailable: a retry may succeed; internal: a bug or corruption)",
            ),
            &["operation", "kind"],
        )
        .expect("a valid counter");
        // The fixed label sets start at zero, so a rate over them is defined
        // before the first event.
        for outcome in ["committed", "failed"] {
            reaction_writes.with_label_values(&[outcome]);
        }
        for limit in [Limit::Writes, Limit::Streams] {
            rate_limit_refusals.with_label_values(&[limit.label()]);
        }
        for cache in [Cache::Counts, Cache::Cards] {
            for result in ["hit", "miss"] {
                cache_lookups.with_label_values(&[cache.label(), result]);
            }
        }
        let metrics = Self(Arc::new(Series {
            registry,
            requests,
            reaction_writes,
            reaction_batch_size,
            rate_limit_refusals,
            cache_lookups,
            store_errors,
        }));
        metrics.register(metrics.0.requests.clone());
        metrics.register(metrics.0.reaction_writes.clone());
        metrics.register(metrics.0.reaction_batch_size.clone());
        metrics.register(metrics.0.rate_limit_refusals.clone());
        metrics.register(metrics.0.cache_lookups.clone());
        metrics.register(metrics.0.store_errors.clone());
        metrics
    }
}

impl Limit {
    fn label(self) -> &'static str {
        match self {
            Self::Writes => "writes",
            Self::Streams => "streams",
        }
    }
}

impl Cache {
    fn label(self) -> &'static str {
        match self {
            Self::Counts => "counts",
            Self::Cards => "cards",
        }
    }
}

impl Metrics {
    fn register(&self, collector: impl Collector + 'static) {
        self.0
            .registry
            .register(Box::new(collector))
            .expect("each metric is registered once, under a name of its own");
    }

    /// One answered request. `route` is the matched route template (or
    /// [`UNMATCHED_ROUTE`]) and `method` one of a fixed set, so the series stay
    /// few whatever clients send.
    pub fn request(&self, method: &str, route: &str, status: u16, latency: Duration) {
        self.0
            .requests
            .with_label_values(&[method, route, &status.to_string()])
            .observe(latency.as_secs_f64());
    }

    /// One group-commit batch of `writes` reaction writes, committed or failed.
    pub fn reaction_batch(&self, writes: usize, committed: bool) {
        let outcome = if committed { "committed" } else { "failed" };
        self.0
            .reaction_writes
            .with_label_values(&[outcome])
            .inc_by(writes as u64);
        if committed {
            self.0.reaction_batch_size.observe(writes as f64);
        }
    }

    pub fn rate_limit_refusal(&self, limit: Limit) {
        self.0
            .rate_limit_refusals
            .with_label_values(&[limit.label()])
            .inc();
    }

    pub fn cache_lookup(&self, cache: Cache, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.0
            .cache_lookups
            .with_label_values(&[cache.label(), result])
            .inc();
    }

    /// A store operation failed; `unavailable` as `store::is_unavailable` tells.
    pub fn store_error(&self, operation: &'static str, unavailable: bool) {
        let kind = if unavailable {
            "unavailable"
        } else {
            "internal"
        };
        self.0
            .store_errors
            .with_label_values(&[operation, kind])
            .inc();
    }

    /// Shows the number of live streams open, read from `open` at each scrape
    /// (the streams' own bookkeeping is the truth; a second count could drift).
    pub fn live_streams_from(&self, open: impl Fn() -> usize + Send + Sync + 'static) {
        let gauge = IntGauge::new(
            "newscard_live_streams_open",
            "Server-sent count streams open now",
        )
        .expect("a valid gauge");
        self.register(SampledGauge { gauge, open });
    }

    /// Every series, in Prometheus' text exposition format.
    pub fn render(&self) -> String {
        let mut text = Vec::new();
        TextEncoder::new()
            .encode(&self.0.registry.gather(), &mut text)
            .expect("the text encoder writes to memory");
        String::from_utf8(text).expect("the text format is UTF-8")
    }
}

/// A gauge set from its source whenever it is collected.
struct SampledGauge<F> {
    gauge: IntGauge,
    open: F,
}

impl<F: Fn() -> usize + Send + Sync> Collector for SampledGauge<F> {
    fn desc(&self) -> Vec<&Desc> {
        self.gauge.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        self.gauge
            .set(i64::try_from((self.open)()).unwrap_or(i64::MAX));
        self.gauge.collect()
    }
}

/// The content type of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = prometheus::TEXT_FORMAT;
