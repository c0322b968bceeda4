//! Host names: Istio's wildcard matching (`host.Name`), the VirtualService's own `hosts`
//! (V7–V9), SNI hosts (V45) and references to gateways (V4, V5).

use super::super::common::{self, Check};
use super::super::ctx::Ctx;
use super::Scope;
use compact_str::CompactString;

/// How istiod names the SNI of auto-passthrough traffic.
const AUTO_SNI_FORMAT: &str = "outbound_.<PORT>_._.<HOSTNAME>";

/// Whether every name `a` stands for is also one of `b`'s (`host.Name.SubsetOf`, V45).
pub(super) fn subset_of(a: &str, b: &str) -> bool {
    match (a.strip_prefix('*'), b.strip_prefix('*')) {
        (Some(a_rest), Some(b_rest)) => a.len() >= b.len() && a_rest.ends_with(b_rest),
        (Some(_), None) => false,
        (None, Some(b_rest)) => a.ends_with(b_rest),
        (None, None) => a == b,
    }
}

/// The length and emptiness checks every domain name gets first (S3/S4 preconditions, V7, V45).
fn preconditions(name: &str) -> Check {
    if name.len() > 255 {
        return Err(format!("domain name {name:?} too long (max 255)"));
    }
    if name.is_empty() {
        return Err("empty domain name not allowed".into());
    }
    Ok(())
}

/// V7/V45 when gateway-bound: a wildcard domain, or `outbound_.<port>_._.<host>` with SNI.
pub(super) fn gateway_domain(sni: bool, domain: &str) -> Check {
    preconditions(domain)?;
    if !(sni && domain.starts_with("outbound_")) {
        return common::wildcard_domain(domain);
    }
    let parts: Vec<&str> = domain.split('_').collect();
    let (Some(port), Some(hostname)) = (parts.get(1), parts.get(3)) else {
        return Err(format!(
            "domain name {domain} invalid, should follow '{AUTO_SNI_FORMAT}' format"
        ));
    };
    let port = port.trim_matches('.');
    let hostname = hostname.trim_matches('.');
    if !port.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!(
            "domain name {domain:?} invalid (label {port:?} invalid). should follow {AUTO_SNI_FORMAT} format"
        ));
    }
    if !hostname.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "domain name {domain:?} invalid (label {hostname:?} invalid). should follow {AUTO_SNI_FORMAT} format"
        ));
    }
    Ok(())
}

/// Whether any TLS match of the VirtualService lists SNI hosts (V7).
fn has_sni_hosts(scope: Scope<'_>) -> bool {
    scope
        .spec
        .tls
        .iter()
        .flat_map(|route| &route.r#match)
        .any(|m| !m.sni_hosts.is_empty())
}

/// V7–V9: each host valid or an IP, no `*` on the mesh, no two overlapping.
pub(super) fn check_hosts<'o>(scope: Scope<'o>, ctx: &mut Ctx<'o>) {
    let hosts = &scope.spec.hosts;
    let sni = has_sni_hosts(scope);
    ctx.key("hosts", |ctx| {
        let mut all_valid = true;
        for (i, host) in hosts.iter().enumerate() {
            all_valid &= ctx.index(i, |ctx| check_host(scope, sni, host, ctx));
        }
        if all_valid {
            duplicate_hosts(hosts, ctx);
        }
    });
}

/// V7/V8 for one host; returns whether it passed.
fn check_host(scope: Scope<'_>, sni: bool, host: &str, ctx: &mut Ctx<'_>) -> bool {
    let valid = if scope.gateway_bound {
        gateway_domain(sni, host)
    } else {
        common::wildcard_domain(host)
    };
    match valid {
        Err(e) if !common::is_ip(host) => ctx.error("V7", e),
        Ok(()) if !scope.gateway_bound && host == "*" => ctx.error(
            "V8",
            "wildcard host * is not allowed for virtual services bound to the mesh gateway",
        ),
        _ => return true,
    }
    false
}

/// V9: no host may overlap an earlier one; reported at the later host.
fn duplicate_hosts(hosts: &[CompactString], ctx: &mut Ctx<'_>) {
    for (j, later) in hosts.iter().enumerate() {
        for earlier in hosts.iter().take(j) {
            if common::hosts_overlap(earlier, later) {
                ctx.index(j, |ctx| {
                    ctx.error(
                        "V9",
                        format!("duplicate hosts in virtual service: {earlier} & {later}"),
                    );
                });
            }
        }
    }
}

/// V4 (under `rule`) and V5 for gateway references, stopping after a name without `/`.
pub(super) fn gateway_names<'o>(
    names: &'o [CompactString],
    rule: &'static str,
    warn_legacy: bool,
    gateway_semantics: bool,
    ctx: &mut Ctx<'o>,
) {
    ctx.key("gateways", |ctx| {
        for (i, name) in names.iter().enumerate() {
            let stop = ctx.index(i, |ctx| {
                gateway_name(name, rule, warn_legacy, gateway_semantics, ctx)
            });
            if stop {
                break;
            }
        }
    });
}

/// Checks one gateway reference (V4 under `rule`, V5); returns whether Istio stops here.
fn gateway_name(
    name: &str,
    rule: &'static str,
    warn_legacy: bool,
    gateway_semantics: bool,
    ctx: &mut Ctx<'_>,
) -> bool {
    let Some((namespace, gateway)) = name.split_once('/') else {
        if warn_legacy && let Some((first, rest)) = name.split_once('.') {
            let second = rest.split('.').next().unwrap_or_default();
            let recommended = format!("{second}/{first}");
            ctx.warning(
                "V5",
                format!(
                    "using legacy gatewayName format {name:?}; prefer the <namespace>/<name> format: {recommended:?}"
                ),
            );
        }
        if let Err(e) = common::fqdn(name) {
            ctx.error(rule, e);
        }
        return true;
    };
    if namespace.is_empty() || gateway.is_empty() {
        ctx.error(rule, "config namespace and gateway name cannot be empty");
    }
    if !common::is_dns1123_label(namespace) {
        ctx.error(rule, format!("invalid value for namespace: {namespace:?}"));
    }
    if !common::is_dns1123_label(gateway) && !gateway_semantics {
        ctx.error(rule, format!("invalid value for gateway name: {gateway:?}"));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_matching() {
        assert!(common::hosts_overlap("foo.com", "foo.com"));
        assert!(!common::hosts_overlap("foo.com", "bar.com"));
        assert!(common::hosts_overlap("*.com", "foo.com"));
        assert!(common::hosts_overlap("bar.com", "*.com"));
        assert!(!common::hosts_overlap("*.foo.com", "foo.com"));
        assert!(common::hosts_overlap("*", "foo.com"));
        assert!(common::hosts_overlap("*", "*.com"));
        assert!(common::hosts_overlap("*.com", "*.foo.com"));
        assert!(common::hosts_overlap("*.foo.com", "*.com"));
    }

    #[test]
    fn host_subsets() {
        assert!(subset_of("*.wikipedia.org", "*.wikipedia.org"));
        assert!(subset_of("en.wikipedia.org", "*.wikipedia.org"));
        assert!(subset_of("*.foo.com", "*.com"));
        assert!(!subset_of("*.com", "*.foo.com"));
        assert!(!subset_of("*.foo.com", "bar.foo.com"));
        assert!(subset_of("foo.com", "*"));
    }

    #[test]
    fn auto_sni_domains() {
        assert!(gateway_domain(true, "outbound_.80_._.e2e.foobar.mesh").is_ok());
        assert!(gateway_domain(false, "outbound_.80_._.e2e.foobar.mesh").is_err());
        assert!(gateway_domain(true, "outbound_.x_._.e2e.foobar.mesh").is_err());
        assert!(gateway_domain(true, "outbound_.80_._.123").is_err());
        assert!(gateway_domain(true, "outbound_.80").is_err());
    }
}
