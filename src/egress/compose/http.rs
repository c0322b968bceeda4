//! `http`: plain HTTP through the gateway, the sidecar→gateway hop in Istio mutual TLS.
//!
//! app –HTTP:`P_app`→ sidecar –ISTIO_MUTUAL→ gateway:`P_gw` (server `HTTPS`, `ISTIO_MUTUAL`)
//! –HTTP→ host:`P_ext`. Canon 10 carries the first hop as plain HTTP; here it is always
//! encrypted and authenticated.

use super::{Contribution, HopCtx, Rules, gateway_http, gateway_ports, mesh_http};
use crate::egress::resolve::Resolved;

/// The contribution of an `http` route through the gateway.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>, ctx: &HopCtx) -> Contribution<'r> {
    let mut out = Contribution::default();
    gateway_ports(route, "HTTP", "HTTP", &mut out);
    let gateway = gateway_http(route, ctx);
    let mut http = Vec::with_capacity(1 + gateway.len());
    http.push(mesh_http(route, ctx));
    http.extend(gateway);
    out.rules = Rules {
        http,
        ..Rules::default()
    };
    out
}
