//! The rules that depend on a ServiceEntry's resolution mode (SE16–SE28).

use std::collections::BTreeSet;

use super::super::common::{Protocol, fqdn};
use super::super::ctx::Ctx;
use super::endpoints;
use super::resolution_of;
use crate::networking::{Location, Resolution, ServiceEntry, ServiceEntrySpec};

/// The label that routes a ServiceEntry's traffic through a waypoint (`none` opts out).
const USE_WAYPOINT_LABEL: &str = "istio.io/use-waypoint";

/// Checks the rules of the object's resolution mode (SE16–SE28).
pub(super) fn check<'o>(object: &'o ServiceEntry, ctx: &mut Ctx<'o>) {
    let spec = &object.spec;
    // Only endpoints look port names up; most entries have none.
    let port_names: BTreeSet<&str> = if spec.endpoints.is_empty() {
        BTreeSet::new()
    } else {
        spec.ports.iter().map(|p| p.name.as_str()).collect()
    };
    match resolution_of(spec) {
        Resolution::None => none(spec, ctx),
        Resolution::Static => {
            ctx.each("endpoints", &spec.endpoints, |ctx, endpoint| {
                endpoints::static_endpoint(endpoint, &port_names, ctx);
            });
        }
        Resolution::Dns | Resolution::DnsRoundRobin => dns(spec, &port_names, ctx),
        Resolution::DynamicDns => dynamic_dns(object, ctx),
        Resolution::Other(value) => ctx.error_at(
            "resolution",
            "SE28",
            format!("unsupported resolution type {value}"),
        ),
    }
}

/// SE16 (no endpoints) and SE17 (a workload selector is pointless) for resolution NONE.
fn none<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    if !spec.endpoints.is_empty() {
        ctx.error_at(
            "endpoints",
            "SE16",
            "no endpoints should be provided for resolution type none",
        );
    }
    if spec.workload_selector.is_some() {
        ctx.warning_at(
            "workloadSelector",
            "SE17",
            "workloadSelector should not be set when resolution mode is NONE",
        );
    }
}

/// SE19–SE22 for DNS and DNS_ROUND_ROBIN: FQDN hosts when there are no endpoints (the first
/// offending host), at most one endpoint for round robin, each endpoint's address and ports, and
/// a warning for several hosts sharing addresses on a TCP port.
fn dns<'o>(spec: &'o ServiceEntrySpec, port_names: &BTreeSet<&str>, ctx: &mut Ctx<'o>) {
    let mode = resolution_of(spec).as_str();
    if spec.endpoints.is_empty()
        && let Some(index) = spec.hosts.iter().position(|h| fqdn(h).is_err())
    {
        ctx.key("hosts", |ctx| {
            ctx.index(index, |ctx| {
                ctx.error(
                    "SE19",
                    format!(
                        "hosts must be FQDN if no endpoints are provided for resolution mode {mode}"
                    ),
                );
            });
        });
    }
    if *resolution_of(spec) == Resolution::DnsRoundRobin && spec.endpoints.len() > 1 {
        ctx.error_at(
            "endpoints",
            "SE20",
            format!("there must only be 0 or 1 endpoint for resolution mode {mode}"),
        );
    }
    ctx.each("endpoints", &spec.endpoints, |ctx, endpoint| {
        endpoints::dns_endpoint(endpoint, port_names, ctx);
    });
    let tcp = spec.ports.iter().any(|port| {
        Protocol::parse(port.protocol.as_deref().unwrap_or_default()).is_some_and(Protocol::is_tcp)
    });
    if !spec.addresses.is_empty() && tcp && spec.hosts.len() > 1 {
        ctx.warning_at(
            "hosts",
            "SE22",
            "service entry can not have more than one host specified simultaneously with address and tcp port",
        );
    }
}

/// SE23–SE27 for DYNAMIC_DNS: wildcard hosts only, no addresses, no endpoints, only HTTP,
/// TLS, GRPC or HTTP2 ports, and not MESH_INTERNAL behind a waypoint.
fn dynamic_dns<'o>(object: &'o ServiceEntry, ctx: &mut Ctx<'o>) {
    let spec = &object.spec;
    ctx.each("hosts", &spec.hosts, |ctx, host| {
        if !host.starts_with('*') {
            ctx.error(
                "SE23",
                format!("host {host:?} must be a wildcard host for resolution mode DYNAMIC_DNS"),
            );
        }
    });
    if !spec.addresses.is_empty() {
        ctx.error_at(
            "addresses",
            "SE24",
            "addresses must not be provided for resolution mode DYNAMIC_DNS",
        );
    }
    if !spec.endpoints.is_empty() {
        ctx.error_at(
            "endpoints",
            "SE25",
            "no endpoints should be provided for resolution mode DYNAMIC_DNS",
        );
    }
    ctx.each("ports", &spec.ports, |ctx, port| {
        let protocol = port.protocol.as_deref().unwrap_or_default();
        let supported = matches!(
            Protocol::parse(protocol),
            Some(Protocol::Http | Protocol::Tls | Protocol::Grpc | Protocol::Http2)
        );
        if !supported {
            ctx.error_at(
                "protocol",
                "SE26",
                format!(
                    "protocol {protocol:?} is not supported for resolution mode DYNAMIC_DNS, only HTTP, TLS, GRPC and HTTP2 are"
                ),
            );
        }
    });
    if spec.location == Some(Location::MeshInternal) && uses_waypoint(object) {
        ctx.error_at(
            "location",
            "SE27",
            "resolution mode DYNAMIC_DNS is not supported for MESH_INTERNAL service entries that use a waypoint",
        );
    }
}

/// Whether the object asks for a waypoint (`istio.io/use-waypoint` set to anything but
/// `none`).
fn uses_waypoint(object: &ServiceEntry) -> bool {
    object
        .metadata
        .labels
        .as_ref()
        .and_then(|labels| labels.get(USE_WAYPOINT_LABEL))
        .is_some_and(|value| !value.is_empty() && value != "none")
}
