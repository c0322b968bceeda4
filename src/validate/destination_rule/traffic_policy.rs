//! The rules of a `TrafficPolicy` as a whole and of its port-level entries (D6–D9, D29), and
//! the dispatch to the per-setting rules (D10–D28) shared by both.

use super::super::common;
use super::super::ctx::Ctx;
use super::{connection_pool, load_balancer, outlier_detection, tls};
use crate::networking::{
    ClientTlsSettings, ConnectionPoolSettings, LoadBalancerSettings, OutlierDetection,
    PortTrafficPolicy, ProxyProtocol, ProxyProtocolVersion, TrafficPolicy, TunnelSettings,
};

/// The four settings a policy shares with its port-level entries.
struct Settings<'o> {
    load_balancer: Option<&'o LoadBalancerSettings>,
    connection_pool: Option<&'o ConnectionPoolSettings>,
    outlier_detection: Option<&'o OutlierDetection>,
    tls: Option<&'o ClientTlsSettings>,
}

/// D6–D9 and D29 on a policy at the current position, then D10–D28 on its settings.
pub(super) fn check<'o>(policy: &'o TrafficPolicy, namespace: &str, ctx: &mut Ctx<'o>) {
    if is_empty(policy) {
        ctx.error("D6", "traffic policy must have at least one field");
        return;
    }
    if policy.tunnel.is_some() && policy.proxy_protocol.is_some() {
        ctx.error_at(
            "proxyProtocol",
            "D7",
            "tunnel and proxyProtocol must not be set together",
        );
    }
    check_settings(
        &Settings {
            load_balancer: policy.load_balancer.as_deref(),
            connection_pool: policy.connection_pool.as_ref(),
            outlier_detection: policy.outlier_detection.as_ref(),
            tls: policy.tls.as_ref(),
        },
        namespace,
        ctx,
    );
    ctx.each(
        "portLevelSettings",
        &policy.port_level_settings,
        |ctx, port| {
            check_port_policy(port, namespace, ctx);
        },
    );
    if let Some(tunnel) = &policy.tunnel {
        ctx.key("tunnel", |ctx| check_tunnel(tunnel, ctx));
    }
    if let Some(proxy_protocol) = &policy.proxy_protocol {
        ctx.key("proxyProtocol", |ctx| {
            check_proxy_protocol(proxy_protocol, ctx)
        });
    }
}

/// D6: whether a policy sets none of its fields.
fn is_empty(policy: &TrafficPolicy) -> bool {
    policy.load_balancer.is_none()
        && policy.connection_pool.is_none()
        && policy.outlier_detection.is_none()
        && policy.tls.is_none()
        && policy.port_level_settings.is_empty()
        && policy.tunnel.is_none()
        && policy.proxy_protocol.is_none()
        && policy.retry_budget.is_none()
}

/// D29: a port-level entry names its port and sets a setting; then D10–D28 on its settings.
fn check_port_policy<'o>(port: &'o PortTrafficPolicy, namespace: &str, ctx: &mut Ctx<'o>) {
    if port.port.is_none() {
        ctx.error_at("port", "D29", "portTrafficPolicy must have valid port");
    }
    let settings = Settings {
        load_balancer: port.load_balancer.as_deref(),
        connection_pool: port.connection_pool.as_ref(),
        outlier_detection: port.outlier_detection.as_ref(),
        tls: port.tls.as_ref(),
    };
    if settings.load_balancer.is_none()
        && settings.connection_pool.is_none()
        && settings.outlier_detection.is_none()
        && settings.tls.is_none()
    {
        ctx.error("D29", "port traffic policy must have at least one field");
    } else {
        check_settings(&settings, namespace, ctx);
    }
}

/// D10–D28: the outlier detection, connection pool, load balancer and TLS settings.
fn check_settings<'o>(settings: &Settings<'o>, namespace: &str, ctx: &mut Ctx<'o>) {
    if let Some(outlier) = settings.outlier_detection {
        ctx.key("outlierDetection", |ctx| {
            outlier_detection::check(outlier, ctx)
        });
    }
    if let Some(pool) = settings.connection_pool {
        ctx.key("connectionPool", |ctx| connection_pool::check(pool, ctx));
    }
    if let Some(balancer) = settings.load_balancer {
        let has_outlier = settings.outlier_detection.is_some();
        ctx.key("loadBalancer", |ctx| {
            load_balancer::check(balancer, has_outlier, ctx);
        });
    }
    if let Some(client_tls) = settings.tls {
        ctx.key("tls", |ctx| tls::check(client_tls, namespace, ctx));
    }
}

/// D8: the PROXY protocol version is V1 or V2.
fn check_proxy_protocol<'o>(proxy_protocol: &'o ProxyProtocol, ctx: &mut Ctx<'o>) {
    if let Some(ProxyProtocolVersion::Other(version)) = &proxy_protocol.version {
        let message = format!("proxy protocol version is invalid: {version}");
        ctx.error_at("version", "D8", message);
    }
}

/// D9: the tunnel's protocol, target host and target port.
fn check_tunnel<'o>(tunnel: &'o TunnelSettings, ctx: &mut Ctx<'o>) {
    let protocol = tunnel.protocol.as_deref().unwrap_or_default();
    if !matches!(protocol, "" | "CONNECT" | "POST") {
        ctx.error_at(
            "protocol",
            "D9",
            "tunnel protocol must be \"CONNECT\" or \"POST\"",
        );
    }
    if let (Err(fqdn), Err(ip)) = (
        common::fqdn(&tunnel.target_host),
        common::ip_address(&tunnel.target_host),
    ) {
        let message = format!("tunnel target host must be valid FQDN or IP address: {fqdn}; {ip}");
        ctx.error_at("targetHost", "D9", message);
    }
    if let Err(port) = common::port(tunnel.target_port) {
        let message = format!("tunnel target port is invalid: {port}");
        ctx.error_at("targetPort", "D9", message);
    }
}
