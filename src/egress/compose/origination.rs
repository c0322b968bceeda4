//! `tls-origination` and `mtls-origination`: the application speaks plain HTTP, the gateway
//! opens (mutual) TLS to the server.
//!
//! app –HTTP:`P_app`→ sidecar –ISTIO_MUTUAL→ gateway:`P_gw` (server `HTTPS`, `ISTIO_MUTUAL`)
//! –TLS→ host:`P_ext`. The ServiceEntry declares `P_app` as `HTTP` and `P_ext` as `HTTPS`;
//! a DestinationRule for each destination host, in the gateway's namespace, does the
//! origination on `P_ext` (canon 13, 14).

use super::{Contribution, HopCtx, Rules, gateway_http, gateway_ports, mesh_http};
use crate::egress::resolve::Resolved;

/// The contribution of an origination route through the gateway.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>, ctx: &HopCtx) -> Contribution<'r> {
    let mut out = Contribution::default();
    gateway_ports(route, "HTTP", "HTTPS", &mut out);
    let mut http = vec![mesh_http(route, ctx)];
    http.extend(gateway_http(route, ctx));
    out.rules = Rules {
        http,
        ..Rules::default()
    };
    out.originations = route
        .destinations()
        .into_iter()
        .map(|(destination, _)| (destination.to_owned(), route.target_port))
        .collect();
    out
}
