use std::io::{BufWriter, IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Parser;
use newscard_server::backup::{export_site, is_backup, restore_site};
use newscard_server::cli::{Cli, Command, LogFormat};
use newscard_server::config::{Config, Site};
use newscard_server::domain::SiteId;
use newscard_server::import::import_file;
use newscard_server::startup::{Application, Settings};
use newscard_server::store::{self, DbLocation};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let mut config = match &cli.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(address) = cli.metrics_listen {
        config.metrics.listen = Some(address);
    }
    if let DbLocation::Sqlite(path) = &cli.db {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
    }
    match cli.command {
        Some(Command::Import { site, file }) => {
            import(&cli.db, site_in_config(&config, &site)?, &file).await?;
        }
        Some(Command::Export { site, out }) => {
            export(&cli.db, site_in_config(&config, &site)?, out.as_deref()).await?;
        }
        Some(Command::ApiKey) => {
            let key = newscard_server::config::new_api_key()?;
            println!(
                "key: {}
api_key_sha256 = \"{}\"",
                key.secret, key.sha256_hex
            );
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
            if let Some(address) = app.metrics_addr() {
                println!("metrics at http://{address}/metrics");
            }
            app.run_until_stopped().await;
        }
    }
    Ok(())
}

/// Imports an article file or restores a backup, whichever `file` holds.
async fn import(db: &DbLocation, site: &Site, file: &Path) -> anyhow::Result<()> {
    let contents = read_input(file)?;
    let store = store::open(db).await?;
    let reading = || format!("importing {}", file.display());
    if !is_backup(&contents) {
        let count = import_file(&*store, site, &contents)
            .await
            .with_context(reading)?;
        println!("imported {count} articles into site {}", site.id.as_str());
        return Ok(());
    }
    let restored = restore_site(&*store, site, &contents)
        .await
        .with_context(reading)?;
    if !restored.settings_differ.is_empty() {
        eprintln!(
            "note: the backup's site settings differ from the config's in: {}",
            restored.settings_differ.join(", ")
        );
    }
    println!(
        "restored {} articles, {} reactions and {} share counts into site {}",
        restored.articles,
        restored.reactions,
        restored.share_counts,
        site.id.as_str()
    );
    Ok(())
}

/// Writes the site's backup to `out`, or to standard output.
async fn export(db: &DbLocation, site: &Site, out: Option<&Path>) -> anyhow::Result<()> {
    let store = store::open(db).await?;
    let exported = match out {
        Some(path) => {
            // Written beside and renamed: a backup file is whole or not there.
            let mut partial = path.as_os_str().to_owned();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let file = std::fs::File::create(&partial)
                .with_context(|| format!("creating {}", partial.display()))?;
            let mut writer = BufWriter::new(file);
            let exported = export_site(&*store, site, &mut writer).await?;
            writer.into_inner()?.sync_all()?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("renaming {} to {}", partial.display(), path.display()))?;
            exported
        }
        None => {
            let mut stdout = BufWriter::new(std::io::stdout().lock());
            export_site(&*store, site, &mut stdout).await?
        }
    };
    // Standard output may be the backup itself.
    eprintln!(
        "exported {} articles, {} reactions and the counts of {} articles of site {}",
        exported.articles,
        exported.reactions,
        exported.counted_articles,
        site.id.as_str()
    );
    Ok(())
}

fn site_in_config<'a>(config: &'a Config, site: &str) -> anyhow::Result<&'a Site> {
    match SiteId::parse(site).and_then(|id| config.sites.get(&id)) {
        Some(site) => Ok(site),
        None => bail!("site {site:?} is not in the config file"),
    }
}

/// Logs at `RUST_LOG`'s levels (default `info`) to standard error; standard
/// output is left to what commands print (the listening address, a backup).
fn init_logging(format: LogFormat) {
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        // Colours for a person at a terminal, never into a file or a journal.
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => logs.init(),
        // The line's own fields at the top level, beside its request's span.
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// The file's contents, or standard input's for `-`.
fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    if file == Path::new("-") {
        let mut contents = Vec::new();
        std::io::stdin()
            .read_to_end(&mut contents)
            .context("reading standard input")?;
        return Ok(contents);
    }
    std::fs::read(file).with_context(|| format!("reading {}", file.display()))
}
