//! Per-client limits on reaction writes. A client is known only by a keyed hash
//! of its IP address; the key is random, lives in memory only and is replaced
//! every day (UTC), so no raw or linkable IP is kept anywhere.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;

use crate::config::RateLimit;

/// Beyond this many tracked clients, full buckets are forgotten.
const PRUNE_AT: usize = 100_000;

pub struct RateLimiter {
    limit: RateLimit,
    state: Mutex<State>,
}

struct State {
    day: u64,
    salt: RandomState,
    buckets: HashMap<u64, Bucket>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            state: Mutex::new(State {
                day: today(),
                salt: RandomState::new(),
                buckets: HashMap::new(),
            }),
        }
    }

    /// Takes one write from `client`'s allowance, or says how long to wait.
    pub fn try_acquire(&self, client: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let burst = f64::from(self.limit.burst);
        let per_second = f64::from(self.limit.per_minute) / 60.0;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let day = today();
        if day != state.day {
            *state = State {
                day,
                salt: RandomState::new(),
                buckets: HashMap::new(),
            };
        }
        if state.buckets.len() >= PRUNE_AT {
            state.buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * per_second < burst
            });
        }
        let key = state.salt.hash_one(client);
        let bucket = state.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let refilled =
            bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * per_second;
        bucket.tokens = refilled.min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

fn today() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

/// The client's address: the peer itself, unless the peer is a trusted proxy;
/// then `X-Forwarded-For` is read from the right, past further trusted proxies.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    let mut client = peer;
    for hop in forwarded.into_iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            // A garbled hop: everything left of it is the client's own claim.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_burst_is_allowed_then_refused_per_client() {
        let limiter = RateLimiter::new(RateLimit {
            per_minute: 1,
            burst: 3,
        });
        for _ in 0..3 {
            assert!(limiter.try_acquire(ip("10.0.0.1")).is_ok());
        }
        let wait = limiter.try_acquire(ip("10.0.0.1")).unwrap_err();
        assert!(wait > Duration::from_secs(50), "{wait:?}");
        assert!(limiter.try_acquire(ip("10.0.0.2")).is_ok());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 1.2.3.4, 10.0.0.9".parse().unwrap(),
        );
        let proxies = [ip("127.0.0.1"), ip("10.0.0.9")];
        // From an untrusted peer, the header is the peer's own claim.
        assert_eq!(client_ip(ip("9.9.9.9"), &headers, &proxies), ip("9.9.9.9"));
        // Through two trusted hops, the first untrusted address from the right.
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &proxies),
            ip("1.2.3.4")
        );
        headers.insert("x-forwarded-for", "1.2.3.4, garbage".parse().unwrap());
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &proxies),
            ip("127.0.0.1")
        );
    }
}
