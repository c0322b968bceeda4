//! The webhook's rules for the ServiceEntry kind (SE1–SE30).
//!
//! [`check`] follows Istio's `ValidateServiceEntry`: the workload selector, hosts, addresses
//! and ports first, then the rules of the resolution mode ([`resolution`]) with the endpoints
//! ([`endpoints`]), then the multi-host and `exportTo` rules.

mod endpoints;
mod resolution;

use super::Options;
use super::common::{
    self, ExportScope, Protocol, export_to, ip_subnet, namespace_of, partial_wildcard, port_name,
    wildcard_domain,
};
use super::ctx::Ctx;
use crate::networking::{Resolution, ServiceEntry, ServiceEntrySpec, WorkloadSelector};
use crate::small_set::SmallSet;

/// The label with which a ServiceEntry opts out of IP auto-allocation (`"false"`).
const AUTO_ALLOCATE_LABEL: &str = "networking.istio.io/enable-autoallocate-ip";

/// Resolution when unset.
static DEFAULT_RESOLUTION: Resolution = Resolution::None;

/// Checks a ServiceEntry with the webhook's rules (SE1–SE30).
pub(crate) fn check<'o>(object: &'o ServiceEntry, options: &Options, ctx: &mut Ctx<'o>) {
    let spec = &object.spec;
    let auto_allocated = auto_allocates(object, options);
    ctx.key("spec", |ctx| {
        if let Some(selector) = &spec.workload_selector {
            workload_selector(selector, ctx);
            if !spec.endpoints.is_empty() {
                ctx.error_at(
                    "endpoints",
                    "SE3",
                    "only one of WorkloadSelector or Endpoints is allowed in Service Entry",
                );
            }
        }
        hosts(spec, ctx);
        addresses(spec, ctx);
        ports(spec, auto_allocated, ctx);
        resolution::check(object, ctx);
        multiple_hosts(spec, ctx);
        for message in export_to(
            namespace_of(&object.metadata),
            &spec.export_to,
            ExportScope::ServiceEntry,
        ) {
            ctx.error_at("exportTo", "SE30", message);
        }
    });
}

/// The resolution mode, `NONE` when unset.
fn resolution_of(spec: &ServiceEntrySpec) -> &Resolution {
    spec.resolution.as_ref().unwrap_or(&DEFAULT_RESOLUTION)
}

/// Whether istiod will allocate addresses for this ServiceEntry (which silences SE14): the
/// feature is on, the resolution is not NONE, the object does not opt out, and it has no
/// addresses of its own.
fn auto_allocates(object: &ServiceEntry, options: &Options) -> bool {
    let opted_out = object
        .metadata
        .labels
        .as_ref()
        .and_then(|labels| labels.get(AUTO_ALLOCATE_LABEL))
        .is_some_and(|value| value.eq_ignore_ascii_case("false"));
    options.ip_autoallocate
        && *resolution_of(&object.spec) != Resolution::None
        && !opted_out
        && object.spec.addresses.is_empty()
}

/// SE1 (no empty keys, no wildcards) and SE2 (no labels selects every workload).
fn workload_selector<'o>(selector: &'o WorkloadSelector, ctx: &mut Ctx<'o>) {
    ctx.key("workloadSelector", |ctx| {
        if selector.labels.is_empty() {
            ctx.warning(
                "SE2",
                "service entry: workload selector specified without labels, will be applied to all services in namespace",
            );
        }
        ctx.key("labels", |ctx| {
            for (key, value) in &selector.labels {
                let pair = format!("{key}={value}");
                if key.is_empty() {
                    ctx.error(
                        "SE1",
                        format!("empty key is not supported in selector: {pair:?}"),
                    );
                }
                if key.contains('*') || value.contains('*') {
                    ctx.error_at(
                        key,
                        "SE1",
                        format!("wildcard is not supported in selector: {pair:?}"),
                    );
                }
            }
        });
    });
}

/// SE4–SE7: at least one host; no `*`; each a wildcard domain; partial wildcards warned
/// about unless resolved by DYNAMIC_DNS.
fn hosts<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    if spec.hosts.is_empty() {
        ctx.error_at("hosts", "SE4", "service entry must have at least one host");
    }
    let dynamic = *resolution_of(spec) == Resolution::DynamicDns;
    ctx.each("hosts", &spec.hosts, |ctx, host| {
        if host == "*" {
            ctx.error("SE5", format!("invalid host {host}"));
            return;
        }
        if let Err(message) = wildcard_domain(host) {
            ctx.error("SE6", message);
        }
        if !dynamic && let Err(message) = partial_wildcard(host) {
            ctx.warning("SE7", message);
        }
    });
}

/// SE8 (each address an IP or CIDR) and SE9 (CIDRs only with NONE or STATIC resolution),
/// the latter at the first CIDR.
fn addresses<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    let cidr_allowed = matches!(resolution_of(spec), Resolution::None | Resolution::Static);
    let first_cidr = spec.addresses.iter().position(|a| a.contains('/'));
    ctx.each("addresses", &spec.addresses, |ctx, address| {
        if let Err(message) = ip_subnet(address) {
            ctx.error("SE8", message);
        }
    });
    if let Some(index) = first_cidr.filter(|_| !cidr_allowed) {
        ctx.key("addresses", |ctx| {
            ctx.index(index, |ctx| {
                ctx.error(
                    "SE9",
                    "CIDR addresses are allowed only for NONE/STATIC resolution types",
                );
            });
        });
    }
}

/// SE11–SE15: unique names and numbers, target ports, addresses for TCP ports, and each
/// port's name, protocol and number. (SE10, null ports, cannot happen with typed ports.)
fn ports<'o>(spec: &'o ServiceEntrySpec, auto_allocated: bool, ctx: &mut Ctx<'o>) {
    let mut names: SmallSet<&str, 8> = SmallSet::new();
    let mut numbers: SmallSet<u32, 8> = SmallSet::new();
    let needs_addresses = spec.addresses.is_empty() && !auto_allocated;
    ctx.each("ports", &spec.ports, |ctx, port| {
        if !names.insert(port.name.as_str()) {
            ctx.error_at(
                "name",
                "SE11",
                format!("service entry port name {:?} already defined", port.name),
            );
        }
        if !numbers.insert(port.number) {
            ctx.error_at(
                "number",
                "SE12",
                format!("service entry port {} already defined", port.number),
            );
        }
        if let Some(target) = port.target_port.filter(|t| *t != 0)
            && let Err(message) = common::port(target)
        {
            ctx.error_at("targetPort", "SE13", message);
        }
        let protocol = port.protocol.as_deref().unwrap_or_default();
        if needs_addresses && (protocol.is_empty() || protocol == "TCP") {
            ctx.warning(
                "SE14",
                "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled",
            );
        }
        if let Err(message) = port_name(&port.name) {
            ctx.error_at("name", "SE15", message);
        }
        if !protocol.is_empty() && Protocol::parse(protocol).is_none() {
            ctx.error_at(
                "protocol",
                "SE15",
                format!("unsupported protocol: {protocol}"),
            );
        }
        if let Err(message) = common::port(port.number) {
            ctx.error_at("number", "SE15", message);
        }
    });
}

/// SE29: with several hosts and a resolution other than NONE, every port must be HTTP-like or
/// TLS-like, since nothing else tells the hosts apart; reported at the first port that is not.
fn multiple_hosts<'o>(spec: &'o ServiceEntrySpec, ctx: &mut Ctx<'o>) {
    if *resolution_of(spec) == Resolution::None || spec.hosts.len() < 2 {
        return;
    }
    let first = spec.ports.iter().position(|port| {
        let protocol = Protocol::parse(port.protocol.as_deref().unwrap_or_default());
        !protocol.is_some_and(|p| p.is_http() || p.is_tls())
    });
    if let Some(index) = first {
        ctx.key("ports", |ctx| {
            ctx.index(index, |ctx| {
                ctx.error(
                    "SE29",
                    "multiple hosts provided with non-HTTP, non-TLS ports",
                );
            });
        });
    }
}

/// A Unix domain socket path after `unix://`: `@abstract`, or an absolute path to a file.
pub(super) fn unix_address(path: &str) -> common::Check {
    if path.is_empty() {
        return Err("unix address must not be empty".into());
    }
    if path.starts_with('@') {
        return Ok(());
    }
    if !path.starts_with('/') || path.ends_with('/') {
        return Err(format!("{path} is not an absolute path to a file"));
    }
    Ok(())
}
