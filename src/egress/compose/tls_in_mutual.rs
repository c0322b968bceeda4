//! `tls-in-mutual`: the application's TLS tunnelled inside Istio mutual TLS to the gateway.
//!
//! app –TLS:`P_app`→ sidecar –ISTIO_MUTUAL(app TLS)→ gateway:`P_gw` (server `TLS`,
//! `ISTIO_MUTUAL`) –app TLS as TCP→ host:`P_ext`. The sidecar picks the route by the inner
//! SNI (`tls` rule); the gateway terminates only the outer layer and forwards the rest as a
//! byte stream (`tcp` rule), as in canon 17.

use super::{Contribution, HopCtx, Rules, gateway_ports, gateway_tcp, mesh_tls};
use crate::egress::resolve::Resolved;

/// The contribution of a `tls-in-mutual` route.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>, ctx: &HopCtx) -> Contribution<'r> {
    let mut out = Contribution::default();
    gateway_ports(route, "TLS", "TLS", &mut out);
    out.rules = Rules {
        tls: vec![mesh_tls(route, ctx)],
        tcp: gateway_tcp(route, ctx),
        ..Rules::default()
    };
    out
}
