//! The CRDs' CEL rules (`x-kubernetes-validations`), evaluated natively.
//!
//! Each function below is one kind's set of rules, numbered in the order the project's field
//! inventory lists them (`CEL-GW-1`…`CEL-GW-3`, `CEL-SE-1`…`CEL-SE-15`, `CEL-VS-1`…`CEL-VS-6`,
//! `CEL-DR-1`…`CEL-DR-14`), reported at the node that carries the rule in the CRD with the
//! CRD's own message. Rules on a map's values are reported at the map.
//!
//! The rules are evaluated on the object as this crate writes it, which is what the apiserver
//! would see:
//!
//! - CEL's `has(self.f)` is true when the key `f` is present. An `Option` is present when it is
//!   `Some` (even `Some("")`); a list or map is present when it is not empty, because an empty
//!   `Vec` or map is not written. An empty list or map written explicitly in YAML (`endpoints:
//!   []`) reads as absent, so the rules that `has()` would trip on such a key (for example
//!   "NONE mode cannot set endpoints") do not fire for it.
//! - Integers that are not optional (`ports[].number`) are always written, so a zero there is
//!   the value 0, not a missing key.
//! - `duration(self)` parses Go's duration syntax ([`Duration::signed_nanos`]); a text that does
//!   not parse makes the CEL evaluation fail, which rejects the object just as the comparison
//!   would, so it is reported with the rule's message.

use crate::networking::StringMap;
use compact_str::CompactString;

use super::ctx::Ctx;
use crate::networking::{
    ConnectionPoolSettings, DelayType, DestinationRuleSpec, Duration, GatewaySpec, HttpRoute,
    LoadBalancerSettings, OutlierDetection, ServerTlsSettings, ServiceEntrySpec, ServicePort,
    TrafficPolicy, VirtualServiceSpec, WorkloadEntry,
};

/// The message of every `duration(self) >= duration('1ms')` rule.
const DURATION_MESSAGE: &str = "must be a valid duration greater than 1ms";

/// One millisecond, in nanoseconds.
const ONE_MS_NANOS: i128 = 1_000_000;

/// The message of the ServiceEntry's three port-range rules.
const PORT_RANGE_MESSAGE: &str = "port must be between 1-65535";

/// The Gateway CRD's CEL rules.
pub(crate) fn gateway<'o>(spec: &'o GatewaySpec, ctx: &mut Ctx<'o>) {
    ctx.each("servers", &spec.servers, |ctx, server| {
        if let Some(tls) = &server.tls {
            ctx.key("tls", |ctx| server_tls(tls, ctx));
        }
    });
}

/// The three rules on `spec.servers[].tls`.
fn server_tls(tls: &ServerTlsSettings, ctx: &mut Ctx<'_>) {
    let certificates = !tls.tls_certificates.is_empty();
    let names = !tls.credential_names.is_empty();
    let name = tls.credential_name.is_some();
    if certificates && names {
        ctx.error(
            "CEL-GW-1",
            "only one of credentialNames or tlsCertificates can be set",
        );
    }
    if name && names {
        ctx.error(
            "CEL-GW-2",
            "only one of credentialName or credentialNames can be set",
        );
    }
    // Upstream bug, reproduced on purpose: the CRD's third rule is meant to forbid
    // `credentialName` together with `tlsCertificates` (its message says so), but its
    // expression repeats the first rule's `credentialNames` + `tlsCertificates` check. CEL
    // enforces the expression, so `credentialName` with `tlsCertificates` passes here too, and
    // `credentialNames` with `tlsCertificates` is reported twice, as the apiserver does.
    if names && certificates {
        ctx.error(
            "CEL-GW-3",
            "only one of credentialName or tlsCertificates can be set",
        );
    }
}

/// The ServiceEntry CRD's CEL rules.
pub(crate) fn service_entry<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    service_entry_spec(spec, ctx);
    ctx.each("endpoints", &spec.endpoints, |ctx, endpoint| {
        endpoint_rules(endpoint, ctx);
    });
    ctx.each("hosts", &spec.hosts, |ctx, host| {
        if host == "*" {
            ctx.error("CEL-SE-11", "hostname cannot be wildcard");
        }
    });
    service_ports(&spec.ports, ctx);
    if let Some(selector) = &spec.workload_selector
        && selector.labels.values().any(|value| value.contains('*'))
    {
        ctx.key("workloadSelector", |ctx| {
            ctx.error_at(
                "labels",
                "CEL-SE-15",
                "wildcard is not supported in selector",
            );
        });
    }
}

/// The four rules on `spec` itself: selector or endpoints, CIDRs and resolution, endpoints
/// and resolution. The resolution defaults to `NONE` where the rules say so.
fn service_entry_spec(spec: &ServiceEntrySpec, ctx: &mut Ctx<'_>) {
    let has_endpoints = !spec.endpoints.is_empty();
    if spec.workload_selector.is_some() && has_endpoints {
        ctx.error(
            "CEL-SE-1",
            "only one of WorkloadSelector or Endpoints can be set",
        );
    }
    let resolution = spec.resolution.as_ref().map_or("NONE", |r| r.as_str());
    let cidr = spec.addresses.iter().any(|address| address.contains('/'));
    if cidr && !matches!(resolution, "STATIC" | "NONE") {
        ctx.error(
            "CEL-SE-2",
            "CIDR addresses are allowed only for NONE/STATIC resolution types",
        );
    }
    if resolution == "NONE" && has_endpoints {
        ctx.error("CEL-SE-3", "NONE mode cannot set endpoints");
    }
    if resolution == "DNS_ROUND_ROBIN" && spec.endpoints.len() > 1 {
        ctx.error(
            "CEL-SE-4",
            "DNS_ROUND_ROBIN mode cannot have multiple endpoints",
        );
    }
}

/// The rules on one `spec.endpoints[]` entry, its address and its ports.
fn endpoint_rules<'o>(endpoint: &'o WorkloadEntry, ctx: &mut Ctx<'o>) {
    if endpoint.address.is_none() && endpoint.network.is_none() {
        ctx.error("CEL-SE-5", "Address is required");
    }
    let address = endpoint.address.as_deref();
    let uds = address.is_some_and(|a| a.starts_with("unix://"));
    if uds && !endpoint.ports.is_empty() {
        ctx.error("CEL-SE-6", "UDS may not include ports");
    }
    if let Some(address) = address
        && uds
    {
        ctx.key("address", |ctx| uds_address(address, ctx));
    }
    endpoint_ports(&endpoint.ports, ctx);
}

/// Rules 7 and 8 on a `unix://` endpoint address.
fn uds_address(address: &str, ctx: &mut Ctx<'_>) {
    // `self.substring(7, 8)`: the 8th code point. On "unix://" alone the index is out of range
    // and the evaluation fails, which rejects the object as well.
    if !matches!(address.chars().nth(7), Some('/' | '@')) {
        ctx.error(
            "CEL-SE-7",
            "UDS must be an absolute path or abstract socket",
        );
    }
    if address.ends_with('/') {
        ctx.error("CEL-SE-8", "UDS may not be a dir");
    }
}

/// Rules 9 and 10 on an endpoint's `ports` map: valid names, numbers within 1–65535.
fn endpoint_ports(ports: &StringMap<u32>, ctx: &mut Ctx<'_>) {
    if ports.keys().any(|name| !is_endpoint_port_name(name)) {
        ctx.error_at("ports", "CEL-SE-9", "port name must be valid");
    }
    if ports.values().any(|number| !is_port_number(*number)) {
        ctx.error_at("ports", "CEL-SE-10", PORT_RANGE_MESSAGE);
    }
}

/// `size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$")`.
fn is_endpoint_port_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // Every byte is ASCII once the pattern matches, so bytes and code points agree.
    bytes.len() < 63
        && first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `0 < self && self <= 65535`.
fn is_port_number(number: u32) -> bool {
    (1..=65535).contains(&number)
}

/// Rules 12–14 on `spec.ports`: unique numbers, numbers and target ports within 1–65535.
fn service_ports<'o>(ports: &'o [ServicePort], ctx: &mut Ctx<'o>) {
    let duplicated = ports
        .iter()
        .any(|port| ports.iter().filter(|p| p.number == port.number).count() != 1);
    if duplicated {
        ctx.error_at("ports", "CEL-SE-12", "port number cannot be duplicated");
    }
    ctx.each("ports", ports, |ctx, port| {
        if !is_port_number(port.number) {
            ctx.error_at("number", "CEL-SE-13", PORT_RANGE_MESSAGE);
        }
        if port
            .target_port
            .is_some_and(|target| !is_port_number(target))
        {
            ctx.error_at("targetPort", "CEL-SE-14", PORT_RANGE_MESSAGE);
        }
    });
}

/// The VirtualService CRD's CEL rules.
pub(crate) fn virtual_service<'o>(spec: &'o VirtualServiceSpec, ctx: &mut Ctx<'o>) {
    ctx.each("http", &spec.http, |ctx, route| http_route(route, ctx));
}

/// The six duration rules of one `spec.http[]` route.
fn http_route<'o>(route: &'o HttpRoute, ctx: &mut Ctx<'o>) {
    min_duration(ctx, "timeout", route.timeout.as_ref(), "CEL-VS-1");
    if let Some(retries) = &route.retries {
        ctx.key("retries", |ctx| {
            let per_try = retries.per_try_timeout.as_ref();
            min_duration(ctx, "perTryTimeout", per_try, "CEL-VS-2");
            min_duration(ctx, "backoff", retries.backoff.as_ref(), "CEL-VS-3");
        });
    }
    let delay = route.fault.as_ref().and_then(|fault| fault.delay.as_ref());
    if let Some(delay_type) = delay.and_then(|delay| delay.http_delay_type.as_ref()) {
        let (key, value, rule) = match delay_type {
            DelayType::FixedDelay(value) => ("fixedDelay", value, "CEL-VS-4"),
            DelayType::ExponentialDelay(value) => ("exponentialDelay", value, "CEL-VS-5"),
        };
        ctx.key("fault", |ctx| {
            ctx.key("delay", |ctx| min_duration(ctx, key, Some(value), rule));
        });
    }
    if let Some(cors) = &route.cors_policy {
        ctx.key("corsPolicy", |ctx| {
            min_duration(ctx, "maxAge", cors.max_age.as_ref(), "CEL-VS-6");
        });
    }
}

/// The DestinationRule CRD's CEL rules.
pub(crate) fn destination_rule<'o>(spec: &'o DestinationRuleSpec, ctx: &mut Ctx<'o>) {
    if let Some(policy) = &spec.traffic_policy {
        ctx.key("trafficPolicy", |ctx| traffic_policy(policy, ctx));
    }
    ctx.each("subsets", &spec.subsets, |ctx, subset| {
        if let Some(policy) = &subset.traffic_policy {
            ctx.key("trafficPolicy", |ctx| traffic_policy(policy, ctx));
        }
    });
    if let Some(selector) = &spec.workload_selector {
        ctx.key("workloadSelector", |ctx| {
            ctx.key("matchLabels", |ctx| {
                match_labels(&selector.match_labels, ctx)
            });
        });
    }
}

/// The duration rules of a traffic policy and of each of its port-level settings.
fn traffic_policy<'o>(policy: &'o TrafficPolicy, ctx: &mut Ctx<'o>) {
    policy_durations(
        ctx,
        policy.connection_pool.as_ref(),
        policy.load_balancer.as_deref(),
        policy.outlier_detection.as_ref(),
    );
    ctx.each(
        "portLevelSettings",
        &policy.port_level_settings,
        |ctx, port| {
            policy_durations(
                ctx,
                port.connection_pool.as_ref(),
                port.load_balancer.as_deref(),
                port.outlier_detection.as_ref(),
            );
        },
    );
}

/// The eleven duration rules (`CEL-DR-1`…`CEL-DR-11`) of one traffic policy placement.
fn policy_durations<'o>(
    ctx: &mut Ctx<'o>,
    pool: Option<&'o ConnectionPoolSettings>,
    balancer: Option<&'o LoadBalancerSettings>,
    outlier: Option<&'o OutlierDetection>,
) {
    if let Some(pool) = pool {
        ctx.key("connectionPool", |ctx| connection_pool(pool, ctx));
    }
    if let Some(balancer) = balancer {
        ctx.key("loadBalancer", |ctx| {
            let secs = balancer.warmup_duration_secs.as_ref();
            min_duration(ctx, "warmupDurationSecs", secs, "CEL-DR-8");
            if let Some(warmup) = &balancer.warmup {
                ctx.key("warmup", |ctx| {
                    min_duration(ctx, "duration", warmup.duration.as_ref(), "CEL-DR-9");
                });
            }
        });
    }
    if let Some(outlier) = outlier {
        ctx.key("outlierDetection", |ctx| {
            min_duration(ctx, "interval", outlier.interval.as_ref(), "CEL-DR-10");
            let base = outlier.base_ejection_time.as_ref();
            min_duration(ctx, "baseEjectionTime", base, "CEL-DR-11");
        });
    }
}

/// Rules `CEL-DR-1`…`CEL-DR-7`, on the TCP and HTTP connection pool settings.
fn connection_pool<'o>(pool: &'o ConnectionPoolSettings, ctx: &mut Ctx<'o>) {
    if let Some(tcp) = &pool.tcp {
        ctx.key("tcp", |ctx| {
            min_duration(
                ctx,
                "connectTimeout",
                tcp.connect_timeout.as_ref(),
                "CEL-DR-1",
            );
            let max = tcp.max_connection_duration.as_ref();
            min_duration(ctx, "maxConnectionDuration", max, "CEL-DR-2");
            if let Some(keepalive) = &tcp.tcp_keepalive {
                ctx.key("tcpKeepalive", |ctx| {
                    min_duration(ctx, "time", keepalive.time.as_ref(), "CEL-DR-3");
                    min_duration(ctx, "interval", keepalive.interval.as_ref(), "CEL-DR-4");
                });
            }
        });
    }
    if let Some(http) = &pool.http {
        ctx.key("http", |ctx| {
            min_duration(ctx, "idleTimeout", http.idle_timeout.as_ref(), "CEL-DR-5");
            if let Some(keepalive) = &http.http2_keep_alive {
                ctx.key("http2KeepAlive", |ctx| {
                    min_duration(ctx, "interval", keepalive.interval.as_ref(), "CEL-DR-6");
                    min_duration(ctx, "timeout", keepalive.timeout.as_ref(), "CEL-DR-7");
                });
            }
        });
    }
}

/// Rules `CEL-DR-12`…`CEL-DR-14` on `spec.workloadSelector.matchLabels`.
fn match_labels(labels: &StringMap, ctx: &mut Ctx<'_>) {
    if labels.keys().any(|key| key.contains('*')) {
        ctx.error("CEL-DR-12", "wildcard not allowed in label key match");
    }
    if labels.keys().any(CompactString::is_empty) {
        ctx.error("CEL-DR-13", "key must not be empty");
    }
    if labels.values().any(|value| value.contains('*')) {
        ctx.error("CEL-DR-14", "wildcard not allowed in label value match");
    }
}

/// `duration(self) >= duration('1ms')` on the optional duration at `key`.
fn min_duration<'o>(ctx: &mut Ctx<'o>, key: &'o str, value: Option<&Duration>, rule: &'static str) {
    let Some(value) = value else { return };
    let valid = value
        .signed_nanos()
        .is_ok_and(|nanos| nanos >= ONE_MS_NANOS);
    if !valid {
        ctx.error_at(key, rule, DURATION_MESSAGE);
    }
}
