//! Who the client is, for the limits kept per client: its address (behind
//! trusted proxies, from `X-Forwarded-For`), as a network, and its allowance
//! of writes.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::error::ApiError;
use super::AppState;
use crate::rate_limit::{client_network, RateLimiter};

/// The client: the peer's address, or behind a trusted proxy the one its
/// `X-Forwarded-For` names, as its network (an IPv6 address's /64). Only ever
/// hashed with a secret key, never stored.
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no peer address")))?;
        let client = client_ip(peer, &parts.headers, &state.trusted_proxies);
        Ok(Self(client_network(client)))
    }
}

/// The client's allowance of writes. A handler spends one only once the write
/// is known to be well formed, so a client's refused requests (malformed JSON,
/// unknown keys, foreign URLs) never lock out its next real click.
pub struct WriteQuota {
    limiter: Arc<RateLimiter>,
    client: IpAddr,
}

impl FromRequestParts<AppState> for WriteQuota {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ClientAddr(client) = ClientAddr::from_request_parts(parts, state).await?;
        Ok(Self {
            limiter: state.limiter.clone(),
            client,
        })
    }
}

impl WriteQuota {
    /// Takes one write, or answers 429 when none is left.
    pub fn spend(self) -> Result<(), ApiError> {
        self.limiter
            .try_acquire(self.client)
            .map_err(|retry_after| ApiError::RateLimited { retry_after })
    }
}

/// The client's address: the peer itself, unless the peer is a trusted proxy;
/// then `X-Forwarded-For` is read from the right, past further trusted proxies.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    // On a dual-stack listener an IPv4 proxy connects as ::ffff:a.b.c.d.
    let peer = peer.to_canonical();
    let trusted = |ip: &IpAddr| trusted.iter().any(|t| t.to_canonical() == *ip);
    if !trusted(&peer) {
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
                client = ip.to_canonical();
                if !trusted(&client) {
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

    #[test]
    fn an_ipv4_proxy_on_a_dual_stack_listener_is_still_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "::ffff:1.2.3.4".parse().unwrap());
        let proxies = [ip("127.0.0.1")];
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &headers, &proxies),
            ip("1.2.3.4")
        );
        // And a mapped client is the same client as its IPv4 address.
        assert_eq!(
            client_ip(ip("::ffff:9.9.9.9"), &headers, &proxies),
            ip("9.9.9.9")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_forwarded_for_names_a_client_without_panic(
            values in proptest::collection::vec(proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80), 0..4),
            ips in proptest::collection::vec("(1.2.3.4|10.0.0.9|::1|127.0.0.1|[0-9a-f.:, ]{0,20})", 0..6),
        ) {
            let mut headers = HeaderMap::new();
            for value in values.iter().map(Vec::as_slice).chain([ips.join(",").as_bytes()]) {
                if let Ok(value) = axum::http::HeaderValue::from_bytes(value) {
                    headers.append("x-forwarded-for", value);
                }
            }
            let proxies = [ip("127.0.0.1"), ip("10.0.0.9")];
            let client = client_ip(ip("127.0.0.1"), &headers, &proxies);
            // The client is the peer or an address one of the hops named.
            let named: Vec<IpAddr> = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|hop| hop.trim().parse().ok())
                .map(|hop: IpAddr| hop.to_canonical())
                .collect();
            assert!(client == ip("127.0.0.1") || named.contains(&client));
        }
    }
}
