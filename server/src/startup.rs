//! `Application::build` binds the listener (port 0 picks a free one, for tests) and
//! opens the store; `run_until_stopped` serves until Ctrl-C or SIGTERM.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::Router;
use tokio::net::TcpListener;

use crate::article_index::ArticleIndex;
use crate::config::Config;
use crate::error::ApiError;
use crate::rate_limit::RateLimiter;
use crate::reactions::{CountsCache, LiveCounts, ReactionWriter};
use crate::routes::site_guard::{publisher_guard, site_guard};
use crate::routes::{articles, assets, health, ranking, reactions, related, shares, widget};
use crate::store::{SqliteStore, Store};

/// Largest request body the widget's API reads; reaction writes are well under 3 KB.
const MAX_BODY: usize = 4 * 1024;
/// Largest article or feed document a publisher may send.
const MAX_PUBLISHER_BODY: usize = 8 * 1024 * 1024;

pub struct Settings {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub config: Config,
    /// Directory holding the built `pkg/`.
    pub assets_dir: PathBuf,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Config,
    pub writer: ReactionWriter,
    pub live: LiveCounts,
    pub counts: CountsCache,
    pub limiter: Arc<RateLimiter>,
    pub trusted_proxies: Arc<[IpAddr]>,
    pub index: Arc<ArticleIndex>,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    live: LiveCounts,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&settings.db).await?);
        let index = Arc::new(ArticleIndex::default());
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
        let live = LiveCounts::default();
        let counts = CountsCache::default();
        let state = AppState {
            writer: ReactionWriter::spawn(store.clone(), counts.clone(), live.clone()),
            store,
            live: live.clone(),
            counts,
            limiter: Arc::new(RateLimiter::new(settings.config.rate_limit)),
            trusted_proxies: settings.config.trusted_proxies.clone().into(),
            config: settings.config,
            index,
        };
        let site_api = Router::new()
            .merge(widget::router())
            .merge(reactions::router())
            .merge(ranking::router())
            .merge(shares::router())
            .merge(related::router())
            .route_layer(from_fn_with_state(state.clone(), site_guard))
            .layer(DefaultBodyLimit::max(MAX_BODY));
        let publisher_api = articles::router()
            .route_layer(from_fn_with_state(state.clone(), publisher_guard))
            .layer(DefaultBodyLimit::max(MAX_PUBLISHER_BODY));
        let router = Router::new()
            .merge(health::router())
            .merge(assets::router(&settings.assets_dir))
            .merge(site_api)
            .merge(publisher_api)
            .fallback(|| async { ApiError::NotFound })
            .with_state(state);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        Ok(Self {
            listener,
            router,
            live,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let live = self.live;
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open event streams would otherwise hold the shutdown forever.
            live.close_all();
        })
        .await
    }
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
