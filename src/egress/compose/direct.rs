//! Direct routes: the application's sidecar leaves the mesh itself, without a gateway
//! (canon 01, 02, 03).
//!
//! The ServiceEntry's port is the application's port, mapped to the server's with
//! `targetPort` when they differ; for origination it is declared `HTTP` and mapped to the
//! TLS port, and a DestinationRule on the application's port makes the sidecar originate
//! (canon 02). A wildcard is pinned to its upstream by a mesh-only VirtualService, so every
//! name under it reaches the one server the route names, at its DNS addresses.

use super::{Contribution, MESH, PortSpec, Rules, app_port, ext_port, http_to, l4_to};
use crate::egress::resolve::Resolved;
use crate::egress::route::EgressMode;
use crate::networking::{Destination, HttpMatchRequest, HttpRoute, TlsMatchAttributes, TlsRoute};

/// The application's protocol in each mode.
fn app_protocol(mode: EgressMode) -> &'static str {
    match mode {
        EgressMode::Tcp => "TCP",
        EgressMode::TlsPassthrough | EgressMode::TlsInMutual => "TLS",
        EgressMode::Http | EgressMode::TlsOrigination | EgressMode::MtlsOrigination => "HTTP",
    }
}

/// The ports of the entry the sidecar connects through.
fn direct_ports<'r>(route: &'r Resolved<'_>) -> Vec<PortSpec<'r>> {
    let mut app = app_port(route, app_protocol(route.mode));
    if route.target_port != route.port {
        app.target_port = Some(route.target_port);
    }
    let mut ports = vec![app];
    if route.mode.originates_tls() {
        ports.push(ext_port(route, "HTTPS"));
    }
    ports
}

/// The contribution of a direct route.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>) -> Contribution<'r> {
    let mut out = Contribution::default();
    let Some(upstream) = &route.upstream else {
        out.ports = direct_ports(route);
        if route.mode.originates_tls() {
            out.originations = route
                .hosts
                .iter()
                .map(|h| (h.clone(), route.port))
                .collect();
        }
        return out;
    };
    out.ports = vec![app_port(route, app_protocol(route.mode))];
    out.upstream_ports = direct_ports(route);
    let to = Destination::new(upstream).port(route.port);
    out.rules = match route.mode {
        EgressMode::TlsPassthrough | EgressMode::TlsInMutual => Rules {
            tls: vec![
                TlsRoute::builder()
                    .r#match(vec![
                        TlsMatchAttributes::builder()
                            .sni_hosts(route.hosts.to_vec())
                            .gateways(vec![MESH.to_owned()])
                            .port(route.port)
                            .build(),
                    ])
                    .route(l4_to(to))
                    .build(),
            ],
            ..Rules::default()
        },
        _ => Rules {
            http: vec![
                HttpRoute::builder()
                    .r#match(vec![
                        HttpMatchRequest::builder()
                            .gateways(vec![MESH.to_owned()])
                            .port(route.port)
                            .build(),
                    ])
                    .route(http_to(to))
                    .build(),
            ],
            ..Rules::default()
        },
    };
    if route.mode.originates_tls() {
        out.originations = vec![(upstream.clone(), route.port)];
    }
    out
}
