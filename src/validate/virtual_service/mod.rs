//! The webhook's rules for the VirtualService kind (the catalogue's V1–V49).
//!
//! The object-wide rules live here: delegates (V1–V3), gateway references (V4, V5), hosts
//! (V7–V9), the presence of routes (V10) and `exportTo` (V12). The rest is split by part:
//! HTTP routes (`http`: V15–V20, V25, V26, V32–V35, V42), their matches (`matches`: V6,
//! V21–V24), policies (`policy`: V27–V31, V38) and actions (`actions`: V36, V37, V39),
//! destinations (`destination`: V34, V35, V40, V41, V47, V49), TLS and TCP routes (`l4`:
//! V43–V49), and the unreachable-rule analysis (`analysis`: V13, V14). Header names and
//! values (S14–S18) are in `headers`, host matching in `hosts`, status codes in `status`.
//!
//! V11 ("no null http route") cannot happen here: a typed list holds no null entries.

mod actions;
mod analysis;
mod destination;
mod headers;
mod hosts;
mod http;
mod l4;
mod matches;
mod policy;
mod status;

use super::Options;
use super::common::{self, ExportScope};
use super::ctx::Ctx;
use crate::networking::{VirtualService, VirtualServiceSpec};

/// The annotation istiod puts on VirtualServices it generates from Gateway API routes.
const ROUTE_SEMANTICS: &str = "internal.istio.io/route-semantics";

/// The gateway name that stands for the sidecars of the mesh.
const MESH: &str = "mesh";

/// What the rules need to know about the VirtualService as a whole.
#[derive(Clone, Copy)]
struct Scope<'o> {
    /// The spec being checked.
    spec: &'o VirtualServiceSpec,
    /// It has no hosts, so it is a delegate.
    delegate: bool,
    /// It lists gateways and none of them is `mesh`.
    gateway_bound: bool,
    /// One of its gateways is `mesh`.
    names_mesh: bool,
    /// It was generated from a Gateway API route.
    gateway_semantics: bool,
}

impl<'o> Scope<'o> {
    /// The facts about `object` the rules depend on.
    fn new(object: &'o VirtualService) -> Self {
        let spec = &object.spec;
        let names_mesh = spec.gateways.iter().any(|g| g == MESH);
        let gateway_semantics = object
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(ROUTE_SEMANTICS))
            .is_some_and(|v| v == "gateway");
        Self {
            spec,
            delegate: spec.hosts.is_empty(),
            gateway_bound: !spec.gateways.is_empty() && !names_mesh,
            names_mesh,
            gateway_semantics,
        }
    }
}

/// Checks a VirtualService with the webhook's rules (V1–V49).
pub(crate) fn check<'o>(object: &'o VirtualService, options: &Options, ctx: &mut Ctx<'o>) {
    let _ = options;
    let scope = Scope::new(object);
    let spec = &object.spec;
    let namespace = common::namespace_of(&object.metadata);
    ctx.key("spec", |ctx| {
        delegate_rules(scope, ctx);
        hosts::gateway_names(&spec.gateways, "V4", true, scope.gateway_semantics, ctx);
        hosts::check_hosts(scope, ctx);
        if spec.http.is_empty() && spec.tcp.is_empty() && spec.tls.is_empty() {
            ctx.error(
                "V10",
                "http, tcp or tls must be provided in virtual service",
            );
        }
        ctx.each("http", &spec.http, |ctx, route| {
            http::check(scope, route, ctx)
        });
        ctx.each("tls", &spec.tls, |ctx, route| {
            l4::check_tls(scope, route, ctx)
        });
        ctx.each("tcp", &spec.tcp, |ctx, route| {
            l4::check_tcp(scope, route, ctx)
        });
        for message in common::export_to(namespace, &spec.export_to, ExportScope::Plain) {
            ctx.error_at("exportTo", "V12", message);
        }
        analysis::check(spec, ctx);
    });
}

/// V1–V3: a delegate VirtualService lists no gateways and has no TLS or TCP routes.
fn delegate_rules(scope: Scope<'_>, ctx: &mut Ctx<'_>) {
    if !scope.delegate {
        return;
    }
    let spec = scope.spec;
    if !spec.gateways.is_empty() {
        ctx.error_at(
            "gateways",
            "V1",
            "delegate virtual service must have no gateways specified",
        );
    }
    if !spec.tls.is_empty() {
        ctx.error_at(
            "tls",
            "V2",
            "delegate virtual service must have no tls route specified",
        );
    }
    if !spec.tcp.is_empty() {
        ctx.error_at(
            "tcp",
            "V3",
            "delegate virtual service must have no tcp route specified",
        );
    }
}
