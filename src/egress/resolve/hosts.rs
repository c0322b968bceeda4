//! The hosts of a route, its wildcard, and the rules that tie the mode to them.

use super::at;
use crate::egress::error::ComposeError;
use crate::egress::names::{self, HostKind};
use crate::egress::route::{EgressMode, EgressRoute};

/// Checks the hosts; returns whether they are wildcards.
pub(super) fn check_hosts(route: &EgressRoute, path: &str) -> Result<bool, ComposeError> {
    let f = |field: &str| at(path, field);
    let Some(first) = route.hosts.first() else {
        return Err(ComposeError::missing(
            f("hosts"),
            "a route needs at least one host",
        ));
    };
    let first_kind = names::check_host(|| f("hosts[0]"), first)?;
    for (i, host) in route.hosts.iter().enumerate().skip(1) {
        let field = || f(&format!("hosts[{i}]"));
        let kind = names::check_host(field, host)?;
        if kind != first_kind {
            return Err(ComposeError::unsupported(
                field(),
                "mixes wildcard and concrete hosts: a wildcard is served by its upstream, a \
                 concrete host by itself; put them in separate routes",
            ));
        }
    }
    for (i, host) in route.hosts.iter().enumerate() {
        for (j, other) in route.hosts.iter().enumerate().take(i) {
            if host == other {
                return Err(ComposeError::invalid(
                    f(&format!("hosts[{i}]")),
                    host,
                    format!("is listed twice (also hosts[{j}])"),
                ));
            }
            if names::hosts_overlap(host, other) {
                return Err(ComposeError::invalid(
                    f(&format!("hosts[{i}]")),
                    host,
                    format!(
                        "overlaps hosts[{j}] ({other}); a VirtualService's hosts must not match each other"
                    ),
                ));
            }
        }
    }
    Ok(first_kind == HostKind::Wildcard)
}

pub(super) fn check_wildcard(
    route: &EgressRoute,
    path: &str,
    wildcard: bool,
) -> Result<Option<String>, ComposeError> {
    let f = |field: &str| at(path, field);
    match (&route.wildcard, wildcard) {
        (None, false) => Ok(None),
        (Some(_), false) => Err(ComposeError::unsupported(
            f("wildcard"),
            "is set but no host is a wildcard; remove it",
        )),
        (None, true) => Err(ComposeError::missing(
            f("wildcard.upstream"),
            "a wildcard host needs the one concrete host that serves all of it \
             (wildcard.upstream, e.g. www.wikipedia.org for *.wikipedia.org): Istio cannot \
             resolve a wildcard, so nothing else could receive the traffic",
        )),
        (Some(w), true) => {
            let field = || f("wildcard.upstream");
            if names::check_host(field, &w.upstream)? == HostKind::Wildcard {
                return Err(ComposeError::invalid(
                    field(),
                    &w.upstream,
                    "is a wildcard: the upstream must be one concrete host",
                ));
            }
            Ok(Some(w.upstream.clone()))
        }
    }
}

/// The rules that tie the mode to the shape of the route.
pub(super) fn check_mode_shape(
    route: &EgressRoute,
    path: &str,
    wildcard: bool,
) -> Result<(), ComposeError> {
    let f = |field: &str| at(path, field);
    let mode = route.mode;
    match mode {
        EgressMode::Tcp => {
            if wildcard {
                return Err(ComposeError::unsupported(
                    f("hosts[0]"),
                    "a tcp route cannot have a wildcard host: opaque TCP carries no host name",
                ));
            }
            if route.addresses.is_empty() {
                return Err(ComposeError::missing(
                    f("addresses"),
                    "a tcp route needs the IP addresses the application connects to: opaque \
                     TCP carries no host name, so the sidecar recognises it by address",
                ));
            }
        }
        _ if !route.addresses.is_empty() => {
            return Err(ComposeError::unsupported(
                f("addresses"),
                format!("only tcp routes use addresses; a {mode} route is recognised by host name"),
            ));
        }
        _ => {}
    }
    if matches!(mode, EgressMode::Tcp | EgressMode::TlsInMutual)
        && !wildcard
        && route.hosts.len() > 1
    {
        return Err(ComposeError::unsupported(
            f("hosts[1]"),
            format!(
                "a {mode} route has one host: the gateway forwards the stream it unwraps by \
                 port alone, so it can only send it to one place; use one route per host"
            ),
        ));
    }
    if route.direct && mode == EgressMode::TlsInMutual {
        return Err(ComposeError::unsupported(
            f("direct"),
            "tls-in-mutual wraps the application's TLS in Istio mutual TLS to the egress \
             gateway; without the gateway there is nothing to wrap it for (use tls-passthrough)",
        ));
    }
    Ok(())
}
