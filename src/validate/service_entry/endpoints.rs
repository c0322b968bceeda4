//! A ServiceEntry's endpoints (`WorkloadEntry`), for STATIC (SE18) and DNS (SE21) resolution.

use std::collections::BTreeSet;

use super::super::common::{self, fqdn, is_ip, port_name};
use super::super::ctx::Ctx;
use super::unix_address;
use crate::networking::WorkloadEntry;

/// The prefix of an endpoint address naming a Unix domain socket.
const UNIX_PREFIX: &str = "unix://";

/// SE18: a STATIC endpoint: an IP or `unix://` socket address (an empty address only with a
/// network, as a warning), no ports on sockets, declared and valid port names and numbers,
/// valid labels, and a single service port for socket endpoints.
pub(super) fn static_endpoint<'o>(
    endpoint: &'o WorkloadEntry,
    port_names: &BTreeSet<&str>,
    ctx: &mut Ctx<'o>,
) {
    let address = endpoint.address.as_deref().unwrap_or_default();
    if address.is_empty() {
        match endpoint.network.as_deref().filter(|n| !n.is_empty()) {
            None => ctx.error_at("address", "SE18", "address is required"),
            Some(network) => {
                ctx.warning("SE18", format!("address is unset with network {network:?}"))
            }
        }
    }
    let unix = address.strip_prefix(UNIX_PREFIX);
    if let Some(path) = unix {
        if let Err(message) = unix_address(path) {
            ctx.error_at("address", "SE18", message);
        }
        if !endpoint.ports.is_empty() {
            ctx.error_at(
                "ports",
                "SE18",
                format!("unix endpoint {address} must not include ports"),
            );
        }
    } else if !address.is_empty() && !is_ip(address) {
        ctx.error_at(
            "address",
            "SE18",
            format!("endpoint address {address:?} is not a valid IP address"),
        );
    }
    ports_and_labels(endpoint, port_names, "SE18", ctx);
    if unix.is_some() && port_names.len() != 1 {
        ctx.error("SE18", "exactly 1 service port required for unix endpoints");
    }
}

/// SE21: a DNS endpoint: an IP or FQDN address, declared and valid port names and numbers, and
/// valid labels.
pub(super) fn dns_endpoint<'o>(
    endpoint: &'o WorkloadEntry,
    port_names: &BTreeSet<&str>,
    ctx: &mut Ctx<'o>,
) {
    let address = endpoint.address.as_deref().unwrap_or_default();
    if !is_ip(address) && fqdn(address).is_err() {
        ctx.error_at(
            "address",
            "SE21",
            format!("endpoint address {address:?} is not a valid FQDN or an IP address"),
        );
    }
    ports_and_labels(endpoint, port_names, "SE21", ctx);
}

/// The endpoint's port map (each name declared by the ServiceEntry, a DNS-1123 label, and a
/// number in range) and its labels (S8), reported under `rule`.
fn ports_and_labels<'o>(
    endpoint: &'o WorkloadEntry,
    port_names: &BTreeSet<&str>,
    rule: &'static str,
    ctx: &mut Ctx<'o>,
) {
    ctx.key("ports", |ctx| {
        for (name, number) in &endpoint.ports {
            ctx.key(name, |ctx| {
                if !port_names.contains(name.as_str()) {
                    ctx.error(
                        rule,
                        format!("endpoint port {number} is not defined by the service entry"),
                    );
                }
                if let Err(message) = port_name(name) {
                    ctx.error(rule, message);
                }
                if let Err(message) = common::port(*number) {
                    ctx.error(rule, message);
                }
            });
        }
    });
    if let Err(message) = common::labels(&endpoint.labels) {
        ctx.error_at("labels", rule, message);
    }
}
