//! The VirtualService CRD schema's bounds.

use super::bounds::{base64, enum_value, missing, required_list, required_str};
use crate::networking::{
    BodySpecifier, Destination, HttpRoute, RedirectPort, RedirectPortSelection, RouteDestination,
    TlsRoute, UnmatchedPreflights, VirtualServiceSpec,
};
use crate::validate::ctx::Ctx;

/// The HTTP, TLS and TCP routes.
pub(super) fn check<'o>(spec: &'o VirtualServiceSpec, ctx: &mut Ctx<'o>) {
    ctx.each("http", &spec.http, |ctx, route| http_route(route, ctx));
    ctx.each("tls", &spec.tls, |ctx, route| tls_route(route, ctx));
    ctx.each("tcp", &spec.tcp, |ctx, route| {
        routes(ctx, &route.route);
    });
}

/// One `spec.http[]` route: its destinations, mirrors, enums and direct response body.
fn http_route<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    ctx.each("route", &route.route, |ctx, destination| {
        required_destination(ctx, destination.destination.as_ref());
    });
    if let Some(mirror) = &route.mirror {
        ctx.key("mirror", |ctx| required_str(ctx, "host", &mirror.host));
    }
    ctx.each("mirrors", &route.mirrors, |ctx, mirror| {
        required_destination(ctx, mirror.destination.as_ref());
    });
    if let Some(RedirectPort::DerivePort(selection)) = route
        .redirect
        .as_ref()
        .and_then(|r| r.redirect_port.as_ref())
    {
        ctx.key("redirect", |ctx| {
            let value = Some(selection.as_str());
            enum_value(ctx, "derivePort", value, RedirectPortSelection::KNOWN);
        });
    }
    if let Some(cors) = &route.cors_policy {
        ctx.key("corsPolicy", |ctx| {
            let value = cors
                .unmatched_preflights
                .as_ref()
                .map(UnmatchedPreflights::as_str);
            enum_value(
                ctx,
                "unmatchedPreflights",
                value,
                UnmatchedPreflights::KNOWN,
            );
        });
    }
    let body = route.direct_response.as_ref().and_then(|r| r.body.as_ref());
    if let Some(BodySpecifier::Bytes(bytes)) = body.and_then(|b| b.specifier.as_ref()) {
        ctx.key("directResponse", |ctx| {
            ctx.key("body", |ctx| base64(ctx, "bytes", bytes));
        });
    }
}

/// One `spec.tls[]` route: its required matches, each with required SNI hosts, and its
/// destinations.
fn tls_route<'o>(route: &'o TlsRoute, ctx: &mut Ctx<'o>) {
    required_list(ctx, "match", &route.r#match);
    ctx.each("match", &route.r#match, |ctx, tls_match| {
        required_list(ctx, "sniHosts", &tls_match.sni_hosts);
    });
    routes(ctx, &route.route);
}

/// The `route` list of a TLS or TCP route, whose entries need a destination with a host.
fn routes<'o>(ctx: &mut Ctx<'o>, routes: &'o [RouteDestination]) {
    ctx.each("route", routes, |ctx, destination| {
        required_destination(ctx, destination.destination.as_ref());
    });
}

/// A required `destination`, which itself requires `host`.
fn required_destination<'o>(ctx: &mut Ctx<'o>, destination: Option<&'o Destination>) {
    match destination {
        Some(destination) => {
            ctx.key("destination", |ctx| {
                required_str(ctx, "host", &destination.host);
            });
        }
        None => missing(ctx, "destination"),
    }
}
