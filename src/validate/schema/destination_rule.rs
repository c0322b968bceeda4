//! The DestinationRule CRD schema's bounds.

use super::bounds::{enum_value, max_items, missing, range, range_here, required_str, string_map};
use crate::networking::{
    ClientTlsMode, ClientTlsSettings, ConnectionPoolSettings, DestinationRuleSpec, H2UpgradePolicy,
    HashKey, LbPolicy, LoadBalancerSettings, OutlierDetection, ProxyProtocolVersion, SimpleLb,
    TrafficPolicy, WarmupConfiguration,
};
use crate::validate::ctx::Ctx;

/// The host, the traffic policies, the subsets and the workload selector.
pub(super) fn check<'o>(spec: &'o DestinationRuleSpec, ctx: &mut Ctx<'o>) {
    required_str(ctx, "host", &spec.host);
    if let Some(policy) = &spec.traffic_policy {
        ctx.key("trafficPolicy", |ctx| traffic_policy(policy, ctx));
    }
    ctx.each("subsets", &spec.subsets, |ctx, subset| {
        required_str(ctx, "name", &subset.name);
        if let Some(policy) = &subset.traffic_policy {
            ctx.key("trafficPolicy", |ctx| traffic_policy(policy, ctx));
        }
    });
    if let Some(selector) = &spec.workload_selector {
        ctx.key("workloadSelector", |ctx| {
            string_map(ctx, "matchLabels", &selector.match_labels, 4096, 63);
        });
    }
}

/// A traffic policy (top level or a subset's) and its port-level settings.
fn traffic_policy<'o>(policy: &'o TrafficPolicy, ctx: &mut Ctx<'o>) {
    policy_parts(
        ctx,
        policy.load_balancer.as_deref(),
        policy.connection_pool.as_ref(),
        policy.outlier_detection.as_ref(),
        policy.tls.as_ref(),
    );
    let ports = &policy.port_level_settings;
    max_items(ctx, "portLevelSettings", ports.len(), 4096);
    ctx.each("portLevelSettings", ports, |ctx, port| {
        policy_parts(
            ctx,
            port.load_balancer.as_deref(),
            port.connection_pool.as_ref(),
            port.outlier_detection.as_ref(),
            port.tls.as_ref(),
        );
    });
    if let Some(tunnel) = &policy.tunnel {
        ctx.key("tunnel", |ctx| {
            required_str(ctx, "targetHost", &tunnel.target_host);
        });
    }
    if let Some(proxy) = &policy.proxy_protocol {
        ctx.key("proxyProtocol", |ctx| {
            let version = proxy.version.as_ref().map(ProxyProtocolVersion::as_str);
            enum_value(ctx, "version", version, ProxyProtocolVersion::KNOWN);
        });
    }
    if let Some(budget) = &policy.retry_budget {
        ctx.key("retryBudget", |ctx| {
            range(ctx, "percent", budget.percent, 0, Some(100));
        });
    }
}

/// The parts a traffic policy shares with its port-level settings.
fn policy_parts<'o>(
    ctx: &mut Ctx<'o>,
    balancer: Option<&'o LoadBalancerSettings>,
    pool: Option<&'o ConnectionPoolSettings>,
    outlier: Option<&'o OutlierDetection>,
    tls: Option<&'o ClientTlsSettings>,
) {
    if let Some(balancer) = balancer {
        ctx.key("loadBalancer", |ctx| load_balancer(balancer, ctx));
    }
    if let Some(http) = pool.and_then(|pool| pool.http.as_ref()) {
        ctx.key("connectionPool", |ctx| {
            ctx.key("http", |ctx| {
                let policy = http.h2_upgrade_policy.as_ref().map(H2UpgradePolicy::as_str);
                enum_value(ctx, "h2UpgradePolicy", policy, H2UpgradePolicy::KNOWN);
            });
        });
    }
    if let Some(outlier) = outlier {
        ctx.key("outlierDetection", |ctx| {
            let codes = &outlier.outlier_detection_http_error_codes;
            ctx.each("outlierDetectionHttpErrorCodes", codes, |ctx, code| {
                range_here(ctx, f64::from(*code), 100, Some(599));
            });
        });
    }
    if let Some(tls) = tls {
        ctx.key("tls", |ctx| {
            let mode = tls.mode.as_ref().map(ClientTlsMode::as_str);
            enum_value(ctx, "mode", mode, ClientTlsMode::KNOWN);
        });
    }
}

/// Load balancer settings: the simple algorithm, the hash cookie, warmup and zone awareness.
fn load_balancer<'o>(balancer: &'o LoadBalancerSettings, ctx: &mut Ctx<'o>) {
    match &balancer.lb_policy {
        Some(LbPolicy::Simple(simple)) => {
            enum_value(ctx, "simple", Some(simple.as_str()), SimpleLb::KNOWN);
        }
        Some(LbPolicy::ConsistentHash(hash)) => {
            if let Some(HashKey::HttpCookie(cookie)) = &hash.hash_key {
                ctx.key("consistentHash", |ctx| {
                    ctx.key("httpCookie", |ctx| {
                        required_str(ctx, "name", &cookie.name);
                        ctx.each("attributes", &cookie.attributes, |ctx, attribute| {
                            required_str(ctx, "name", &attribute.name);
                        });
                    });
                });
            }
        }
        None => {}
    }
    if let Some(warmup) = &balancer.warmup {
        ctx.key("warmup", |ctx| warmup_bounds(warmup, ctx));
    }
    if let Some(zone) = &balancer.zone_aware_lb_setting {
        ctx.key("zoneAwareLbSetting", |ctx| {
            let size = zone.min_cluster_size.map(|size| size as f64);
            range(ctx, "minClusterSize", size, 1, None);
        });
    }
}

/// Warmup: a required duration, a minimum percent within 0–100, a non-negative aggression.
fn warmup_bounds<'o>(warmup: &'o WarmupConfiguration, ctx: &mut Ctx<'o>) {
    if warmup.duration.is_none() {
        missing(ctx, "duration");
    }
    range(ctx, "minimumPercent", warmup.minimum_percent, 0, Some(100));
    range(ctx, "aggression", warmup.aggression, 0, None);
}
