//! TLS routes (V43–V47) and TCP routes (V48, V49).

use crate::networking::StringMap;
use compact_str::CompactString;

use super::super::common;
use super::super::ctx::Ctx;
use super::{Scope, destination, hosts};
use crate::networking::{L4MatchAttributes, TcpRoute, TlsMatchAttributes, TlsRoute};

/// V43: a TLS route needs matches and destinations; V44–V47 for its parts.
pub(super) fn check_tls<'o>(scope: Scope<'o>, route: &'o TlsRoute, ctx: &mut Ctx<'o>) {
    if route.r#match.is_empty() {
        ctx.error_at(
            "match",
            "V43",
            "TLS route must have at least one match condition",
        );
    }
    ctx.each("match", &route.r#match, |ctx, m| tls_match(scope, m, ctx));
    if route.route.is_empty() {
        ctx.error_at("route", "V43", "TLS route is required");
    }
    destination::l4_destinations(scope, &route.route, "V47", ctx);
}

/// V44–V46 (and V5): SNI hosts, subnets, port, source labels and gateways of a TLS match.
fn tls_match<'o>(scope: Scope<'o>, m: &'o TlsMatchAttributes, ctx: &mut Ctx<'o>) {
    if m.sni_hosts.is_empty() {
        ctx.error_at(
            "sniHosts",
            "V44",
            "TLS match must have at least one SNI host",
        );
    }
    ctx.key("sniHosts", |ctx| {
        for (i, sni) in m.sni_hosts.iter().enumerate() {
            ctx.index(i, |ctx| sni_host(scope, sni, ctx));
        }
    });
    l4_match_fields(&m.destination_subnets, m.port, &m.source_labels, "V46", ctx);
    hosts::gateway_names(&m.gateways, "V46", true, false, ctx);
}

/// V45: a valid SNI host (IP only warned about) covered by one of the VirtualService's hosts.
fn sni_host(scope: Scope<'_>, sni: &str, ctx: &mut Ctx<'_>) {
    let valid = if scope.names_mesh {
        common::wildcard_domain(sni)
    } else {
        hosts::gateway_domain(true, sni)
    };
    if let Err(e) = valid {
        if common::is_ip(sni) {
            ctx.warning(
                "V45",
                format!(
                    "using an IP address ({sni:?}) goes against SNI spec and most clients do not support this"
                ),
            );
        } else {
            ctx.error("V45", e);
        }
        return;
    }
    let vs_hosts = &scope.spec.hosts;
    if !vs_hosts.iter().any(|host| hosts::subset_of(sni, host)) {
        ctx.error(
            "V45",
            format!(
                "SNI host {sni:?} is not a compatible subset of any of the virtual service hosts: [{}]",
                vs_hosts.join(", ")
            ),
        );
    }
}

/// V49: a TCP route needs destinations, checked like V47; V48 for each match.
pub(super) fn check_tcp<'o>(scope: Scope<'o>, route: &'o TcpRoute, ctx: &mut Ctx<'o>) {
    ctx.each("match", &route.r#match, |ctx, m| tcp_match(m, ctx));
    if route.route.is_empty() {
        ctx.error_at("route", "V49", "TCP route is required");
    }
    destination::l4_destinations(scope, &route.route, "V49", ctx);
}

/// V48: destination subnets, port, source labels and gateway references of a TCP match.
fn tcp_match<'o>(m: &'o L4MatchAttributes, ctx: &mut Ctx<'o>) {
    l4_match_fields(&m.destination_subnets, m.port, &m.source_labels, "V48", ctx);
    hosts::gateway_names(&m.gateways, "V48", false, false, ctx);
}

/// V46/V48: destination subnets (S7), port 1..65535 when set, source labels (S8).
fn l4_match_fields(
    subnets: &[CompactString],
    port: Option<u32>,
    labels: &StringMap,
    rule: &'static str,
    ctx: &mut Ctx<'_>,
) {
    ctx.key("destinationSubnets", |ctx| {
        for (i, subnet) in subnets.iter().enumerate() {
            if let Err(e) = common::ip_subnet(subnet) {
                ctx.index(i, |ctx| ctx.error(rule, e));
            }
        }
    });
    if let Some(port) = port.filter(|p| *p != 0)
        && let Err(e) = common::port(port)
    {
        ctx.error_at("port", rule, e);
    }
    if let Err(e) = common::labels(labels) {
        ctx.error_at("sourceLabels", rule, e);
    }
}
