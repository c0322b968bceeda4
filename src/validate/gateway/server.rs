//! One server of a Gateway: its hosts (G6–G10), port (G11–G15), bind address (G16, G17) and
//! whether its TLS block fits its protocol (G18–G20).

use super::super::common::{
    self, Protocol, ip_address, is_dns1123_label, is_ip, partial_wildcard, wildcard_domain,
};
use super::super::ctx::Ctx;
use super::super::service_entry::unix_address;
use super::tls;
use crate::networking::{Port, Server, ServerTlsMode, ServerTlsSettings};

/// The prefix of a `bind` (or endpoint address) naming a Unix domain socket.
const UNIX_PREFIX: &str = "unix://";

/// Checks one server (G6–G32), at its position in `servers`.
pub(super) fn check<'o>(server: &'o Server, generated: bool, ctx: &mut Ctx<'o>) {
    hosts(server, generated, ctx);
    let port_ok = port(server, ctx);
    bind(server, ctx);
    if let Some(settings) = &server.tls {
        ctx.key("tls", |ctx| tls::check(settings, ctx));
    }
    if port_ok {
        tls_fits_protocol(server, ctx);
    }
}

/// G6–G10: at least one host, each `[namespace/]dnsName`.
fn hosts<'o>(server: &'o Server, generated: bool, ctx: &mut Ctx<'o>) {
    if server.hosts.is_empty() {
        ctx.error_at(
            "hosts",
            "G6",
            "server config must contain at least one host",
        );
        return;
    }
    ctx.each("hosts", &server.hosts, |ctx, host| {
        for (rule, message) in host_problems(host, generated) {
            ctx.error(rule, message);
        }
    });
}

/// G7–G10: what is wrong with one host entry.
fn host_problems(host: &str, generated: bool) -> Vec<(&'static str, String)> {
    let Some((namespace, dns_name)) = host.split_once('/') else {
        return dns_name_problems(host);
    };
    let mut problems = Vec::new();
    if namespace.is_empty() || dns_name.is_empty() {
        problems.push((
            "G7",
            "config namespace and dnsName in host entry cannot be empty".to_owned(),
        ));
    }
    let special = matches!(namespace, "*" | ".") || (namespace == "~" && generated);
    if !special && !is_dns1123_label(namespace) {
        problems.push((
            "G7",
            format!("invalid namespace value {namespace:?} in gateway"),
        ));
    }
    problems.extend(dns_name_problems(dns_name));
    problems
}

/// G8–G10: the DNS name part of a host: no short names, a wildcard domain or an IP, no
/// partial wildcard.
fn dns_name_problems(name: &str) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if name != "*" && !name.contains('.') {
        problems.push(("G8", "short names (non FQDN) are not allowed".to_owned()));
    }
    if let Err(message) = wildcard_domain(name)
        && !is_ip(name)
    {
        problems.push(("G9", message));
    }
    if let Err(message) = partial_wildcard(name) {
        problems.push(("G10", message));
    }
    problems
}

/// G11–G15: the port; `true` when it has no error (G18–G20 only look at sound ports).
fn port<'o>(server: &'o Server, ctx: &mut Ctx<'o>) -> bool {
    let Some(port) = &server.port else {
        ctx.error_at("port", "G11", "port is required");
        return false;
    };
    let unix = server
        .bind
        .as_deref()
        .is_some_and(|b| b.starts_with(UNIX_PREFIX));
    ctx.key("port", |ctx| {
        let mut ok = true;
        if Protocol::parse(&port.protocol).is_none() {
            ok = false;
            ctx.error_at(
                "protocol",
                "G12",
                format!(
                    "invalid protocol {:?}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP",
                    port.protocol
                ),
            );
        }
        if (port.number > 0 || !unix)
            && let Err(message) = common::port(port.number)
        {
            ok = false;
            ctx.error_at("number", "G13", message);
        }
        if port.target_port.is_some_and(|t| t > 0) {
            ok = false;
            ctx.error_at("targetPort", "G14", "targetPort has no impact on Gateways");
        }
        if port.name.is_empty() {
            ok = false;
            ctx.error_at(
                "name",
                "G15",
                format!("port name must be set: {}", describe(port)),
            );
        }
        ok
    })
}

/// A port as Istio prints it in messages (`number:80 protocol:"HTTP"`).
fn describe(port: &Port) -> String {
    let mut parts = Vec::new();
    if port.number != 0 {
        parts.push(format!("number:{}", port.number));
    }
    if !port.protocol.is_empty() {
        parts.push(format!("protocol:{:?}", port.protocol));
    }
    if !port.name.is_empty() {
        parts.push(format!("name:{:?}", port.name));
    }
    if let Some(target) = port.target_port.filter(|t| *t > 0) {
        parts.push(format!("target_port:{target}"));
    }
    parts.join(" ")
}

/// G16 (a `unix://` bind: a valid socket path and port number 0) and G17 (any other bind is an
/// IP address).
fn bind<'o>(server: &'o Server, ctx: &mut Ctx<'o>) {
    let Some(bind) = server.bind.as_deref() else {
        return;
    };
    if let Some(path) = bind.strip_prefix(UNIX_PREFIX) {
        if let Err(message) = unix_address(path) {
            ctx.error_at("bind", "G16", message);
        }
        if let Some(port) = server.port.as_ref().filter(|p| p.number != 0) {
            ctx.key("port", |ctx| {
                ctx.error_at(
                    "number",
                    "G16",
                    format!(
                        "port number must be 0 for unix domain socket: {}",
                        describe(port)
                    ),
                );
            });
        }
    } else if !bind.is_empty()
        && let Err(message) = ip_address(bind)
    {
        ctx.error_at("bind", "G17", message);
    }
}

/// G18–G20: HTTPS/TLS ports need a TLS block; HTTP ports may only carry a pass-through one
/// (for `httpsRedirect`); other ports none.
fn tls_fits_protocol<'o>(server: &'o Server, ctx: &mut Ctx<'o>) {
    let Some(protocol) = server
        .port
        .as_ref()
        .and_then(|p| Protocol::parse(&p.protocol))
    else {
        return;
    };
    match &server.tls {
        None if protocol.is_tls() => ctx.error_at(
            "tls",
            "G18",
            "server must have TLS settings for HTTPS/TLS protocols",
        ),
        Some(settings) if !protocol.is_tls() => {
            if !protocol.is_http() {
                ctx.error_at(
                    "tls",
                    "G20",
                    "server cannot have TLS settings for non HTTPS/TLS ports",
                );
            } else if !is_pass_through(settings) || carries_certificate_files(settings) {
                ctx.error_at(
                    "tls",
                    "G19",
                    "server cannot have TLS settings for plain text HTTP ports",
                );
            }
        }
        _ => {}
    }
}

/// Whether the TLS mode is PASSTHROUGH (also when unset) or AUTO_PASSTHROUGH.
fn is_pass_through(settings: &ServerTlsSettings) -> bool {
    matches!(
        settings.mode,
        None | Some(ServerTlsMode::Passthrough | ServerTlsMode::AutoPassthrough)
    )
}

/// Whether any of the file-based certificate fields G19 looks at is set.
fn carries_certificate_files(settings: &ServerTlsSettings) -> bool {
    [
        &settings.ca_certificates,
        &settings.private_key,
        &settings.server_certificate,
    ]
    .into_iter()
    .any(common::is_set)
}
