use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use newscard_server::config::Config;
use newscard_server::domain::SiteId;
use newscard_server::import::import_json;
use newscard_server::startup::{Application, Settings};
use newscard_server::store::SqliteStore;

/// Serves the newscard widget and its API.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// SQLite database file, created if missing.
    #[arg(long, default_value = "data/newscard.db")]
    db: PathBuf,
    /// Config file (TOML): sites, allowed origins, reactions, proxies, limits.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Directory holding the built `pkg/` (wasm-pack output and the minified loader).
    #[arg(long, default_value = ".")]
    assets: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Import articles from a JSON file (an array of article objects) into a site.
    Import {
        #[arg(long)]
        site: String,
        file: PathBuf,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = match &cli.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(parent) = cli.db.parent() {
        std::fs::create_dir_all(parent).ok();
    }
    match cli.command {
        Some(Command::Import { site, file }) => {
            let Some(site) = SiteId::parse(&site).filter(|id| config.sites.get(id).is_some())
            else {
                bail!("site {site:?} is not in the config file");
            };
            let json = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let store = SqliteStore::open(&cli.db).await?;
            let count = import_json(&store, &site, &json)
                .await
                .with_context(|| format!("importing {}", file.display()))?;
            println!("imported {count} articles into site {}", site.as_str());
        }
        None => {
            let app = Application::build(Settings {
                listen: cli.listen,
                db: cli.db,
                config,
                assets_dir: cli.assets,
            })
            .await?;
            // Tests and scripts read this line to learn the port.
            println!("newscard-server listening on http://{}", app.local_addr());
            app.run_until_stopped().await?;
        }
    }
    Ok(())
}
