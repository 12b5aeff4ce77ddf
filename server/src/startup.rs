//! `Application::build` binds the listeners (port 0 picks a free one, for tests):
//! the public one and, when configured, the metrics one; and opens the store.
//! `run_until_stopped` serves both until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use futures_util::FutureExt;
use tokio::net::TcpListener;

use crate::article_index::ArticleIndex;
use crate::config::Config;
use crate::http::{self, AppState, Services};
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::reactions::{LiveCounts, ReactionService};
use crate::store::{self, DbLocation, MeteredStore, ServerLock};

pub struct Settings {
    pub listen: SocketAddr,
    pub db: DbLocation,
    pub config: Config,
    /// Directory holding the built `pkg/`.
    pub assets_dir: PathBuf,
}

pub struct Application {
    listener: TcpListener,
    /// Serves `/metrics` only, when the config names an address for it.
    metrics_listener: Option<TcpListener>,
    state: AppState,
    assets_dir: PathBuf,
    /// Held while the server runs, for a SQLite file.
    _lock: Option<ServerLock>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let lock = match &settings.db {
            DbLocation::Sqlite(path) => Some(ServerLock::take(path)?),
            DbLocation::Postgres(_) => None,
        };
        let metrics = Metrics::default();
        let store = MeteredStore::wrap(store::open(&settings.db).await?, metrics.clone());
        let index = Arc::new(ArticleIndex::new(metrics.clone()));
        // Indexing takes seconds for a large site (14 s for 100,000 articles):
        // everything else is served meanwhile; related queries wait for it.
        tokio::spawn({
            let (index, store) = (index.clone(), store.clone());
            async move {
                if let Err(err) = index.catch_up(&*store).await {
                    tracing::error!(
                        "indexing articles failed (retried on the next query): {err:#}"
                    );
                }
            }
        });
        let reactions = ReactionService::start(
            store.clone(),
            settings.config.rate_limit.open_streams,
            metrics.clone(),
        );
        let listener = bind(settings.listen).await?;
        let metrics_listener = match settings.config.metrics.listen {
            Some(address) => Some(bind(address).await?),
            None => None,
        };
        let state = AppState::new(Services {
            store,
            reactions,
            limiter: Arc::new(RateLimiter::new(
                settings.config.rate_limit,
                metrics.clone(),
            )),
            trusted_proxies: settings.config.trusted_proxies.clone().into(),
            config: settings.config,
            index,
            metrics,
        });
        Ok(Self {
            listener,
            metrics_listener,
            state,
            assets_dir: settings.assets_dir,
            _lock: lock,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Where `/metrics` is served, if anywhere.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().map(|listener| {
            listener
                .local_addr()
                .expect("a bound listener has an address")
        })
    }

    /// The path templates the public listener serves, read from its router.
    pub fn served_paths(&self) -> Vec<String> {
        http::served_paths(&http::router(self.state.clone(), &self.assets_dir))
    }

    /// The live streams' bookkeeping, to see what they hold.
    pub fn live(&self) -> LiveCounts {
        self.state.reactions.live().clone()
    }

    pub async fn run_until_stopped(self) {
        let live = self.live();
        let Self {
            listener,
            metrics_listener,
            state,
            assets_dir,
            _lock,
        } = self;
        let timeouts = state.config.timeouts;
        let stopping = async move {
            shutdown_signal().await;
            // Open event streams would otherwise hold the shutdown forever.
            live.close_all();
        }
        .shared();
        let metrics = metrics_listener.map(|listener| {
            let router = http::metrics_router(state.metrics.clone(), timeouts);
            http::serve(listener, router, timeouts, stopping.clone())
        });
        let public = http::serve(
            listener,
            http::router(state, &assets_dir),
            timeouts,
            stopping,
        );
        match metrics {
            Some(metrics) => {
                tokio::join!(public, metrics);
            }
            None => public.await,
        }
    }
}

async fn bind(address: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address)
        .await
        .with_context(|| format!("binding {address}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            term.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
