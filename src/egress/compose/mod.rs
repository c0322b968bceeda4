//! What each mode contributes to the objects of a plan, one file per mode, and the rule
//! builders they share.
//!
//! A mode turns one checked route into a [`Contribution`]: the ports its hosts' ServiceEntry
//! must declare (and its wildcard upstream's), the VirtualService rules for the sidecar hop and
//! the gateway hop, and the destinations where TLS is originated. The plan then merges the
//! contributions of every route into objects.

mod direct;
mod http;
mod origination;
mod tcp;
mod tls_in_mutual;
mod tls_passthrough;

use super::resolve::Resolved;
use super::route::EgressMode;
use crate::networking::{
    Destination, HttpMatchRequest, HttpRoute, HttpRouteDestination, L4MatchAttributes,
    RouteDestination, StringMatch, TcpRoute, TlsMatchAttributes, TlsRoute,
};

/// The reserved gateway name for the sidecars of the mesh.
pub(crate) const MESH: &str = "mesh";

/// What the rules of a gateway route need to know about its gateway.
#[derive(Clone, Debug)]
pub(crate) struct HopCtx {
    /// The gateway Service's FQDN (`G`).
    pub(crate) gateway_host: String,
    /// The reference to the Gateway object, `namespace/name`.
    pub(crate) gateway_ref: String,
    /// The subset of `G` that the sidecars route to (`S`).
    pub(crate) subset: String,
}

/// A port a ServiceEntry must declare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PortSpec<'r> {
    /// The port number.
    pub(crate) number: u32,
    /// Its protocol.
    pub(crate) protocol: &'static str,
    /// The endpoint port, when it differs (sidecar-only routes).
    pub(crate) target_port: Option<u32>,
    /// The path of the route that asked for it, for conflict messages.
    pub(crate) route: &'r str,
    /// The route's field that asked for it (`port`, `targetPort`).
    pub(crate) field: &'static str,
}

impl PortSpec<'_> {
    /// The path of the field that asked for the port.
    pub(crate) fn field_path(&self) -> String {
        super::resolve::at(self.route, self.field)
    }
}

/// VirtualService rules, by protocol.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Rules {
    /// HTTP rules.
    pub(crate) http: Vec<HttpRoute>,
    /// TLS (SNI) rules.
    pub(crate) tls: Vec<TlsRoute>,
    /// TCP rules.
    pub(crate) tcp: Vec<TcpRoute>,
}

impl Rules {
    /// Appends other rules after these.
    pub(crate) fn extend(&mut self, other: Rules) {
        append(&mut self.http, other.http);
        append(&mut self.tls, other.tls);
        append(&mut self.tcp, other.tcp);
    }

    /// Whether there is no rule.
    pub(crate) fn is_empty(&self) -> bool {
        self.http.is_empty() && self.tls.is_empty() && self.tcp.is_empty()
    }
}

/// Moves `more` to the end of `into`; into an empty list it moves the whole list, sparing a
/// copy of its (large) rules into a new allocation.
fn append<T>(into: &mut Vec<T>, more: Vec<T>) {
    if into.is_empty() {
        *into = more;
    } else {
        into.extend(more);
    }
}

/// What one route adds to a plan's objects.
#[derive(Clone, Debug, Default)]
pub(crate) struct Contribution<'r> {
    /// Ports of the ServiceEntry for the route's hosts.
    pub(crate) ports: Vec<PortSpec<'r>>,
    /// Ports of the ServiceEntry for the wildcard's upstream (wildcard routes only).
    pub(crate) upstream_ports: Vec<PortSpec<'r>>,
    /// VirtualService rules for the route's hosts.
    pub(crate) rules: Rules,
    /// Where TLS is originated: the destination host and its port.
    pub(crate) originations: Vec<(String, u32)>,
}

/// The contribution of a route: through its gateway (`hop` given) or direct.
pub(crate) fn contribute<'r>(route: &'r Resolved<'_>, hop: Option<&HopCtx>) -> Contribution<'r> {
    let Some(ctx) = hop else {
        return direct::contribute(route);
    };
    match route.mode {
        EgressMode::Http => http::contribute(route, ctx),
        EgressMode::TlsPassthrough => tls_passthrough::contribute(route, ctx),
        EgressMode::TlsOrigination | EgressMode::MtlsOrigination => {
            origination::contribute(route, ctx)
        }
        EgressMode::Tcp => tcp::contribute(route, ctx),
        EgressMode::TlsInMutual => tls_in_mutual::contribute(route, ctx),
    }
}

/// A port for the application's side (`P_app`).
fn app_port<'r>(route: &'r Resolved<'_>, protocol: &'static str) -> PortSpec<'r> {
    PortSpec {
        number: route.port,
        protocol,
        target_port: None,
        route: &route.path,
        field: "port",
    }
}

/// A port for the server's side (`P_ext`).
fn ext_port<'r>(route: &'r Resolved<'_>, protocol: &'static str) -> PortSpec<'r> {
    PortSpec {
        number: route.target_port,
        protocol,
        target_port: None,
        route: &route.path,
        field: "targetPort",
    }
}

/// The ServiceEntry ports of a gateway route: `P_app` for the sidecars' listener and `P_ext`
/// for the gateway's cluster, on the hosts' entry; for a wildcard, the gateway's cluster is
/// the upstream's, so `P_ext` goes on the upstream's entry instead.
fn gateway_ports<'r>(
    route: &'r Resolved<'_>,
    app: &'static str,
    ext: &'static str,
    out: &mut Contribution<'r>,
) {
    out.ports.push(app_port(route, app));
    let ext = ext_port(route, ext);
    if route.upstream.is_some() {
        out.upstream_ports.push(ext);
    } else if ext.number != route.port {
        out.ports.push(ext);
    }
}

/// The destination of the sidecar hop: the gateway Service, its port for this route, the
/// shared subset.
fn to_gateway(route: &Resolved<'_>, ctx: &HopCtx) -> Destination {
    let port = route.hop.as_ref().map_or(route.port, |hop| hop.port);
    Destination::new(&ctx.gateway_host)
        .port(port)
        .subset(&ctx.subset)
}

/// The gateway port of a gateway route.
fn hop_port(route: &Resolved<'_>) -> u32 {
    route.hop.as_ref().map_or(route.port, |hop| hop.port)
}

fn http_to(destination: Destination) -> Vec<HttpRouteDestination> {
    vec![
        HttpRouteDestination::builder()
            .destination(destination)
            .build(),
    ]
}

fn l4_to(destination: Destination) -> Vec<RouteDestination> {
    vec![RouteDestination::builder().destination(destination).build()]
}

/// The sidecar-hop HTTP rule: traffic for the hosts on `P_app` goes to the gateway.
fn mesh_http(route: &Resolved<'_>, ctx: &HopCtx) -> HttpRoute {
    HttpRoute::builder()
        .r#match(vec![
            HttpMatchRequest::builder()
                .gateways(vec![MESH.to_owned()])
                .port(route.port)
                .build(),
        ])
        .route(http_to(to_gateway(route, ctx)))
        .build()
}

/// An exact match on the `Host` header, with or without a port.
fn authority(host: &str) -> StringMatch {
    StringMatch::regex(format!("^{}(:[0-9]+)?$", host.replace('.', "\\.")))
}

/// The gateway-hop HTTP rules: from the gateway port to each destination on `P_ext`. One
/// rule when every host goes to the same place (one host, or wildcards sharing their
/// upstream); otherwise one rule per host, matched on the `Host` header.
fn gateway_http(route: &Resolved<'_>, ctx: &HopCtx) -> Vec<HttpRoute> {
    let destinations = route.destinations();
    let several = destinations.len() > 1;
    destinations
        .into_iter()
        .map(|(destination, hosts)| {
            let matches = if several {
                hosts
                    .iter()
                    .map(|host| {
                        HttpMatchRequest::builder()
                            .gateways(vec![ctx.gateway_ref.clone()])
                            .port(hop_port(route))
                            .authority(authority(host))
                            .build()
                    })
                    .collect()
            } else {
                vec![
                    HttpMatchRequest::builder()
                        .gateways(vec![ctx.gateway_ref.clone()])
                        .port(hop_port(route))
                        .build(),
                ]
            };
            HttpRoute::builder()
                .r#match(matches)
                .route(http_to(
                    Destination::new(destination).port(route.target_port),
                ))
                .build()
        })
        .collect()
}

/// The sidecar-hop TLS rule: connections on `P_app` whose SNI is one of the hosts go to the
/// gateway.
fn mesh_tls(route: &Resolved<'_>, ctx: &HopCtx) -> TlsRoute {
    TlsRoute::builder()
        .r#match(vec![
            TlsMatchAttributes::builder()
                .sni_hosts(route.hosts.to_vec())
                .gateways(vec![MESH.to_owned()])
                .port(route.port)
                .build(),
        ])
        .route(l4_to(to_gateway(route, ctx)))
        .build()
}

/// The gateway-hop TCP rule: the unwrapped stream on the gateway port goes to the one
/// destination on `P_ext`.
fn gateway_tcp(route: &Resolved<'_>, ctx: &HopCtx) -> Vec<TcpRoute> {
    route
        .destinations()
        .into_iter()
        .map(|(destination, _)| {
            TcpRoute::builder()
                .r#match(vec![
                    L4MatchAttributes::builder()
                        .gateways(vec![ctx.gateway_ref.clone()])
                        .port(hop_port(route))
                        .build(),
                ])
                .route(l4_to(Destination::new(destination).port(route.target_port)))
                .build()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_regex_escapes_dots() {
        let m = authority("api.example.com");
        assert_eq!(m, StringMatch::regex("^api\\.example\\.com(:[0-9]+)?$"));
    }
}
