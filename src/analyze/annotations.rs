//! `annotations.K8sAnalyzer`: Istio annotations on Namespaces, Services, Pods and
//! Deployments that Istio does not know (`IST0108`), that are deprecated (`IST0135`), that do
//! not belong on that kind of object (`IST0107`), or whose value is not valid (`IST0125`).
//!
//! Only annotations in Istio's domains are judged: those whose prefix (before the first `/`)
//! ends in `istio.io`, and `kubernetes.io/ingress.class`, which Istio documents. Which
//! annotations exist, where they belong and which are deprecated is the table in
//! [`table`]; the value checks are those of Istio's sidecar injector, in [`values`].

mod table;
mod values;

use std::collections::BTreeMap;

use serde_json::Value;

use super::Options;
use super::index::Index;
use super::sink::Sink;
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "annotations.K8sAnalyzer";
const SIDECAR_INJECT: &str = "sidecar.istio.io/inject";

/// One object's metadata as the analyzer reads it.
struct Annotated<'a> {
    /// The object's position in the input.
    object: usize,
    /// `Namespace`, `Service`, `Pod` or `Deployment`.
    kind: &'static str,
    /// Its annotations, sorted by name.
    annotations: BTreeMap<&'a str, &'a str>,
    /// Whether it carries the `sidecar.istio.io/inject` label.
    inject_label: bool,
}

/// Runs `annotations.K8sAnalyzer` (IST0108, IST0135, IST0107, IST0125) over the
/// Namespaces, Services, Pods and (raw `apps/v1`) Deployments of the set.
pub(crate) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    let _ = options;
    let typed = index
        .namespaces
        .iter()
        .map(|e| (e.index, "Namespace", &e.object.metadata))
        .chain(
            index
                .services
                .iter()
                .map(|e| (e.index, "Service", &e.object.metadata)),
        )
        .chain(
            index
                .pods
                .iter()
                .map(|e| (e.index, "Pod", &e.object.metadata)),
        );
    for (object, kind, metadata) in typed {
        // Most objects carry no annotations: their labels are not looked at either.
        let Some(annotations) = metadata.annotations.as_ref().filter(|a| !a.is_empty()) else {
            continue;
        };
        let annotations = annotations
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let inject_label = metadata
            .labels
            .as_ref()
            .is_some_and(|labels| labels.contains_key(SIDECAR_INJECT));
        check(
            &Annotated {
                object,
                kind,
                annotations,
                inject_label,
            },
            sink,
        );
    }
    for other in &index.others {
        if let Some(deployment) = deployment(other.index, other.object) {
            check(&deployment, sink);
        }
    }
}

/// For `annotations.K8sAnalyzer`: a raw `apps/v1` Deployment's own metadata (not its pod
/// template's).
fn deployment(object: usize, value: &Value) -> Option<Annotated<'_>> {
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    if text("apiVersion") != Some("apps/v1") || text("kind") != Some("Deployment") {
        return None;
    }
    let metadata = value.get("metadata");
    let map = |key: &str| metadata.and_then(|m| m.get(key)).and_then(Value::as_object);
    let annotations = map("annotations")
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
        .collect();
    let inject_label = map("labels").is_some_and(|labels| labels.contains_key(SIDECAR_INJECT));
    Some(Annotated {
        object,
        kind: "Deployment",
        annotations,
        inject_label,
    })
}

/// `annotations.K8sAnalyzer` on one object: each Istio annotation is unknown (IST0108), or
/// deprecated (IST0135) and then misplaced (IST0107) or of an invalid value (IST0125).
fn check(object: &Annotated<'_>, sink: &mut Sink) {
    for (&name, &value) in &object.annotations {
        if !is_istio(name) {
            continue;
        }
        let path = FieldPath::root()
            .key("metadata")
            .key("annotations")
            .key(name.to_owned());
        let Some(known) = table::lookup(name) else {
            let message = format!("Unknown annotation: {name}");
            sink.report(
                object.object,
                Severity::Warning,
                "IST0108",
                RULE,
                path,
                message,
            );
            continue;
        };
        if known.deprecated && !(name == SIDECAR_INJECT && object.inject_label) {
            let extra = if name == SIDECAR_INJECT {
                " in favor of the \"sidecar.istio.io/inject\" label"
            } else {
                ""
            };
            let message = format!(
                "Annotation {} has been deprecated{extra} and may not work in future Istio \
                 versions.",
                go_quote(name)
            );
            sink.report(
                object.object,
                Severity::Info,
                "IST0135",
                RULE,
                path.clone(),
                message,
            );
        }
        if known.applies_anywhere() {
            continue;
        }
        if !known.applies_to(object.kind) {
            let message = format!(
                "Misplaced annotation: {name} can only be applied to {}",
                known.kinds()
            );
            sink.report(
                object.object,
                Severity::Warning,
                "IST0107",
                RULE,
                path,
                message,
            );
            continue;
        }
        if let Err(problem) = values::check(name, value) {
            let message = format!("Invalid annotation {name}: {problem}");
            sink.report(
                object.object,
                Severity::Warning,
                "IST0125",
                RULE,
                path,
                message,
            );
        }
    }
}

/// For `annotations.K8sAnalyzer`: whether an annotation is Istio's to judge — its prefix
/// before the first `/` ends in `istio.io`, or it is `kubernetes.io/ingress.class`.
fn is_istio(name: &str) -> bool {
    if name == "kubernetes.io/ingress.class" {
        return true;
    }
    let prefix = name.split('/').next().unwrap_or_default();
    prefix.ends_with("istio.io")
}

/// A string quoted the way Go's `%q` writes it (double quotes, backslash escapes), for
/// messages whose Istio template uses `%q`.
pub(super) fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            '\u{b}' => quoted.push_str("\\v"),
            c if u32::from(c) < 0x80 && c.is_control() => {
                quoted.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if c.is_control() => {
                let code = u32::from(c);
                if code > 0xffff {
                    quoted.push_str(&format!("\\U{code:08x}"));
                } else {
                    quoted.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
