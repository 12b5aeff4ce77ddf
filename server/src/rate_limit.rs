//! Per-client limits on writes (reactions and share counts). A client is known
//! only by a keyed hash of its network ([`client_network`]); the key is random,
//! lives in memory only and is replaced every day (UTC), so no raw or linkable
//! IP is kept anywhere.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::RateLimit;
use crate::metrics::{Limit, Metrics};

/// Beyond this many tracked clients, full buckets are forgotten; if more than
/// half are still partly spent (a flood of new networks), all are, so the map
/// stays bounded and a scan comes at most once per `PRUNE_AT / 2` new clients.
/// The cost: under such a flood, every client starts again from a full burst.
const PRUNE_AT: usize = 100_000;

pub struct RateLimiter {
    limit: RateLimit,
    state: Mutex<State>,
    metrics: Metrics,
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
    pub fn new(limit: RateLimit, metrics: Metrics) -> Self {
        Self {
            limit,
            metrics,
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
            if state.buckets.len() > PRUNE_AT / 2 {
                state.buckets.clear();
            }
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
            self.metrics.rate_limit_refusal(Limit::Writes);
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

fn today() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

/// What one client is: an IPv4 address (also when IPv4-mapped), or an IPv6
/// address's /64, since one host or household is given a whole /64 to pick
/// addresses from.
pub fn client_network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_burst_is_allowed_then_refused_per_client() {
        let limiter = RateLimiter::new(
            RateLimit {
                per_minute: 1,
                burst: 3,
                ..RateLimit::default()
            },
            Metrics::default(),
        );
        for _ in 0..3 {
            assert!(limiter.try_acquire(ip("10.0.0.1")).is_ok());
        }
        let wait = limiter.try_acquire(ip("10.0.0.1")).unwrap_err();
        assert!(wait > Duration::from_secs(50), "{wait:?}");
        assert!(limiter.try_acquire(ip("10.0.0.2")).is_ok());
    }

    #[test]
    fn a_flood_of_new_networks_keeps_the_map_bounded_and_pruned_rarely() {
        let limiter = RateLimiter::new(RateLimit::default(), Metrics::default());
        let mut scans = 0;
        let mut last = 0;
        for n in 0..250_000u32 {
            // Each a new network that spends one token, so no bucket is full.
            assert!(limiter.try_acquire(IpAddr::from(n.to_be_bytes())).is_ok());
            let tracked = limiter.state.lock().unwrap().buckets.len();
            assert!(tracked <= PRUNE_AT, "{tracked}");
            scans += usize::from(tracked < last);
            last = tracked;
        }
        assert!(scans <= 250_000 / (PRUNE_AT / 2), "{scans} scans");
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let network = client_network(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assert_eq!(network, ip("2001:db8:1:2::"));
        assert_eq!(client_network(ip("2001:db8:1:2::9")), network);
        assert_ne!(client_network(ip("2001:db8:1:3::9")), network);
        assert_eq!(client_network(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(client_network(ip("192.0.2.7")), ip("192.0.2.7"));
    }
}
