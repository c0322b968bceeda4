//! The name overrides of a route: valid labels, and only for objects the route has.

use super::at;
use crate::egress::error::ComposeError;
use crate::egress::names;
use crate::egress::route::EgressRoute;

pub(super) fn check_names(
    route: &EgressRoute,
    path: &str,
    wildcard: bool,
) -> Result<(), ComposeError> {
    let n = &route.names;
    let fields = [
        ("serviceEntry", &n.service_entry),
        ("upstreamServiceEntry", &n.upstream_service_entry),
        ("virtualService", &n.virtual_service),
        ("destinationRule", &n.destination_rule),
        ("gateway", &n.gateway),
        ("gatewayDestinationRule", &n.gateway_destination_rule),
        ("subset", &n.subset),
    ];
    for (field, value) in fields {
        if let Some(value) = value {
            names::check_label(|| at(path, format_args!("names.{field}")), value, "name")?;
        }
    }
    let unused = |field: &str, why: &str| {
        Err(ComposeError::unsupported(
            at(path, format_args!("names.{field}")),
            format!("{why}; remove it"),
        ))
    };
    if n.upstream_service_entry.is_some() && !wildcard {
        return unused(
            "upstreamServiceEntry",
            "only wildcard routes have an upstream",
        );
    }
    if n.virtual_service.is_some() && route.direct && !wildcard {
        return unused(
            "virtualService",
            "a direct route to concrete hosts needs no VirtualService",
        );
    }
    if n.destination_rule.is_some() {
        if !route.mode.originates_tls() {
            return unused(
                "destinationRule",
                "only origination routes have a DestinationRule of their own",
            );
        }
        if !wildcard && route.hosts.len() > 1 {
            return Err(ComposeError::unsupported(
                at(path, "names.destinationRule"),
                "a route with several hosts gets one DestinationRule per host, which one name \
                 cannot cover; leave it out or use one route per host",
            ));
        }
    }
    Ok(())
}
