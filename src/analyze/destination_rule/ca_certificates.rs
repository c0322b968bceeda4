//! `destinationrule.CaCertificateAnalyzer`: a rule that originates TLS (`SIMPLE` or `MUTUAL`)
//! without `caCertificates` does not check the server's certificate — `IST0128` for the
//! rule-wide policy, `IST0129` for a port's. A rule with a workload selector whose TLS names a
//! `credentialName` is exempt (the CA comes with the credential). Subset policies are not
//! inspected, as in Istio.

use crate::analyze::index::{Entry, Index};
use crate::analyze::sink::Sink;
use crate::networking::{ClientTlsMode, ClientTlsSettings, DestinationRule, PortSelector};
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "destinationrule.CaCertificateAnalyzer";

/// Runs `destinationrule.CaCertificateAnalyzer` (IST0128, IST0129) over every DestinationRule.
pub(super) fn run(index: &Index<'_>, sink: &mut Sink) {
    for rule in &index.destination_rules {
        check_rule(rule, sink);
    }
}

/// `destinationrule.CaCertificateAnalyzer` on one rule: IST0128 for `trafficPolicy.tls`,
/// IST0129 for each `portLevelSettings[i].tls`.
fn check_rule(rule: &Entry<'_, DestinationRule>, sink: &mut Sink) {
    let spec = &rule.object.spec;
    let Some(policy) = &spec.traffic_policy else {
        return;
    };
    let selected = spec.workload_selector.is_some();
    let policy_path = FieldPath::root().key("spec").key("trafficPolicy");
    if let Some(mode) = policy
        .tls
        .as_ref()
        .and_then(|tls| unverified(tls, selected))
    {
        let message = format!(
            "DestinationRule {}/{} in namespace {} has TLS mode set to {} but no caCertificates \
             are set to validate server identity for host: {}",
            rule.namespace, rule.name, rule.namespace, mode, spec.host
        );
        let path = policy_path.clone().key("tls").key("mode");
        sink.report(
            rule.index,
            Severity::Warning,
            "IST0128",
            RULE,
            path,
            message,
        );
    }
    for (position, port) in policy.port_level_settings.iter().enumerate() {
        let Some(mode) = port.tls.as_ref().and_then(|tls| unverified(tls, selected)) else {
            continue;
        };
        let message = format!(
            "DestinationRule {}/{} in namespace {} has TLS mode set to {} but no caCertificates \
             are set to validate server identity for host: {} at port {}",
            rule.namespace,
            rule.name,
            rule.namespace,
            mode,
            spec.host,
            port_text(port.port.as_ref())
        );
        let path = policy_path
            .clone()
            .key("portLevelSettings")
            .index(position)
            .key("tls")
            .key("mode");
        sink.report(
            rule.index,
            Severity::Warning,
            "IST0129",
            RULE,
            path,
            message,
        );
    }
}

/// For `destinationrule.CaCertificateAnalyzer`: the mode (`SIMPLE` or `MUTUAL`) of TLS settings
/// that leave the server unverified — no `caCertificates`, and not a `credentialName` on a rule
/// with a workload selector.
fn unverified(tls: &ClientTlsSettings, selected: bool) -> Option<&'static str> {
    let mode = match tls.mode.as_ref()? {
        ClientTlsMode::Simple => "SIMPLE",
        ClientTlsMode::Mutual => "MUTUAL",
        _ => return None,
    };
    let has_ca = tls
        .ca_certificates
        .as_deref()
        .is_some_and(|ca| !ca.is_empty());
    let has_credential = tls
        .credential_name
        .as_deref()
        .is_some_and(|c| !c.is_empty());
    let exempt = has_ca || (has_credential && selected);
    (!exempt).then_some(mode)
}

/// For IST0129's message: the port selector in protobuf text form (`number:443`), empty when
/// no number is set.
fn port_text(port: Option<&PortSelector>) -> String {
    match port.and_then(|p| p.number) {
        Some(number) if number != 0 => format!("number:{number}"),
        _ => String::new(),
    }
}
