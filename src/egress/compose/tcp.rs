//! `tcp`: opaque TCP, recognised by destination address, on a gateway port of its own.
//!
//! app –TCP:`addresses`:`P_app`→ sidecar –ISTIO_MUTUAL→ gateway:`P_gw` (server `TLS`,
//! `ISTIO_MUTUAL`) –TCP→ host:`P_ext`. The sidecar matches the destination subnets (TCP has no
//! host name); the gateway, after unwrapping the mutual TLS, can only tell streams apart by
//! port, so the port serves this route alone. Canon 16 sends the first hop as plain TCP.

use super::{Contribution, HopCtx, Rules, gateway_ports, gateway_tcp, l4_to, to_gateway};
use crate::egress::compose::MESH;
use crate::egress::resolve::Resolved;
use crate::networking::{L4MatchAttributes, TcpRoute};

/// The contribution of a `tcp` route through the gateway.
pub(super) fn contribute<'r>(route: &'r Resolved<'_>, ctx: &HopCtx) -> Contribution<'r> {
    let mut out = Contribution::default();
    gateway_ports(route, "TCP", "TCP", &mut out);
    let mesh = TcpRoute::builder()
        .r#match(vec![
            L4MatchAttributes::builder()
                .destination_subnets(
                    route
                        .addresses
                        .iter()
                        .map(|a| a.written.clone())
                        .collect::<Vec<_>>(),
                )
                .gateways(vec![MESH.to_owned()])
                .port(route.port)
                .build(),
        ])
        .route(l4_to(to_gateway(route, ctx)))
        .build();
    let mut tcp = vec![mesh];
    tcp.extend(gateway_tcp(route, ctx));
    out.rules = Rules {
        tcp,
        ..Rules::default()
    };
    out
}
