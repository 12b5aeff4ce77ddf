//! Reaction writes against running servers, with exact accounting: every write
//! is a new reader (so every write changes a row; none is an upsert no-op),
//! each connection stops sending at the deadline and waits for its last
//! answer, so the writes acknowledged are exactly the writes the servers
//! committed. Prints one JSON line; bench/reactions.sh compares
//! `acknowledged` with the rows it counts in the database.
//!
//! cargo run --profile server -p newscard-server --example load -- \
//!   --url http://127.0.0.1:8080[,http://…] --connections 64 --seconds 10 \
//!   --run RUN_ID [--articles 1000 | --hot]

use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const KINDS: [&str; 4] = ["happy", "sad", "like", "meh"];

struct Options {
    urls: Vec<String>,
    connections: usize,
    seconds: u64,
    run: String,
    /// `None`: every write on one hot article.
    articles: Option<u64>,
}

fn options() -> Options {
    let mut options = Options {
        urls: Vec::new(),
        connections: 32,
        seconds: 10,
        run: String::new(),
        articles: Some(1000),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| panic!("{flag} wants a value"))
        };
        match flag.as_str() {
            "--url" => options.urls = value().split(',').map(str::to_owned).collect(),
            "--connections" => options.connections = value().parse().expect("--connections N"),
            "--seconds" => options.seconds = value().parse().expect("--seconds N"),
            "--run" => options.run = value(),
            "--articles" => options.articles = Some(value().parse().expect("--articles N")),
            "--hot" => options.articles = None,
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!options.urls.is_empty(), "--url is needed");
    assert!(
        options.run.bytes().all(|b| b.is_ascii_alphanumeric()) && !options.run.is_empty(),
        "--run takes letters and digits (it names this run's readers)"
    );
    options
}

/// One connection's writes until `deadline`: the latency of each, in
/// microseconds. HTTP/1.1 by hand, one request at a time, so the client does
/// little beyond what is measured (a hyper client measured about the same).
async fn connection(
    address: String,
    index: usize,
    options: &Options,
    deadline: Instant,
) -> anyhow::Result<Vec<u32>> {
    let authority = address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&authority).await?;
    stream.set_nodelay(true)?;
    let mut latencies = Vec::new();
    let mut rng = (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut answer = Vec::with_capacity(4096);
    for n in 0u64.. {
        if Instant::now() >= deadline {
            break;
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let article = options.articles.map_or(0, |articles| rng % articles);
        let body = format!(
            r#"{{"article":"https://news.example/bench/{article}","reader":"load-{}-{index:04}-{n:08}","reaction":"{}"}}"#,
            options.run,
            KINDS[(rng >> 32) as usize % KINDS.len()],
        );
        let request = format!(
            "PUT /api/v1/sites/bench/reactions HTTP/1.1\r\nHost: {authority}\r\n\
             Origin: https://bench.example\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        stream.write_all(request.as_bytes()).await?;
        let status = read_answer(&mut stream, &mut answer).await?;
        anyhow::ensure!(
            (200..300).contains(&status),
            "a write was answered {status}"
        );
        latencies.push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
    }
    Ok(latencies)
}

/// Reads one whole answer (head and `Content-Length` body) and returns its status.
async fn read_answer(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> anyhow::Result<u16> {
    buffer.clear();
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        read_more(stream, buffer).await?;
    };
    let head = std::str::from_utf8(&buffer[..head_end]).context("a head that is not text")?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .context("no status line")?;
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .context("an answer without Content-Length")?;
    while buffer.len() < head_end + length {
        read_more(stream, buffer).await?;
    }
    Ok(status)
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> anyhow::Result<()> {
    let mut chunk = [0u8; 4096];
    let read = stream.read(&mut chunk).await?;
    anyhow::ensure!(read > 0, "the server closed the connection");
    buffer.extend_from_slice(&chunk[..read]);
    Ok(())
}

fn percentile(sorted: &[u32], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[at]) / 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options: &'static Options = Box::leak(Box::new(options()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let connections: Vec<_> = (0..options.connections)
        .map(|index| {
            let address = options.urls[index % options.urls.len()].clone();
            tokio::spawn(connection(address, index, options, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    for connection in connections {
        latencies.extend(connection.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    println!(
        r#"{{"acknowledged": {}, "seconds": {elapsed:.2}, "per_second": {:.0}, "p50_ms": {:.2}, "p99_ms": {:.2}}}"#,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
    );
    Ok(())
}
