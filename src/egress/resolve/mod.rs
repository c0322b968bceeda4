//! Checking one route and filling in its defaults: the step from what the user wrote
//! ([`EgressRoute`]) to what the composer works with ([`Resolved`]). Every error names the
//! field at fault; nothing here can panic.

use compact_str::CompactString;

use std::fmt::{self, Write as _};
use std::net::IpAddr;

mod addresses;
mod gateway;
mod hosts;
mod origination;
mod overrides;
mod scope;

use addresses::{check_addresses, resolution_of};
use gateway::{check_direct, check_gateway, gateway_hop};
use hosts::{check_hosts, check_mode_shape, check_wildcard};
use origination::check_origination;
use overrides::check_names;
use scope::{check_clients, scope_of};

use super::error::ComposeError;
use super::route::{EgressMode, EgressRoute, Names, Origination};
use super::scope::Scope;
use super::{EgressGateway, SYSTEM_CA_BUNDLE};
use crate::networking::text;
use crate::networking::{ClientTlsMode, ClientTlsSettings, Resolution};

/// How the gateway hop of a route is carried, which decides the Gateway server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ServerKind {
    /// HTTP inside Istio mutual TLS: server `HTTPS` + `ISTIO_MUTUAL`, `http` routes.
    HttpMutual,
    /// TLS passed through by SNI: server `TLS` + `PASSTHROUGH`, `tls` routes.
    TlsPassthrough,
    /// A byte stream inside Istio mutual TLS: server `TLS` + `ISTIO_MUTUAL`, `tcp` routes on
    /// the gateway side.
    TlsMutual,
}

impl ServerKind {
    /// The server kind a mode needs.
    pub(crate) fn of(mode: EgressMode) -> Self {
        match mode {
            EgressMode::Http | EgressMode::TlsOrigination | EgressMode::MtlsOrigination => {
                ServerKind::HttpMutual
            }
            EgressMode::TlsPassthrough => ServerKind::TlsPassthrough,
            EgressMode::Tcp | EgressMode::TlsInMutual => ServerKind::TlsMutual,
        }
    }

    /// Whether the gateway terminates Istio mutual TLS on this server.
    pub(crate) fn is_mutual(self) -> bool {
        !matches!(self, ServerKind::TlsPassthrough)
    }

    /// A description for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            ServerKind::HttpMutual => {
                "HTTP over Istio mutual TLS (http, tls-origination, mtls-origination)"
            }
            ServerKind::TlsPassthrough => "TLS passthrough (tls-passthrough)",
            ServerKind::TlsMutual => "a TCP stream over Istio mutual TLS (tcp, tls-in-mutual)",
        }
    }
}

/// The gateway hop of a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    /// The gateway Service port the sidecars send to (`P_gw`).
    pub(crate) port: u32,
    /// The field that decided it (`gatewayPort`, `port` or `mode`).
    pub(crate) port_field: &'static str,
    /// How the hop is carried.
    pub(crate) kind: ServerKind,
}

/// An address of a `tcp` route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Address {
    /// As written (an IP or a CIDR range).
    pub(crate) written: String,
    /// The single IP it stands for, if it is one (`1.2.3.4`, `1.2.3.4/32`).
    pub(crate) single: Option<IpAddr>,
}

/// A route, checked, with every default filled in.
#[derive(Clone, Debug)]
pub(crate) struct Resolved<'r> {
    /// The route's path in the input: `routes[1]`.
    pub(crate) path: String,
    /// The hosts.
    pub(crate) hosts: &'r [String],
    /// The wildcard's upstream, for wildcard routes.
    pub(crate) upstream: Option<String>,
    /// The mode.
    pub(crate) mode: EgressMode,
    /// The application's port (`P_app`).
    pub(crate) port: u32,
    /// The field that decided it.
    pub(crate) port_field: &'static str,
    /// The server's port (`P_ext`).
    pub(crate) target_port: u32,
    /// The gateway hop; `None` for direct routes.
    pub(crate) hop: Option<Hop>,
    /// The gateway (for direct routes, only its namespace matters).
    pub(crate) gateway: &'r EgressGateway,
    /// Whether `gateway` is Istio's default one.
    pub(crate) gateway_is_default: bool,
    /// The addresses of a `tcp` route.
    pub(crate) addresses: Vec<Address>,
    /// The client namespaces, in the order given.
    pub(crate) clients: &'r [String],
    /// Who must see the route's ServiceEntry and VirtualService.
    pub(crate) scope: Scope<'r>,
    /// The resolution of the hosts' ServiceEntry.
    pub(crate) resolution: Resolution,
    /// The origination settings, for the origination modes.
    pub(crate) origination: Option<Origination>,
    /// The name overrides.
    pub(crate) names: &'r Names,
}

impl Resolved<'_> {
    /// The path of one of the route's fields: `routes[1].hosts[0]`.
    pub(crate) fn at(&self, field: &str) -> String {
        at(&self.path, field)
    }

    /// The namespace the route's objects are written to.
    pub(crate) fn namespace(&self) -> &str {
        &self.gateway.namespace
    }

    /// The host the traffic for `host` is finally sent to: itself, or the wildcard's upstream.
    pub(crate) fn destination<'a>(&'a self, host: &'a str) -> &'a str {
        match &self.upstream {
            Some(upstream) => upstream,
            None => host,
        }
    }

    /// The distinct destination hosts, each with the route's hosts that go to it, in order.
    pub(crate) fn destinations(&self) -> Vec<(&str, Vec<&str>)> {
        let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
        for host in self.hosts {
            let destination = self.destination(host);
            match out.iter_mut().find(|(d, _)| *d == destination) {
                Some((_, hosts)) => hosts.push(host),
                None => out.push((destination, vec![host])),
            }
        }
        out
    }

    /// The client TLS settings with which `destination` is reached, for origination routes.
    pub(crate) fn origination_tls(&self, destination: &str) -> Option<ClientTlsSettings> {
        let o = self.origination.as_ref()?;
        let mode = match self.mode {
            EgressMode::MtlsOrigination => ClientTlsMode::Mutual,
            _ => ClientTlsMode::Simple,
        };
        let ca_certificates = if o.insecure_skip_verify || o.credential_name.is_some() {
            None
        } else {
            Some(CompactString::from(
                o.ca_certificates.as_deref().unwrap_or(SYSTEM_CA_BUNDLE),
            ))
        };
        let subject_alt_names = if o.insecure_skip_verify {
            Vec::new()
        } else if o.subject_alt_names.is_empty() {
            vec![CompactString::from(destination)]
        } else {
            text::list(&o.subject_alt_names)
        };
        Some(ClientTlsSettings {
            mode: Some(mode),
            credential_name: o.credential_name.as_deref().map(CompactString::from),
            ca_certificates,
            sni: Some(CompactString::from(o.sni.as_deref().unwrap_or(destination))),
            subject_alt_names,
            insecure_skip_verify: o.insecure_skip_verify.then_some(true),
            ..ClientTlsSettings::default()
        })
    }
}

/// `path.field`, or `field` when the path is empty, or `path` when the field is; the field is
/// written straight into the result (`format_args!("hosts[{i}]")` needs no string of its own).
pub(crate) fn at(path: &str, field: impl fmt::Display) -> String {
    let mut out = String::from(path);
    let dot = out.len();
    if !path.is_empty() {
        out.push('.');
    }
    let start = out.len();
    let _ = write!(out, "{field}");
    if out.len() == start {
        out.truncate(dot);
    }
    out
}

/// Checks a port number; `field` gives the field's path, and is called only for an error.
pub(super) fn check_port(field: impl FnOnce() -> String, port: u32) -> Result<u32, ComposeError> {
    if (1..=65535).contains(&port) {
        Ok(port)
    } else {
        Err(ComposeError::invalid(
            field(),
            port.to_string(),
            "is not a port number: ports are 1 to 65535",
        ))
    }
}

/// Checks a route and fills in its defaults. `checked` is a gateway an earlier route of the
/// plan passed the full gateway check with: a route through an equal one (most routes of a
/// plan share their gateway) is not checked again.
pub(crate) fn resolve<'r>(
    route: &'r EgressRoute,
    path: &str,
    checked: Option<&EgressGateway>,
) -> Result<Resolved<'r>, ComposeError> {
    let f = |field: &str| at(path, field);
    let mode = route.mode;
    let direct = route.direct;

    let wildcard = check_hosts(route, path)?;
    let upstream = check_wildcard(route, path, wildcard)?;
    check_mode_shape(route, path, wildcard)?;

    // Ports.
    let (port, port_field) = match (route.port, mode) {
        (Some(port), _) => (check_port(|| f("port"), port)?, "port"),
        (None, EgressMode::Tcp) => {
            return Err(ComposeError::missing(
                f("port"),
                "a tcp route needs the port the application connects to: opaque TCP has no \
                 default port",
            ));
        }
        (None, EgressMode::TlsPassthrough | EgressMode::TlsInMutual) => (443, "mode"),
        (None, _) => (80, "mode"),
    };
    let target_port = match (route.target_port, mode) {
        (Some(target), _) => check_port(|| f("targetPort"), target)?,
        (None, EgressMode::Http) => 80,
        (None, EgressMode::Tcp) => port,
        (None, _) => 443,
    };
    if mode.originates_tls() && port == target_port {
        return Err(ComposeError::unsupported(
            f("targetPort"),
            format!(
                "{mode}: the application's plain-HTTP port and the server's TLS port are both \
                 {port}; they must differ (the defaults are 80 and 443)"
            ),
        ));
    }

    // Istio's default gateway passes `check_gateway`; the answer is kept, since the check
    // of the composed objects needs it too.
    let gateway_is_default = route.gateway.is_default();
    if !gateway_is_default && checked != Some(&route.gateway) {
        check_gateway(&route.gateway, path, direct)?;
    }
    let hop = if direct {
        check_direct(route, path)?;
        None
    } else {
        Some(gateway_hop(route, path, port)?)
    };

    let clients = check_clients(route, path)?;
    let scope = scope_of(route, path, clients)?;
    let addresses = check_addresses(route, path)?;
    let resolution = resolution_of(route, path, wildcard, &addresses, port, target_port)?;
    let origination = check_origination(route, path, clients)?;
    check_names(route, path, upstream.is_some())?;

    Ok(Resolved {
        path: path.to_owned(),
        hosts: &route.hosts,
        upstream,
        mode,
        port,
        port_field,
        target_port,
        hop,
        gateway: &route.gateway,
        gateway_is_default,
        addresses,
        clients,
        scope,
        resolution,
        origination,
        names: &route.names,
    })
}

#[cfg(test)]
mod tests {
    use super::at;

    #[test]
    fn field_paths_join_with_a_dot_and_skip_empty_parts() {
        assert_eq!(at("plan.routes[1]", "hosts[0]"), "plan.routes[1].hosts[0]");
        assert_eq!(at("", format_args!("routes[{}]", 2)), "routes[2]");
        assert_eq!(at("routes[0]", ""), "routes[0]");
        assert_eq!(at("", ""), "");
    }
}
