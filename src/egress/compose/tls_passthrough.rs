//! `tls-passthrough`: the application's own TLS, routed by SNI and never opened by the mesh.
//!
//! app –TLS:`P_app`→ sidecar –TLS (unchanged)→ gateway:`P_gw` (server `TLS`, `PASSTHROUGH`)
//! –TLS→ host:`P_ext`. Both hops are `tls` rules matched on the SNI (canon 11, 15).

use super::{Contribution, HopCtx, Rules, gateway_ports, l4_to, mesh_tls};
use crate::egress::resolve::Resolved;
use crate::networking::{Destination, TlsMatchAttributes, TlsRoute};

/// The contribution of a `tls-passthrough` route through the gateway.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>, ctx: &HopCtx) -> Contribution<'r> {
    let mut out = Contribution::default();
    gateway_ports(route, "TLS", "TLS", &mut out);
    let mut tls = vec![mesh_tls(route, ctx)];
    let gateway_port = super::hop_port(route);
    tls.extend(
        route
            .destinations()
            .into_iter()
            .map(|(destination, hosts)| {
                TlsRoute::builder()
                    .r#match(vec![
                        TlsMatchAttributes::builder()
                            .sni_hosts(hosts.into_iter().map(str::to_owned).collect::<Vec<_>>())
                            .gateways(vec![ctx.gateway_ref.clone()])
                            .port(gateway_port)
                            .build(),
                    ])
                    .route(l4_to(Destination::new(destination).port(route.target_port)))
                    .build()
            }),
    );
    out.rules = Rules {
        tls,
        ..Rules::default()
    };
    out
}
