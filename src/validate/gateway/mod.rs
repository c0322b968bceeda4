//! The webhook's rules for the Gateway kind (G1–G32).
//!
//! [`check`] walks the object the way Istio's `ValidateGateway` does: the name, then each server
//! (hosts, port, bind, TLS settings; see [`server`] and [`tls`]), then the rules that compare
//! servers with each other.

mod server;
mod tls;

use crate::small_set::SmallSet;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Options;
use super::common::{Protocol, is_dns1123_label};
use super::ctx::Ctx;
use crate::networking::{Gateway, Server};

/// The annotation istiod puts on Gateways it generates from Gateway API resources.
const GATEWAY_SEMANTICS: &str = "internal.istio.io/gateway-semantics";

/// Checks a Gateway with the webhook's rules (G1–G32).
pub(crate) fn check<'o>(object: &'o Gateway, options: &Options, ctx: &mut Ctx<'o>) {
    let _ = options;
    let generated = from_gateway_api(&object.metadata);
    if !generated {
        name(&object.metadata, ctx);
    }
    ctx.key("spec", |ctx| {
        let servers = &object.spec.servers;
        if servers.is_empty() {
            ctx.error_at("servers", "G2", "gateway must have at least one server");
        }
        ctx.each("servers", servers, |ctx, s| {
            server::check(s, generated, ctx)
        });
        across_servers(servers, ctx);
    });
}

/// Whether istiod generated this Gateway from a Gateway API resource, which relaxes G1 and G7.
fn from_gateway_api(metadata: &ObjectMeta) -> bool {
    metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(GATEWAY_SEMANTICS))
        .is_some_and(|value| value == "gateway")
}

/// G1: the name must be a DNS-1123 label (no dots).
fn name<'o>(metadata: &'o ObjectMeta, ctx: &mut Ctx<'o>) {
    let name = metadata.name.as_deref().unwrap_or_default();
    if !is_dns1123_label(name) {
        ctx.key("metadata", |ctx| {
            ctx.error_at("name", "G1", format!("invalid gateway name: {name:?}"));
        });
    }
}

/// G4 (port names unique across servers) and G5 (`httpsRedirect` only on HTTP servers).
fn across_servers<'o>(servers: &'o [Server], ctx: &mut Ctx<'o>) {
    let mut names: SmallSet<&str, 8> = SmallSet::new();
    ctx.key("servers", |ctx| {
        for (i, server) in servers.iter().enumerate() {
            let Some(port) = &server.port else { continue };
            ctx.index(i, |ctx| {
                if !names.insert(port.name.as_str()) {
                    ctx.key("port", |ctx| {
                        ctx.error_at(
                            "name",
                            "G4",
                            format!(
                                "port names in servers must be unique: duplicate name {}",
                                port.name
                            ),
                        );
                    });
                }
                let http = Protocol::parse(&port.protocol).is_some_and(Protocol::is_http);
                let redirect = server.tls.as_ref().and_then(|t| t.https_redirect);
                if !http && redirect == Some(true) {
                    ctx.key("tls", |ctx| {
                        ctx.warning_at(
                            "httpsRedirect",
                            "G5",
                            "tls.httpsRedirect should only be used with http servers",
                        );
                    });
                }
            });
        }
    });
}
