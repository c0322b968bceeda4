//! The ServiceEntry CRD schema's bounds.

use super::bounds::{
    enum_value, max_items, max_length, max_length_each, max_properties, required_list,
    required_str, string_map, unique_keys,
};
use crate::networking::{Location, Resolution, ServiceEntrySpec, ServicePort, WorkloadEntry};
use crate::validate::ctx::Ctx;

/// The spec's hosts, addresses, ports, enums, endpoints and selector.
pub(super) fn check<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    required_list(ctx, "hosts", &spec.hosts);
    max_items(ctx, "hosts", spec.hosts.len(), 256);
    max_items(ctx, "addresses", spec.addresses.len(), 256);
    max_length_each(ctx, "addresses", &spec.addresses, 64);
    ports(&spec.ports, ctx);
    let location = spec.location.as_ref().map(Location::as_str);
    enum_value(ctx, "location", location, Location::KNOWN);
    let resolution = spec.resolution.as_ref().map(Resolution::as_str);
    enum_value(ctx, "resolution", resolution, Resolution::KNOWN);
    max_items(ctx, "endpoints", spec.endpoints.len(), 4096);
    ctx.each("endpoints", &spec.endpoints, |ctx, endpoint| {
        endpoint_bounds(endpoint, ctx);
    });
    if let Some(selector) = &spec.workload_selector {
        ctx.key("workloadSelector", |ctx| {
            string_map(ctx, "labels", &selector.labels, 256, 63);
        });
    }
}

/// `spec.ports`: a list-map keyed by name, of at most 256 ports with a required name.
fn ports<'o>(ports: &'o [ServicePort], ctx: &mut Ctx<'o>) {
    max_items(ctx, "ports", ports.len(), 256);
    unique_keys(ctx, "ports", ports, "name", |port| &port.name);
    ctx.each("ports", ports, |ctx, port| {
        required_str(ctx, "name", &port.name);
        max_length(ctx, "name", Some(&port.name), 256);
        max_length(ctx, "protocol", port.protocol.as_deref(), 256);
    });
}

/// One `spec.endpoints[]` entry: the lengths of its strings and the sizes of its maps.
fn endpoint_bounds<'o>(endpoint: &'o WorkloadEntry, ctx: &mut Ctx<'o>) {
    max_length(ctx, "address", endpoint.address.as_deref(), 256);
    max_properties(ctx, "labels", &endpoint.labels, 256);
    max_length(ctx, "locality", endpoint.locality.as_deref(), 2048);
    max_length(ctx, "network", endpoint.network.as_deref(), 2048);
    max_properties(ctx, "ports", &endpoint.ports, 128);
    let account = endpoint.service_account.as_deref();
    max_length(ctx, "serviceAccount", account, 253);
}
