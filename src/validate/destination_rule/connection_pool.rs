//! The rules of `connectionPool` (D13–D15).

use super::super::common;
use super::super::ctx::Ctx;
use crate::networking::{
    ConnectionKeepalive, ConnectionPoolSettings, Duration, H2UpgradePolicy, HttpSettings,
    TcpKeepalive, TcpSettings,
};

/// D13–D15 on a connection pool at the current position.
pub(super) fn check<'o>(pool: &'o ConnectionPoolSettings, ctx: &mut Ctx<'o>) {
    if pool.http.is_none() && pool.tcp.is_none() {
        ctx.error("D13", "connection pool must have at least one field");
        return;
    }
    if let Some(http) = &pool.http {
        ctx.key("http", |ctx| check_http(http, ctx));
    }
    if let Some(tcp) = &pool.tcp {
        ctx.key("tcp", |ctx| check_tcp(tcp, ctx));
    }
}

/// Reports a duration below 1ms or finer than 1ms under `key`, as rule `rule`.
fn check_duration<'o>(
    key: &'static str,
    value: Option<&'o Duration>,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    if let Some(Err(message)) = value.map(common::duration) {
        ctx.error_at(key, rule, message);
    }
}

/// D14: the HTTP settings' limits, idle timeout, upgrade policy and keepalive.
fn check_http<'o>(http: &'o HttpSettings, ctx: &mut Ctx<'o>) {
    let limits: [(&'static str, Option<i32>, &'static str); 5] = [
        (
            "http1MaxPendingRequests",
            http.http1_max_pending_requests,
            "http1 max pending requests must be non-negative",
        ),
        (
            "http2MaxRequests",
            http.http2_max_requests,
            "http2 max requests must be non-negative",
        ),
        (
            "maxRequestsPerConnection",
            http.max_requests_per_connection,
            "max requests per connection must be non-negative",
        ),
        (
            "maxRetries",
            http.max_retries,
            "max retries must be non-negative",
        ),
        (
            "maxConcurrentStreams",
            http.max_concurrent_streams,
            "max concurrent streams must be non-negative",
        ),
    ];
    for (key, value, message) in limits {
        if value.is_some_and(|n| n < 0) {
            ctx.error_at(key, "D14", message);
        }
    }
    check_duration("idleTimeout", http.idle_timeout.as_ref(), "D14", ctx);
    if http.h2_upgrade_policy == Some(H2UpgradePolicy::Upgrade)
        && http.use_client_protocol == Some(true)
    {
        ctx.error_at(
            "useClientProtocol",
            "D14",
            "use client protocol must not be true when H2UpgradePolicy is UPGRADE",
        );
    }
    if let Some(keepalive) = &http.http2_keep_alive {
        ctx.key("http2KeepAlive", |ctx| {
            check_http2_keepalive(keepalive, ctx)
        });
    }
}

/// D14: an HTTP/2 keepalive sets both its interval and its timeout, each a valid duration.
fn check_http2_keepalive<'o>(keepalive: &'o ConnectionKeepalive, ctx: &mut Ctx<'o>) {
    match &keepalive.interval {
        None => ctx.error_at("interval", "D14", "http2 keepalive interval is required"),
        Some(interval) => check_duration("interval", Some(interval), "D14", ctx),
    }
    match &keepalive.timeout {
        None => ctx.error_at("timeout", "D14", "http2 keepalive timeout is required"),
        Some(timeout) => check_duration("timeout", Some(timeout), "D14", ctx),
    }
}

/// D15: the TCP settings' connection limit, timeouts and keepalive.
fn check_tcp<'o>(tcp: &'o TcpSettings, ctx: &mut Ctx<'o>) {
    if tcp.max_connections.is_some_and(|n| n < 0) {
        ctx.error_at(
            "maxConnections",
            "D15",
            "max connections must be non-negative",
        );
    }
    check_duration("connectTimeout", tcp.connect_timeout.as_ref(), "D15", ctx);
    check_duration(
        "maxConnectionDuration",
        tcp.max_connection_duration.as_ref(),
        "D15",
        ctx,
    );
    if let Some(idle) = &tcp.idle_timeout
        && !disables_timeout(idle)
    {
        check_duration("idleTimeout", Some(idle), "D15", ctx);
    }
    if let Some(keepalive) = &tcp.tcp_keepalive {
        ctx.key("tcpKeepalive", |ctx| check_tcp_keepalive(keepalive, ctx));
    }
}

/// D15: whether a TCP idle timeout is under 1ms in magnitude, which disables it (exempt).
fn disables_timeout(value: &Duration) -> bool {
    value
        .signed_nanos()
        .is_ok_and(|nanos| nanos / 1_000_000 == 0)
}

/// D15: a TCP keepalive's time and interval.
fn check_tcp_keepalive<'o>(keepalive: &'o TcpKeepalive, ctx: &mut Ctx<'o>) {
    check_duration("time", keepalive.time.as_ref(), "D15", ctx);
    check_duration("interval", keepalive.interval.as_ref(), "D15", ctx);
}
