//! `serviceentry.Analyzer` (Istio's `ProtocolAddressesAnalyzer`): a ServiceEntry without
//! `addresses` cannot tell plain TCP traffic apart, so each port whose protocol is unset or
//! `TCP` is reported (`IST0134`) — unless the entry's status holds auto-allocated addresses, or
//! the mesh captures DNS and allocates addresses itself.

use serde_json::Value;

use crate::analyze::Options;
use crate::analyze::index::{Entry, Index};
use crate::analyze::sink::Sink;
use crate::networking::ServiceEntry;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "serviceentry.Analyzer";

/// Runs `serviceentry.Analyzer` (IST0134) over every ServiceEntry, unless the mesh
/// auto-allocates addresses (`dns_capture` and either `dns_auto_allocate` or
/// `ip_autoallocate`).
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    if options.dns_capture && (options.dns_auto_allocate || options.ip_autoallocate) {
        return;
    }
    for entry in &index.service_entries {
        check_entry(entry, sink);
    }
}

/// `serviceentry.Analyzer` on one entry: IST0134 on each TCP or protocol-less port of an
/// entry with neither `addresses` nor allocated status addresses.
fn check_entry(entry: &Entry<'_, ServiceEntry>, sink: &mut Sink) {
    let spec = &entry.object.spec;
    if !spec.addresses.is_empty() || allocated(entry.object) {
        return;
    }
    for (position, port) in spec.ports.iter().enumerate() {
        let protocol = port.protocol.as_deref().unwrap_or_default();
        if protocol.is_empty() || protocol.eq_ignore_ascii_case("TCP") {
            let path = FieldPath::root().key("spec").key("ports").index(position);
            let message = "ServiceEntry addresses are required for this protocol.";
            sink.report(
                entry.index,
                Severity::Warning,
                "IST0134",
                RULE,
                path,
                message,
            );
        }
    }
}

/// For IST0134: whether Istio has allocated addresses to the entry (`status.addresses` is
/// not empty).
fn allocated(entry: &ServiceEntry) -> bool {
    entry
        .status
        .as_ref()
        .and_then(|status| status.extra.get("addresses"))
        .and_then(Value::as_array)
        .is_some_and(|addresses| !addresses.is_empty())
}
