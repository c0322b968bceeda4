//! The addresses of a `tcp` route and the resolution of a route's ServiceEntry.

use std::net::IpAddr;

use super::{Address, at};
use crate::egress::error::ComposeError;
use crate::egress::route::{EgressMode, EgressResolution, EgressRoute};
use crate::networking::Resolution;
use crate::validate::common;

pub(super) fn check_addresses(
    route: &EgressRoute,
    path: &str,
) -> Result<Vec<Address>, ComposeError> {
    let mut out: Vec<Address> = Vec::new();
    for (i, written) in route.addresses.iter().enumerate() {
        let field = || at(path, format_args!("addresses[{i}]"));
        common::ip_subnet(written).map_err(|message| {
            ComposeError::invalid(
                field(),
                written,
                format!("is not an IP address or CIDR range ({message})"),
            )
        })?;
        let single = match written.split_once('/') {
            None => written.parse::<IpAddr>().ok(),
            Some((ip, bits)) => match ip.parse::<IpAddr>() {
                Ok(ip @ IpAddr::V4(_)) if bits == "32" => Some(ip),
                Ok(ip @ IpAddr::V6(_)) if bits == "128" => Some(ip),
                _ => None,
            },
        };
        if let Some(j) = out
            .iter()
            .position(|a| a.written == *written || (a.single.is_some() && a.single == single))
        {
            return Err(ComposeError::invalid(
                field(),
                written,
                format!("is listed twice (also addresses[{j}])"),
            ));
        }
        if single.is_none() && !route.direct {
            return Err(ComposeError::unsupported(
                field(),
                "is a range: the egress gateway must know the one address to connect to, so a \
                 tcp route through the gateway lists single IPs (a range only works for a \
                 direct route)",
            ));
        }
        out.push(Address {
            written: written.clone(),
            single,
        });
    }
    Ok(out)
}

pub(super) fn resolution_of(
    route: &EgressRoute,
    path: &str,
    wildcard: bool,
    addresses: &[Address],
    port: u32,
    target_port: u32,
) -> Result<Resolution, ComposeError> {
    let field = || at(path, "resolution");
    let direct = route.direct;
    let all_single = addresses.iter().all(|a| a.single.is_some());
    let chosen = match (route.resolution, wildcard, route.mode) {
        (None | Some(EgressResolution::None), true, _) => EgressResolution::None,
        (Some(other), true, _) => {
            return Err(ComposeError::unsupported(
                field(),
                format!(
                    "{} cannot be used for a wildcard host: a wildcard has no address to \
                     look up; it uses NONE and its upstream is resolved by DNS",
                    other.as_str()
                ),
            ));
        }
        (None, false, EgressMode::Tcp) if all_single => EgressResolution::Static,
        (None, false, EgressMode::Tcp) => EgressResolution::None,
        (None, false, _) => EgressResolution::Dns,
        (Some(EgressResolution::Static), false, mode) => {
            if mode != EgressMode::Tcp {
                return Err(ComposeError::unsupported(
                    field(),
                    "STATIC needs the endpoints' addresses, and only tcp routes have addresses",
                ));
            }
            if let Some(i) = addresses.iter().position(|a| a.single.is_none()) {
                return Err(ComposeError::unsupported(
                    at(path, format_args!("addresses[{i}]")),
                    "is a range: STATIC endpoints are single IPs",
                ));
            }
            EgressResolution::Static
        }
        (Some(r @ (EgressResolution::Dns | EgressResolution::DnsRoundRobin)), false, _) => {
            if let Some(i) = addresses.iter().position(|a| a.single.is_none()) {
                return Err(ComposeError::unsupported(
                    at(path, format_args!("addresses[{i}]")),
                    "is a range: Istio only allows ranges with resolution NONE or STATIC",
                ));
            }
            r
        }
        (Some(EgressResolution::None), false, _) => {
            if !direct {
                return Err(ComposeError::unsupported(
                    field(),
                    "NONE sends the connection to the address it was made to; at the egress \
                     gateway that is the gateway itself, so the traffic would loop. Use DNS",
                ));
            }
            EgressResolution::None
        }
    };
    if chosen == EgressResolution::None && direct && !wildcard && port != target_port {
        return Err(ComposeError::unsupported(
            at(path, "targetPort"),
            "with resolution NONE the connection keeps the port it was made to, so targetPort \
             cannot differ from port",
        ));
    }
    Ok(match chosen {
        EgressResolution::Dns => Resolution::Dns,
        EgressResolution::DnsRoundRobin => Resolution::DnsRoundRobin,
        EgressResolution::Static => Resolution::Static,
        EgressResolution::None => Resolution::None,
    })
}
