//! `gateway.SecretAnalyzer`: a server's `tls.credentialName` must name a Secret in the
//! namespace of the gateway **workload** (the first pod the Gateway's selector matches), not
//! the Gateway object's (IST0101), and that Secret must hold a certificate that parses and is
//! valid now (IST0161). A selector matching no pod is reported instead (IST0101).
//!
//! The Secret is read as Istio's credential controller reads it: keys `cert` and `key` when
//! both are non-empty, else `tls.crt` and `tls.key`; the certificate is the first PEM block of
//! that value, holding one or more DER certificates, each checked against the time.

use crate::analyze::fast::Map;
use crate::networking::StringMap;
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use k8s_openapi::api::core::v1::Secret;

use super::{
    Index, Options, Sink, der, pem, report_selector_not_found, selector_string, server_path,
};
use crate::analyze::index::Entry;
use crate::networking::Gateway;
use crate::validate::Severity;

const RULE: &str = "gateway.SecretAnalyzer";

/// gateway.SecretAnalyzer: IST0101 (selector matches no pod; credentialName names no Secret in
/// the workload's namespace) and IST0161 (the Secret's certificate is unusable).
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let now = options
        .now
        .map_or_else(clock, |t| i64::try_from(t).unwrap_or(i64::MAX));
    let mut workload_namespace: Map<&StringMap, Option<&str>> = Map::default();
    let mut valid: Map<usize, bool> = Map::default();
    for gateway in &index.gateways {
        let selector = &gateway.object.spec.selector;
        let namespace = *workload_namespace.entry(selector).or_insert_with(|| {
            index
                .pods_selected(selector, None)
                .next()
                .map(|p| p.namespace)
        });
        let Some(namespace) = namespace else {
            report_selector_not_found(sink, gateway, RULE, &selector_string(selector));
            continue;
        };
        check_credentials(index, sink, gateway, namespace, now, &mut valid);
    }
}

/// gateway.SecretAnalyzer: IST0101 for each `credentialName` naming no Secret, IST0161 for
/// each naming a Secret without a usable certificate; `valid` remembers Secrets already read.
fn check_credentials(
    index: &Index<'_>,
    sink: &mut Sink,
    gateway: &Entry<'_, Gateway>,
    namespace: &str,
    now: i64,
    valid: &mut Map<usize, bool>,
) {
    for (i, credential) in credentials(gateway) {
        let Some(secret) = find_secret(index, namespace, credential) else {
            let message = format!(
                "Referenced credentialName not found: {}",
                super::go_quote(credential)
            );
            report(sink, gateway, i, "IST0101", message);
            continue;
        };
        let usable = *valid
            .entry(secret.index)
            .or_insert_with(|| credential_valid(secret.object, now));
        if !usable {
            let message = format!(
                "The credential referenced by the Gateway {} in namespace {namespace} is invalid, \
                 which can cause the traffic not to work as expected.",
                gateway.name
            );
            report(sink, gateway, i, "IST0161", message);
        }
    }
}

/// gateway.SecretAnalyzer: the time now, in seconds since the Unix epoch.
fn clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// gateway.SecretAnalyzer: the non-empty `tls.credentialName` of each server that sets one.
fn credentials<'a>(gateway: &Entry<'a, Gateway>) -> impl Iterator<Item = (usize, &'a str)> {
    let servers = &gateway.object.spec.servers;
    servers.iter().enumerate().filter_map(|(i, server)| {
        let name = server.tls.as_ref()?.credential_name.as_deref()?;
        (!name.is_empty()).then_some((i, name))
    })
}

/// gateway.SecretAnalyzer IST0101: the Secret a credential names: `ns/name` as written, a
/// plain name in the workload's namespace.
fn find_secret<'i, 'a>(
    index: &'i Index<'a>,
    namespace: &str,
    credential: &str,
) -> Option<&'i Entry<'a, Secret>> {
    let (namespace, name) = credential
        .split_once('/')
        .unwrap_or((namespace, credential));
    let &position = index.secret_by_name.get(&(namespace, name))?;
    index.secrets.get(position)
}

/// gateway.SecretAnalyzer IST0161: whether the Secret holds a key pair (`cert`/`key`, else
/// `tls.crt`/`tls.key`, both non-empty) whose certificate's first PEM block parses and whose
/// certificates are all valid at `now`. `stringData` counts, over `data`, as the API server
/// would merge it.
fn credential_valid(secret: &Secret, now: i64) -> bool {
    let mut values: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for (key, value) in secret.data.iter().flatten() {
        values.insert(key, &value.0);
    }
    for (key, value) in secret.string_data.iter().flatten() {
        values.insert(key, value.as_bytes());
    }
    let filled = |key: &str| values.get(key).copied().filter(|v| !v.is_empty());
    let certificate = match (filled("cert"), filled("key")) {
        (Some(cert), Some(_)) => Some(cert),
        _ => filled("tls.crt").filter(|_| filled("tls.key").is_some()),
    };
    let Some(certificate) = certificate else {
        return false;
    };
    let Some(der) = pem::first_block(certificate) else {
        return false;
    };
    der::certificates(&der).is_some_and(|all| {
        all.iter()
            .all(|v| v.not_before <= now && now <= v.not_after)
    })
}

/// gateway.SecretAnalyzer: a finding on a server's `tls.credentialName`.
fn report(
    sink: &mut Sink,
    gateway: &Entry<'_, Gateway>,
    server: usize,
    code: &'static str,
    message: String,
) {
    sink.report(
        gateway.index,
        Severity::Error,
        code,
        RULE,
        server_path(server).key("tls").key("credentialName"),
        message,
    );
}
