//! `gateway.CertificateAnalyzer`: two Gateways reaching the same workloads must not serve the
//! same certificate (IST0138), since clients reusing an HTTP/2 connection across hosts may
//! then get 404s.
//!
//! Servers are grouped by their certificate (the `credentialName`, or the pair of
//! `serverCertificate` and `privateKey` files) and, when Gateways are scoped to their
//! namespace, by namespace; within a group, a label index over the selectors finds the
//! Gateways whose selector includes the current one's, as Istio's subset test asks.

use crate::analyze::fast::{Map, Set};
use crate::networking::StringMap;

use super::{Index, Options, Sink, full_name, server_path};
use crate::analyze::index::Entry;
use crate::analyze::labels::LabelIndex;
use crate::networking::{Gateway, ServerTlsSettings};
use crate::path::FieldPath;
use crate::validate::Severity;
use crate::validate::common::non_empty;

const RULE: &str = "gateway.CertificateAnalyzer";

/// What makes two servers' certificates the same, as Istio compares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Certificate<'a> {
    /// The same `credentialName`.
    Credential(&'a str),
    /// No credential on either, and the same certificate and key files.
    Files(&'a str, &'a str),
}

/// The servers (gateway position in `index.gateways`, server position) sharing one
/// certificate, with their Gateways' selectors indexed.
#[derive(Default)]
struct Group<'a> {
    members: Vec<(usize, usize)>,
    selectors: LabelIndex<'a, StringMap>,
}

/// gateway.CertificateAnalyzer: IST0138 (duplicate certificate) on each server whose
/// certificate another Gateway selecting a superset of its labels also serves.
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    // A duplicate needs a second Gateway: a lone one has nothing to share its certificate with.
    if index.gateways.len() < 2 {
        return;
    }
    let scoped = options.scope_gateway_to_namespace;
    let names: Vec<String> = index.gateways.iter().map(full_name).collect();
    let mut groups: Map<(Certificate<'_>, Option<&str>), Group<'_>> = Map::default();
    for (position, gateway) in index.gateways.iter().enumerate() {
        for (i, certificate) in certificates(gateway) {
            let namespace = scoped.then_some(gateway.namespace);
            let group = groups.entry((certificate, namespace)).or_default();
            group.members.push((position, i));
            group.selectors.push(Some(&gateway.object.spec.selector));
        }
    }
    for (position, gateway) in index.gateways.iter().enumerate() {
        let own = names.get(position).map_or("", String::as_str);
        let mut reported = Set::default();
        for (i, certificate) in certificates(gateway) {
            let namespace = scoped.then_some(gateway.namespace);
            let Some(group) = groups.get(&(certificate, namespace)) else {
                continue;
            };
            for member in group.selectors.select(&gateway.object.spec.selector) {
                let Some(&(other, _)) = group.members.get(member) else {
                    continue;
                };
                let Some(name) = names.get(other).filter(|n| n.as_str() != own) else {
                    continue;
                };
                if reported.insert((i, name.as_str())) {
                    report(sink, gateway, i, certificate, [own, name]);
                }
            }
        }
    }
}

/// gateway.CertificateAnalyzer: the certificate of each TLS server of a Gateway that names
/// one.
fn certificates<'a>(
    gateway: &Entry<'a, Gateway>,
) -> impl Iterator<Item = (usize, Certificate<'a>)> {
    let servers = &gateway.object.spec.servers;
    servers
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.tls.as_ref().and_then(certificate).map(|c| (i, c)))
}

/// gateway.CertificateAnalyzer: a server's certificate: its `credentialName` when set, else
/// its certificate and key files when both are set.
fn certificate(tls: &ServerTlsSettings) -> Option<Certificate<'_>> {
    if let Some(name) = non_empty(&tls.credential_name) {
        return Some(Certificate::Credential(name));
    }
    Some(Certificate::Files(
        non_empty(&tls.server_certificate)?,
        non_empty(&tls.private_key)?,
    ))
}

/// gateway.CertificateAnalyzer IST0138, on the field naming the certificate.
fn report(
    sink: &mut Sink,
    gateway: &Entry<'_, Gateway>,
    server: usize,
    certificate: Certificate<'_>,
    names: [&str; 2],
) {
    let field = match certificate {
        Certificate::Credential(_) => "credentialName",
        Certificate::Files(..) => "serverCertificate",
    };
    let path: FieldPath = server_path(server).key("tls").key(field);
    sink.report(
        gateway.index,
        Severity::Warning,
        "IST0138",
        RULE,
        path,
        format!(
            "Duplicate certificate in multiple gateways [{}] may cause 404s if clients re-use \
             HTTP2 connections.",
            names.join(" ")
        ),
    );
}
