//! Istio's Gateway analyzers: whether a Gateway's selector finds gateway pods and their
//! Service opens its ports ([`port`]), whether two Gateways claim the same host on the same
//! pods and port ([`conflict`]), whether two Gateways share a certificate ([`certificate`]),
//! and whether the Secrets named by `credentialName` exist and hold a usable certificate
//! ([`secret`], with the PEM and X.509 reading in [`pem`] and [`der`]).
//!
//! Every analyzer builds its maps from the [`Index`] once and then looks things up, so that
//! the work follows the number of objects and of true matches, never the number of pairs.

mod certificate;
mod conflict;
mod der;
mod pem;
mod port;
mod secret;

use crate::networking::StringMap;
use std::fmt::Write as _;

use super::Options;
use super::index::{Entry, Index};
use super::sink::Sink;
use crate::networking::Gateway;
use crate::path::FieldPath;
use crate::validate::Severity;

/// Runs the Gateway analyzers in the catalogue's order: IST0101/IST0162, IST0145/IST0101,
/// IST0138, then IST0101/IST0161.
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    port::run(index, sink);
    conflict::run(index, sink);
    certificate::run(index, options, sink);
    secret::run(index, options, sink);
}

/// A label selector written the way Kubernetes prints one (`app=x,istio=egressgateway`:
/// keys in order, `key=value` joined by commas; empty for no labels), as Istio's messages and
/// the ConflictingGatewayAnalyzer's keys use it.
fn selector_string(selector: &StringMap) -> String {
    let mut text = String::new();
    for (key, value) in selector {
        if !text.is_empty() {
            text.push(',');
        }
        text.push_str(key);
        text.push('=');
        text.push_str(value);
    }
    text
}

/// A string quoted the way Go's `%q` quotes it, as Istio's `Referenced %s not found: %q` does.
fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{b}' => quoted.push_str("\\v"),
            '\u{c}' => quoted.push_str("\\f"),
            c if c.is_ascii_control() => {
                let _ = write!(quoted, "\\x{:02x}", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A Gateway's full name as Istio prints it: `namespace/name`.
fn full_name(gateway: &Entry<'_, Gateway>) -> String {
    format!("{}/{}", gateway.namespace, gateway.name)
}

/// The path of a Gateway's `spec.selector`.
fn selector_path() -> FieldPath {
    FieldPath::root().key("spec").key("selector")
}

/// The path of a Gateway's `spec.servers[i]`.
fn server_path(server: usize) -> FieldPath {
    FieldPath::root().key("spec").key("servers").index(server)
}

/// IST0101 (ReferencedResourceNotFound, `selector`) on a Gateway whose selector finds
/// nothing, for the analyzer named by `rule`.
fn report_selector_not_found(
    sink: &mut Sink,
    gateway: &Entry<'_, Gateway>,
    rule: &'static str,
    selector: &str,
) {
    sink.report(
        gateway.index,
        Severity::Error,
        "IST0101",
        rule,
        selector_path(),
        format!("Referenced selector not found: {}", go_quote(selector)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_print_like_kubernetes() {
        let selector = crate::networking::text::map([("istio", "egressgateway"), ("app", "gw")]);
        assert_eq!(selector_string(&selector), "app=gw,istio=egressgateway");
        assert_eq!(selector_string(&StringMap::new()), "");
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_quote(""), r#""""#);
    }
}
