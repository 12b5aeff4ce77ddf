//! `Application::build` binds the listener (port 0 picks a free one, for tests) and
//! opens the store; `run_until_stopped` serves until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::middleware::from_fn_with_state;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Sites;
use crate::error::ApiError;
use crate::routes::{assets, health, site_guard::site_guard, widget};
use crate::store::{SqliteStore, Store};

pub struct Settings {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub sites: Sites,
    /// Directory holding `www/embed.js` and `pkg/`.
    pub assets_dir: PathBuf,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub sites: Sites,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let store = SqliteStore::open(&settings.db).await?;
        let state = AppState {
            store: Arc::new(store),
            sites: settings.sites,
        };
        let site_api = widget::router().route_layer(from_fn_with_state(state.clone(), site_guard));
        let router = Router::new()
            .merge(health::router())
            .merge(assets::router(&settings.assets_dir))
            .merge(site_api)
            .fallback(|| async { ApiError::NotFound })
            .with_state(state);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("binding {}", settings.listen))?;
        Ok(Self { listener, router })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
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
