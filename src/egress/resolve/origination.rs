//! The TLS a route originates: what may be combined, and what each mode requires.

use super::at;
use super::gateway::check_labels;
use crate::egress::error::ComposeError;
use crate::egress::names::{self, HostKind};
use crate::egress::route::{EgressMode, EgressRoute, Origination};

pub(super) fn check_origination(
    route: &EgressRoute,
    path: &str,
    clients: &[String],
) -> Result<Option<Origination>, ComposeError> {
    let f = |field: &str| at(path, format_args!("origination.{field}"));
    let o = &route.origination;
    if !route.mode.originates_tls() {
        if o.is_default() {
            return Ok(None);
        }
        return Err(ComposeError::unsupported(
            at(path, "origination"),
            format!(
                "only tls-origination and mtls-origination originate TLS; a {} route does not",
                route.mode
            ),
        ));
    }
    if let Some(name) = &o.credential_name
        && !names::is_subdomain(name)
    {
        return Err(ComposeError::invalid(
            f("credentialName"),
            name,
            "is not a valid Secret name",
        ));
    }
    if route.mode == EgressMode::MtlsOrigination && o.credential_name.is_none() {
        return Err(ComposeError::missing(
            f("credentialName"),
            "mtls-origination needs the Secret with the client certificate, key and CA \
             (tls.crt, tls.key, ca.crt)",
        ));
    }
    if let Some(ca) = &o.ca_certificates {
        if ca.trim().is_empty() {
            return Err(ComposeError::invalid(
                f("caCertificates"),
                ca,
                "is empty: leave it out for the system CA bundle",
            ));
        }
        if o.credential_name.is_some() {
            return Err(ComposeError::unsupported(
                f("caCertificates"),
                "cannot be combined with credentialName, whose Secret supplies the CA (ca.crt)",
            ));
        }
    }
    if let Some(sni) = &o.sni {
        names::check_host(|| f("sni"), sni).and_then(|kind| match kind {
            HostKind::Concrete => Ok(()),
            HostKind::Wildcard => Err(ComposeError::invalid(
                f("sni"),
                sni,
                "is a wildcard: an SNI names one server",
            )),
        })?;
        if route.wildcard.is_none() && route.hosts.len() > 1 {
            return Err(ComposeError::unsupported(
                f("sni"),
                "one SNI cannot serve several hosts; leave it out (each host is sent its own \
                 name) or use one route per host",
            ));
        }
    }
    for (i, san) in o.subject_alt_names.iter().enumerate() {
        let field = || at(path, format_args!("origination.subjectAltNames[{i}]"));
        if san.trim().is_empty() || san.chars().any(char::is_whitespace) {
            return Err(ComposeError::invalid(field(), san, "is not a name"));
        }
        if o.subject_alt_names.iter().take(i).any(|other| other == san) {
            return Err(ComposeError::invalid(field(), san, "is listed twice"));
        }
    }
    if o.insecure_skip_verify {
        if o.ca_certificates.is_some() {
            return Err(ComposeError::unsupported(
                f("insecureSkipVerify"),
                "turns verification off, so caCertificates would be ignored; choose one",
            ));
        }
        if !o.subject_alt_names.is_empty() {
            return Err(ComposeError::unsupported(
                f("insecureSkipVerify"),
                "turns verification off, so subjectAltNames would be ignored; choose one",
            ));
        }
        if route.mode == EgressMode::TlsOrigination && o.credential_name.is_some() {
            return Err(ComposeError::unsupported(
                f("insecureSkipVerify"),
                "turns verification off, so a tls-origination credentialName (which only \
                 supplies the CA) would be ignored; choose one",
            ));
        }
    }
    if !o.workload_selector.is_empty() {
        if !route.direct {
            return Err(ComposeError::unsupported(
                f("workloadSelector"),
                "selects client workloads, which only matters when their sidecars originate \
                 (direct routes); through a gateway, the gateway originates",
            ));
        }
        check_labels(|| f("workloadSelector"), &o.workload_selector)?;
        if clients.is_empty() {
            return Err(ComposeError::missing(
                at(path, "clientNamespaces"),
                "a DestinationRule with a workloadSelector applies only in its own namespace, \
                 so the client namespaces must be named",
            ));
        }
    } else if route.direct && o.credential_name.is_some() {
        return Err(ComposeError::missing(
            f("workloadSelector"),
            "a sidecar only reads credentialName from a DestinationRule with a \
             workloadSelector; name the client workloads' labels",
        ));
    }
    Ok(Some(o.clone()))
}
