//! The client's address, as throttling and the access log see it.
//!
//! Behind a load balancer every connection comes from the balancer, so the client's address has
//! to be read from a header the proxies append to (`X-Forwarded-For`, or RFC 7239 `Forwarded:
//! for=`). Anyone can send those headers, so they are believed only as far as they were written
//! by a proxy the deployment trusts (`CEBASE_TRUSTED_PROXIES`): starting from the connection's
//! peer, the list of hops is walked from the right, and the first address that is not a trusted
//! proxy is the client. Entries left of it were written by the client (or by proxies it chose)
//! and are never read. When the peer itself is not trusted, the headers are ignored altogether.
//!
//! Only the one header the proxies are configured to write is read
//! (`CEBASE_FORWARDED_HEADER`): a proxy that appends to `X-Forwarded-For` passes a client's
//! forged `Forwarded` header on untouched, so reading both would let the client choose.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use anyhow::Context;
use ipnet::IpNet;

/// The networks whose connections may say who the client is.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses (`10.0.0.5`, `::1`) and networks in CIDR
    /// notation (`10.0.0.0/8`, `fd00::/8`). Empty: no proxy is trusted.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let mut nets = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let net = if item.contains('/') {
                item.parse::<IpNet>()
                    .with_context(|| format!("`{item}` is not a network (e.g. 10.0.0.0/8)"))?
                    .trunc()
            } else {
                IpNet::from(
                    item.parse::<IpAddr>()
                        .with_context(|| format!("`{item}` is not an IP address"))?,
                )
            };
            nets.push(net);
        }
        Ok(Self(nets))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(ToString::to_string))
            .finish()
    }
}

/// Which header the trusted proxies append the client's address to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2`
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`
    Forwarded,
}

impl ForwardedHeader {
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        match raw.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            _ => anyhow::bail!("expected X-Forwarded-For or Forwarded"),
        }
    }
}

/// The client address of `req` under `proxies` (see the module documentation). Without a peer
/// address (never the case on a real connection) the unspecified address stands in.
pub fn client_ip(req: &HttpRequest, proxies: &TrustedProxies, header: ForwardedHeader) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    client_address(peer, req.headers(), proxies, header)
}

/// The client address of a connection from `peer` carrying `headers`.
pub fn client_address(
    peer: IpAddr,
    headers: &HeaderMap,
    proxies: &TrustedProxies,
    header: ForwardedHeader,
) -> IpAddr {
    let peer = peer.to_canonical();
    if !proxies.contains(peer) {
        return peer;
    }
    let hops = match header {
        ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
        ForwardedHeader::Forwarded => forwarded_for(headers),
    };
    // `current` is always an address a trusted proxy vouched for (or the trusted peer itself).
    let mut current = peer;
    for hop in hops.into_iter().rev() {
        match hop {
            Some(ip) if proxies.contains(ip) => current = ip,
            Some(ip) => return ip,
            // A hop that is not an address (`unknown`, an obfuscated identifier, garbage): the
            // client cannot be told, so the proxy that wrote it stands for it — a client cannot
            // pick a fresh identity this way.
            None => return current,
        }
    }
    current
}

/// The hops of every `X-Forwarded-For` line, in order (`None`: not an address).
fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(parse_hop).collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect()
}

/// The `for=` of every element of every `Forwarded` line, in order (`None`: an element without
/// `for=`, or whose `for=` is not an address).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("forwarded")
        .flat_map(|value| match value.to_str() {
            Ok(text) => text
                .split(',')
                .map(|element| {
                    element
                        .split(';')
                        .filter_map(|pair| pair.split_once('='))
                        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                        .and_then(|(_, value)| parse_hop(value))
                })
                .collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect()
}

/// One hop: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`, optionally in
/// double quotes (as `Forwarded` writes IPv6 addresses and ports).
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let text = raw.trim().trim_matches('"').trim();
    let ip = if let Some(rest) = text.strip_prefix('[') {
        rest[..rest.find(']')?].parse().ok()?
    } else if let Ok(ip) = text.parse::<IpAddr>() {
        ip
    } else {
        let (host, port) = text.rsplit_once(':')?;
        port.parse::<u16>().ok()?;
        IpAddr::V4(host.parse::<Ipv4Addr>().ok()?)
    };
    Some(ip.to_canonical())
}

/// The part of an address that throttling counts by: an IPv4 address, or the /64 network of an
/// IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6 addresses
/// would give an attacker 2^64 fresh identities).
pub fn throttle_scope(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match ipnet::Ipv6Net::new(v6, 64) {
            Ok(net) => net.trunc().to_string(),
            Err(_) => v6.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_str(value).expect("header value"),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8, 192.0.2.7, fd00::/8").expect("parses")
    }

    #[test]
    fn trusted_proxies_parse_addresses_and_networks_and_refuse_garbage() {
        let p = proxies();
        assert!(p.contains(ip("10.1.2.3")) && p.contains(ip("192.0.2.7")));
        assert!(!p.contains(ip("192.0.2.8")) && !p.contains(ip("11.0.0.1")));
        assert!(p.contains(ip("fd12::1")) && !p.contains(ip("2001:db8::1")));
        assert!(p.contains(ip("::ffff:10.0.0.1")), "IPv4-mapped IPv6");
        assert!(TrustedProxies::parse("").expect("empty").is_empty());
        for bad in ["10.0.0.0/33", "proxy.example", "10.0.0"] {
            let err = TrustedProxies::parse(bad).expect_err(bad).to_string();
            assert!(err.contains(bad), "{err}");
        }
        // A host address with a prefix names its network.
        assert!(
            TrustedProxies::parse("10.9.9.9/24")
                .expect("parses")
                .contains(ip("10.9.9.1"))
        );
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("forwarded", "for=198.51.100.2"),
        ]);
        for header in [ForwardedHeader::XForwardedFor, ForwardedHeader::Forwarded] {
            assert_eq!(
                client_address(ip("203.0.113.9"), &h, &proxies(), header),
                ip("203.0.113.9")
            );
            assert_eq!(
                client_address(ip("10.0.0.1"), &h, &TrustedProxies::default(), header),
                ip("10.0.0.1"),
                "nothing trusted"
            );
        }
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        // The client forged the two left-most entries; the proxies appended the rest.
        let h = headers(&[(
            "x-forwarded-for",
            "1.1.1.1, 2.2.2.2, 198.51.100.7, 10.0.0.3",
        )]);
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &h,
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("198.51.100.7")
        );
        // Several header lines are one list, in order.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "198.51.100.8:5555, 10.0.0.3"),
        ]);
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &h,
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("198.51.100.8")
        );
        // Only proxies: the left-most of them is as close to the client as can be told.
        let h = headers(&[("x-forwarded-for", "10.0.0.9, 10.0.0.3")]);
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &h,
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("10.0.0.9")
        );
        // No header: the trusted peer itself.
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &HeaderMap::new(),
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn an_unreadable_hop_stands_for_the_proxy_that_wrote_it() {
        let h = headers(&[("x-forwarded-for", "1.1.1.1, unknown, 10.0.0.3")]);
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &h,
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn forwarded_for_is_parsed_per_rfc_7239_and_only_when_configured() {
        let h = headers(&[
            (
                "forwarded",
                r#"for=1.1.1.1;proto=https, for="[2001:db8::5]:4711""#,
            ),
            ("forwarded", "for=10.0.0.3;by=10.0.0.2"),
            ("x-forwarded-for", "9.9.9.9"),
        ]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &h, &proxies(), ForwardedHeader::Forwarded),
            ip("2001:db8::5")
        );
        assert_eq!(
            client_address(
                ip("10.0.0.2"),
                &h,
                &proxies(),
                ForwardedHeader::XForwardedFor
            ),
            ip("9.9.9.9"),
            "the header not configured is not read"
        );
        assert_eq!(parse_hop(r#""192.0.2.60:8080""#), Some(ip("192.0.2.60")));
        assert_eq!(parse_hop("_hidden"), None);
        assert_eq!(parse_hop("::ffff:198.51.100.1"), Some(ip("198.51.100.1")));
    }

    #[test]
    fn ipv6_addresses_are_throttled_per_64() {
        assert_eq!(
            throttle_scope(ip("2001:db8:1:2:aaaa::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            throttle_scope(ip("2001:db8:1:2:ffff:1:2:3")),
            throttle_scope(ip("2001:db8:1:2::9"))
        );
        assert_ne!(
            throttle_scope(ip("2001:db8:1:3::1")),
            throttle_scope(ip("2001:db8:1:2::1"))
        );
        assert_eq!(throttle_scope(ip("198.51.100.1")), "198.51.100.1");
        assert_eq!(throttle_scope(ip("::ffff:198.51.100.1")), "198.51.100.1");
    }
}
