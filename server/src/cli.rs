//! The command line: `newscard-server [OPTIONS] [COMMAND]`. Every flag here is
//! listed, with its environment variable and default, in the README's
//! configuration reference (a test holds the two together).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::store::DbLocation;

/// Serves the newscard widget (its loader and wasm) and its JSON API: article
/// cards, reactions with live counts, share counts and related reading.
#[derive(Parser)]
#[command(
    name = "newscard-server",
    version,
    after_help = "\
Examples:
  newscard-server --listen 0.0.0.0:8080 --db /var/lib/newscard/newscard.db --config /etc/newscard/sites.toml
  newscard-server --db postgres://newscard@db.internal/newscard --config sites.toml --metrics-listen 127.0.0.1:9090
  newscard-server --db data/newscard.db --config sites.toml import --site demo articles.json
  curl -s https://news.example/feed.xml | newscard-server --config sites.toml import --site demo -
  newscard-server --db data/newscard.db --config sites.toml export --site demo --out demo.jsonl

The config file (sites, allowed origins, proxies, limits, metrics) and every flag,
environment variable and key with its default: README.md, \"Configuration reference\"."
)]
pub struct Cli {
    /// Address the widget and its API are served on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The database: a SQLite file (created if missing; one server per file) or a
    /// postgres:// URL (several servers may share it).
    #[arg(
        long,
        global = true,
        value_name = "PATH|URL",
        env = "NEWSCARD_DB",
        default_value = "data/newscard.db"
    )]
    pub db: DbLocation,
    /// Config file (TOML): sites, allowed origins, reactions, proxies, limits,
    /// metrics. Without one, no site is registered.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Directory holding the built `pkg/` (wasm-pack output and the minified loader).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub assets: PathBuf,
    /// Serve Prometheus metrics at `/metrics` on this address, a listener of its
    /// own (never the public one); overrides the config's `[metrics] listen`.
    /// Default: no metrics served.
    #[arg(long, value_name = "ADDR", env = "NEWSCARD_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// How log lines are written to standard error: `text` for people, `json`
    /// (one object a line) for a log collector. `RUST_LOG` picks what is logged.
    #[arg(
        long,
        global = true,
        value_name = "FORMAT",
        env = "NEWSCARD_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Import articles (a JSON array or an RSS/Atom feed) or restore a backup.
    ///
    /// FILE is a JSON array of article objects, an RSS 2.0 / Atom feed file, or
    /// a backup `export` wrote (JSON Lines); `-` reads standard input. All of it
    /// is validated before anything is written; importing again updates in
    /// place. Articles may be imported beside the server; restore a backup's
    /// reactions before starting the server on SQLite, which would go on
    /// showing the counts it already holds in memory.
    Import {
        /// The site's id, as the config file registers it.
        #[arg(long)]
        site: String,
        /// The file to read; `-` for standard input.
        file: PathBuf,
    },
    /// Write a site's backup: its settings, articles, reactions and counts.
    ///
    /// JSON Lines, one record a line, to standard output or `--out`; `import`
    /// restores it. May run beside the server.
    Export {
        /// The site's id, as the config file registers it.
        #[arg(long)]
        site: String,
        /// Write the backup to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Make a new API key for a site.
    ///
    /// Prints the key (give it to the publisher) and the `api_key_sha256`
    /// line for the site's entry in the config file, which keeps only the hash.
    ApiKey,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;
    use crate::config::accepted_keys;

    /// The README's "Configuration reference" section.
    fn reference() -> String {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
            .expect("the README beside the workspace");
        let (_, section) = readme
            .split_once("\n## Configuration reference\n")
            .expect("a configuration reference section");
        section.split("\n## ").next().unwrap_or_default().to_owned()
    }

    /// The table row naming `name` (in backticks), if there is one.
    fn row<'a>(reference: &'a str, name: &str) -> Option<&'a str> {
        let quoted = format!("`{name}`");
        reference
            .lines()
            .find(|line| line.starts_with('|') && line.contains(&quoted))
    }

    #[test]
    fn every_flag_command_and_environment_variable_is_in_the_readme_with_its_default() {
        let reference = reference();
        let cli = Cli::command();
        let mut missing = Vec::new();
        for command in std::iter::once(&cli).chain(cli.get_subcommands()) {
            if command.get_name() != cli.get_name() && row(&reference, command.get_name()).is_none()
            {
                missing.push(command.get_name().to_owned());
            }
            for arg in command.get_arguments() {
                if matches!(arg.get_id().as_str(), "help" | "version") {
                    continue;
                }
                let name = match arg.get_long() {
                    Some(long) => format!("--{long}"),
                    None => arg.get_value_names().expect("a positional's name")[0].to_string(),
                };
                let Some(row) = row(&reference, &name) else {
                    missing.push(name);
                    continue;
                };
                if let Some(env) = arg.get_env() {
                    let env = env.to_string_lossy();
                    if !row.contains(&format!("`{env}`")) {
                        missing.push(format!("{name}: its variable {env}"));
                    }
                }
                for default in arg.get_default_values() {
                    let default = default.to_string_lossy();
                    if !row.contains(&format!("`{default}`")) {
                        missing.push(format!("{name}: its default {default}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "not in the README's reference: {missing:?}"
        );
    }

    #[test]
    fn every_config_key_is_in_the_readme() {
        let reference = reference();
        let keys = accepted_keys();
        assert!(keys.contains(&"rate_limit.burst".to_owned()), "{keys:?}");
        assert!(keys.contains(&"site.api_key_sha256".to_owned()), "{keys:?}");
        let missing: Vec<_> = keys
            .iter()
            .filter(|key| row(&reference, key).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "not in the README's reference: {missing:?}"
        );
    }
}
