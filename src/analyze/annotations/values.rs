//! The value checks `annotations.K8sAnalyzer` applies (IST0125): those of Istio's sidecar
//! injector for the annotations it validates, with its error texts (Go's `strconv` and
//! `netip` messages included, as far as they can be reproduced).

use std::net::{IpAddr, Ipv6Addr};

use super::go_quote;

/// For IST0125: whether an annotation's value is acceptable; the problem otherwise.
/// Annotations without a check always pass.
pub(super) fn check(name: &str, value: &str) -> Result<(), String> {
    match name {
        "sidecar.istio.io/interceptionMode" => interception_mode(value),
        "status.sidecar.istio.io/port" => {
            parse_port(value).map_err(|e| format!("excludeInboundPorts invalid: {e}"))
        }
        "readiness.status.sidecar.istio.io/initialDelaySeconds"
        | "readiness.status.sidecar.istio.io/periodSeconds"
        | "readiness.status.sidecar.istio.io/failureThreshold" => {
            parse_uint(value, u64::from(u32::MAX)).map(drop)
        }
        "traffic.sidecar.istio.io/includeOutboundIPRanges" if value == "*" => Ok(()),
        "traffic.sidecar.istio.io/includeOutboundIPRanges" => {
            cidr_list(value).map_err(|e| format!("includeIPRanges invalid: {e}"))
        }
        "traffic.sidecar.istio.io/excludeOutboundIPRanges" => {
            cidr_list(value).map_err(|e| format!("excludeIPRanges invalid: {e}"))
        }
        "traffic.sidecar.istio.io/includeInboundPorts" if value == "*" => Ok(()),
        "traffic.sidecar.istio.io/includeInboundPorts" => port_list("includeInboundPorts", value),
        "traffic.sidecar.istio.io/excludeInboundPorts" => port_list("excludeInboundPorts", value),
        "traffic.sidecar.istio.io/excludeOutboundPorts" => port_list("excludeOutboundPorts", value),
        "prometheus.istio.io/merge-metrics" => parse_bool(value),
        "proxy.istio.io/config" => proxy_config(value),
        _ => Ok(()),
    }
}

/// For IST0125 on `sidecar.istio.io/interceptionMode`: `REDIRECT`, `TPROXY` or `NONE`.
fn interception_mode(mode: &str) -> Result<(), String> {
    match mode {
        "REDIRECT" | "TPROXY" | "NONE" => Ok(()),
        _ => Err(format!(
            "interceptionMode invalid, use REDIRECT,TPROXY,NONE: {mode}"
        )),
    }
}

/// For IST0125: a decimal number no greater than `max`, as Go's `strconv.ParseUint` reads it.
fn parse_uint(text: &str, max: u64) -> Result<u64, String> {
    let syntax = || {
        format!(
            "strconv.ParseUint: parsing {}: invalid syntax",
            go_quote(text)
        )
    };
    let range = || {
        format!(
            "strconv.ParseUint: parsing {}: value out of range",
            go_quote(text)
        )
    };
    if text.is_empty() {
        return Err(syntax());
    }
    let mut number: u64 = 0;
    for byte in text.bytes() {
        if !byte.is_ascii_digit() {
            return Err(syntax());
        }
        number = number
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(byte - b'0')))
            .filter(|n| *n <= max)
            .ok_or_else(range)?;
    }
    Ok(number)
}

/// For IST0125: one port number (surrounding spaces allowed).
fn parse_port(text: &str) -> Result<(), String> {
    parse_uint(text.trim(), u64::from(u16::MAX))
        .map(drop)
        .map_err(|e| format!("failed parsing port '{text}': {e}"))
}

/// For IST0125: a comma-separated list of ports, possibly empty.
fn port_list(parameter: &str, ports: &str) -> Result<(), String> {
    let ports = ports.trim();
    if ports.is_empty() {
        return Ok(());
    }
    for port in ports.split(',') {
        parse_port(port)
            .map_err(|e| format!("{parameter} invalid: failed parsing port '{port}': {e}"))?;
    }
    Ok(())
}

/// For IST0125: a Go boolean (`1`, `t`, `T`, `TRUE`, `true`, `True` and the false forms).
fn parse_bool(text: &str) -> Result<(), String> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false"
        | "False" => Ok(()),
        _ => Err(format!(
            "strconv.ParseBool: parsing {}: invalid syntax",
            go_quote(text)
        )),
    }
}

/// For IST0125: a comma-separated list of CIDR prefixes, possibly empty.
fn cidr_list(cidrs: &str) -> Result<(), String> {
    if cidrs.is_empty() {
        return Ok(());
    }
    for cidr in cidrs.split(',') {
        parse_prefix(cidr).map_err(|e| {
            format!(
                "failed parsing cidr '{cidr}': netip.ParsePrefix({}): {e}",
                go_quote(cidr)
            )
        })?;
    }
    Ok(())
}

/// For IST0125: a CIDR prefix as Go's `netip.ParsePrefix` reads it (no spaces, no zone,
/// bits in decimal without sign or leading zero).
fn parse_prefix(text: &str) -> Result<(), String> {
    let Some((address, bits)) = text.rsplit_once('/') else {
        return Err("no '/'".to_owned());
    };
    let max = match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => 32,
        Ok(IpAddr::V6(_)) => 128,
        Err(_) => {
            let zoned = address
                .split_once('%')
                .is_some_and(|(ip, _)| ip.parse::<Ipv6Addr>().is_ok());
            if zoned {
                return Err("IPv6 zones cannot be present in a prefix".to_owned());
            }
            return Err(format!(
                "ParseAddr({}): unable to parse IP",
                go_quote(address)
            ));
        }
    };
    let bad_bits = || format!("bad bits after slash: {}", go_quote(bits));
    let leading_zero = bits.len() > 1 && bits.starts_with('0');
    if bits.is_empty() || leading_zero || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_bits());
    }
    match bits.parse::<u32>() {
        Ok(n) if n <= max => Ok(()),
        Ok(_) => Err("prefix length out of range".to_owned()),
        Err(_) => Err(bad_bits()),
    }
}

/// For IST0125 on `proxy.istio.io/config`: YAML holding a mapping of ProxyConfig overrides.
/// Only the form is checked; Istio also validates the merged ProxyConfig.
fn proxy_config(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let problem = match serde_saphyr::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(_) | serde_json::Value::Null) => return Ok(()),
        Ok(_) => "the value is not a mapping of ProxyConfig fields".to_owned(),
        Err(error) => error.to_string(),
    };
    Err(format!(
        "failed to convert to apply proxy config: {problem}"
    ))
}
