//! The Gateway CRD schema's bounds.

use super::bounds::{enum_value, max_items, missing, required_list, required_str};
use crate::networking::{GatewaySpec, Server, ServerTlsMode, ServerTlsSettings, TlsProtocol};
use crate::validate::ctx::Ctx;

/// Every server: its required port and hosts, and its TLS settings.
pub(super) fn check<'o>(spec: &'o GatewaySpec, ctx: &mut Ctx<'o>) {
    ctx.each("servers", &spec.servers, |ctx, server| {
        server_bounds(server, ctx)
    });
}

/// One `spec.servers[]` entry.
fn server_bounds<'o>(server: &'o Server, ctx: &mut Ctx<'o>) {
    match &server.port {
        Some(port) => ctx.key("port", |ctx| {
            required_str(ctx, "protocol", &port.protocol);
            required_str(ctx, "name", &port.name);
        }),
        None => missing(ctx, "port"),
    }
    required_list(ctx, "hosts", &server.hosts);
    if let Some(tls) = &server.tls {
        ctx.key("tls", |ctx| tls_bounds(tls, ctx));
    }
}

/// A server's TLS settings: its enums and the sizes of its certificate lists.
fn tls_bounds<'o>(tls: &'o ServerTlsSettings, ctx: &mut Ctx<'o>) {
    let mode = tls.mode.as_ref().map(ServerTlsMode::as_str);
    enum_value(ctx, "mode", mode, ServerTlsMode::KNOWN);
    let min = tls.min_protocol_version.as_ref().map(TlsProtocol::as_str);
    enum_value(ctx, "minProtocolVersion", min, TlsProtocol::KNOWN);
    let max = tls.max_protocol_version.as_ref().map(TlsProtocol::as_str);
    enum_value(ctx, "maxProtocolVersion", max, TlsProtocol::KNOWN);
    max_items(ctx, "credentialNames", tls.credential_names.len(), 2);
    max_items(ctx, "tlsCertificates", tls.tls_certificates.len(), 2);
}
