//! The egress gateway a route names, and the gateway port its hop uses.

use std::collections::BTreeMap;

use super::{Hop, ServerKind, at, check_port};
use crate::egress::EgressGateway;
use crate::egress::error::ComposeError;
use crate::egress::names;
use crate::egress::route::{EgressMode, EgressRoute};
use crate::validate::common;

/// Checks the gateway a route names. Istio's default gateway passes (a unit test holds it to
/// that), so callers skip it.
pub(super) fn check_gateway(
    gateway: &EgressGateway,
    path: &str,
    direct: bool,
) -> Result<(), ComposeError> {
    let f = |field: &str| at(path, format_args!("gateway.{field}"));
    names::check_label(|| f("namespace"), &gateway.namespace, "namespace")?;
    if direct {
        return Ok(());
    }
    names::check_label(|| f("service"), &gateway.service, "Service name")?;
    if gateway.selector.is_empty() {
        return Err(ComposeError::missing(
            f("selector"),
            "the egress gateway's pod labels are needed: a Gateway without a selector would \
             apply to every gateway in the namespace",
        ));
    }
    check_labels(|| f("selector"), &gateway.selector)?;
    for part in gateway.cluster_domain.split('.') {
        if !names::is_label(part) {
            return Err(ComposeError::invalid(
                f("clusterDomain"),
                &gateway.cluster_domain,
                "is not a DNS domain such as cluster.local",
            ));
        }
    }
    if gateway.ports.is_empty() {
        return Err(ComposeError::missing(
            f("ports"),
            "the egress gateway Service's ports are needed to pick the gateway port",
        ));
    }
    for (i, port) in gateway.ports.iter().enumerate() {
        check_port(|| f(&format!("ports[{i}].port")), port.port)?;
        if let Some(target) = port.target_port {
            check_port(|| f(&format!("ports[{i}].targetPort")), target)?;
        }
        names::check_label(|| f(&format!("ports[{i}].name")), &port.name, "port name")?;
        for (j, other) in gateway.ports.iter().enumerate().take(i) {
            if other.port == port.port {
                return Err(ComposeError::invalid(
                    f(&format!("ports[{i}].port")),
                    port.port.to_string(),
                    format!("is listed twice (also ports[{j}])"),
                ));
            }
            if other.name == port.name {
                return Err(ComposeError::invalid(
                    f(&format!("ports[{i}].name")),
                    &port.name,
                    format!("is listed twice (also ports[{j}])"),
                ));
            }
        }
    }
    Ok(())
}

/// Checks a label selector; `field` gives its path, and is called only for an error.
pub(super) fn check_labels(
    field: impl FnOnce() -> String,
    labels: &BTreeMap<String, String>,
) -> Result<(), ComposeError> {
    for (key, value) in labels {
        if key.contains('*') || value.contains('*') {
            return Err(ComposeError::invalid(
                format!("{}.{key}", field()),
                value,
                "contains '*': selectors match labels exactly",
            ));
        }
    }
    common::labels(labels).map_err(|message| {
        ComposeError::invalid(
            field(),
            format!("{labels:?}"),
            format!("is not a valid label set: {message}"),
        )
    })
}

/// What a direct route must leave unset.
pub(super) fn check_direct(route: &EgressRoute, path: &str) -> Result<(), ComposeError> {
    let f = |field: &str| at(path, field);
    let unused = |field: &str| {
        Err(ComposeError::unsupported(
            f(field),
            "is not used by a direct route (no gateway); remove it",
        ))
    };
    if route.gateway_port.is_some() {
        return unused("gatewayPort");
    }
    if route.names.gateway.is_some() {
        return unused("names.gateway");
    }
    if route.names.gateway_destination_rule.is_some() {
        return unused("names.gatewayDestinationRule");
    }
    if route.names.subset.is_some() {
        return unused("names.subset");
    }
    Ok(())
}

pub(super) fn gateway_hop(route: &EgressRoute, path: &str, port: u32) -> Result<Hop, ComposeError> {
    let kind = ServerKind::of(route.mode);
    let (hop_port, field) = match (route.gateway_port, route.mode) {
        (Some(p), _) => (check_port(|| at(path, "gatewayPort"), p)?, "gatewayPort"),
        (None, EgressMode::Tcp) => (port, "port"),
        (None, EgressMode::Http | EgressMode::TlsOrigination) => (80, "mode"),
        (None, _) => (443, "mode"),
    };
    if !route.gateway.has_port(hop_port) {
        return Err(ComposeError::PortNotOnGateway {
            field: at(path, field),
            port: hop_port,
            service: format!("{}/{}", route.gateway.namespace, route.gateway.service),
            available: route.gateway.port_numbers(),
        });
    }
    Ok(Hop {
        port: hop_port,
        port_field: field,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_gateway_passes_the_checks_it_skips() {
        let default = EgressGateway::default();
        assert!(default.is_default());
        for direct in [false, true] {
            assert!(check_gateway(&default, "routes[0]", direct).is_ok());
        }
        let mut other = default.clone();
        other.cluster_domain = "bad..domain".into();
        assert!(!other.is_default());
        assert!(check_gateway(&other, "routes[0]", false).is_err());
    }
}
