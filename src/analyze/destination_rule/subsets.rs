//! `destinationrule.SubsetSelectPodAnalyzer`: a DestinationRule whose host matches no service
//! of the registry (`IST0174`), and subsets whose labels — merged over the ServiceEntry's
//! workload selector — select no pod (`IST0173`).
//!
//! Pods are matched with the labels Istio's registry gives their endpoints: their own, plus
//! the topology labels of the Node they run on (region, zone, subzone from the Node's labels)
//! and `kubernetes.io/hostname` set to the node name. Pods of every namespace count, as in
//! Istio.

use crate::analyze::fast::Map;
use crate::networking::StringMap;
use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use serde_json::Value;

use super::registry::{Registry, Target};
use crate::analyze::Options;
use crate::analyze::index::{Entry, Index};
use crate::analyze::labels::LabelIndex;
use crate::analyze::sink::Sink;
use crate::networking::{DestinationRule, Subset};
use crate::path::FieldPath;
use crate::validate::Severity;

const RULE: &str = "destinationrule.SubsetSelectPodAnalyzer";
const REGION: &str = "topology.kubernetes.io/region";
const ZONE: &str = "topology.kubernetes.io/zone";
const SUBZONE: &str = "topology.istio.io/subzone";
const HOSTNAME: &str = "kubernetes.io/hostname";

/// Runs `destinationrule.SubsetSelectPodAnalyzer` (IST0174, IST0173) over every
/// DestinationRule.
pub(super) fn run(index: &Index<'_>, options: &Options, sink: &mut Sink) {
    if index.destination_rules.is_empty() {
        return;
    }
    let registry = Registry::new(index, options);
    let needs_pods = index
        .destination_rules
        .iter()
        .any(|rule| !rule.object.spec.subsets.is_empty());
    // Pods' labels as the registry sees them: their own unless some pod runs on a named node,
    // whose topology labels and host name are added; then they are indexed anew.
    let augmented = if needs_pods && index.pods.iter().any(|pod| !node_name(pod).is_empty()) {
        pod_labels(index)
    } else {
        Vec::new()
    };
    let own_index;
    let labels = if augmented.is_empty() {
        &index.pod_labels
    } else {
        let mut built = LabelIndex::default();
        for pod in &augmented {
            built.push(Some(pod));
        }
        own_index = built;
        &own_index
    };
    let mut pods = Pods {
        index: labels,
        answers: Map::default(),
    };
    for rule in &index.destination_rules {
        check_rule(rule, &registry, &mut pods, sink);
    }
}

/// The name of the node a pod runs on (empty when unset).
fn node_name<'a>(pod: &Entry<'a, Pod>) -> &'a str {
    pod.object
        .spec
        .as_ref()
        .and_then(|s| s.node_name.as_deref())
        .unwrap_or_default()
}

/// `destinationrule.SubsetSelectPodAnalyzer` on one rule: IST0174 when its host is unknown,
/// else IST0173 for each subset that selects no pod.
fn check_rule<'a>(
    rule: &Entry<'a, DestinationRule>,
    registry: &Registry<'a>,
    pods: &mut Pods<'_, '_>,
    sink: &mut Sink,
) {
    let spec = &rule.object.spec;
    let Some(target) = registry.lookup(rule.namespace, &spec.export_to, &spec.host) else {
        let message = format!(
            "The host {} defined in the DestinationRule does not match any services in the mesh.",
            spec.host
        );
        let path = FieldPath::root().key("spec").key("host");
        sink.report(
            rule.index,
            Severity::Warning,
            "IST0174",
            RULE,
            path,
            message,
        );
        return;
    };
    for (position, subset) in distinct_subsets(&spec.subsets) {
        if pods.any_selected(selector(target, subset)) {
            continue;
        }
        let message = format!(
            "The Subset {} defined in the DestinationRule does not select any pods. Which may \
             lead to 503 UH (NoHealthyUpstream).",
            subset.name
        );
        let path = FieldPath::root().key("spec").key("subsets").index(position);
        sink.report(rule.index, Severity::Error, "IST0173", RULE, path, message);
    }
}

/// For IST0173: the subsets by name, each name once with its last definition (Istio keys
/// them by name), in the order of those definitions.
fn distinct_subsets(subsets: &[Subset]) -> impl Iterator<Item = (usize, &Subset)> {
    let mut last: Map<&str, usize> = Map::default();
    for (position, subset) in subsets.iter().enumerate() {
        last.insert(subset.name.as_str(), position);
    }
    subsets
        .iter()
        .enumerate()
        .filter(move |(position, subset)| last.get(subset.name.as_str()) == Some(position))
}

/// For IST0173: the ServiceEntry's workload labels with the subset's labels over them (the
/// subset's own labels, borrowed, when the ServiceEntry selects no workload).
fn selector<'a>(target: Target<'a>, subset: &'a Subset) -> Cow<'a, StringMap> {
    match target.workload_labels.filter(|labels| !labels.is_empty()) {
        None => Cow::Borrowed(&subset.labels),
        Some(workload) => {
            let mut selector = workload.clone();
            selector.extend(
                subset
                    .labels
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone())),
            );
            Cow::Owned(selector)
        }
    }
}

/// The pods' labels as Istio's registry sees them, indexed, with the answers already given.
struct Pods<'i, 'l> {
    index: &'i LabelIndex<'l>,
    /// Each distinct selector with its answer, as an owned copy: the few distinct selectors
    /// then sit together, where every later rule's lookup compares with them, instead of
    /// inside the rules that first named them, spread over the whole set.
    answers: Map<StringMap, bool>,
}

impl Pods<'_, '_> {
    /// For IST0173: whether some pod carries every label of `selector` (any pod, for an
    /// empty one); each distinct selector is looked up once.
    fn any_selected(&mut self, selector: Cow<'_, StringMap>) -> bool {
        if let Some(answer) = self.answers.get(selector.as_ref()) {
            return *answer;
        }
        let answer = self.index.select(selector.as_ref()).next().is_some();
        self.answers.insert(selector.into_owned(), answer);
        answer
    }
}

/// For IST0173: every pod's labels with the topology labels of its node added, in the order of
/// `index.pods`.
fn pod_labels(index: &Index<'_>) -> Vec<BTreeMap<String, String>> {
    let nodes = node_labels(index);
    index
        .pods
        .iter()
        .map(|pod| {
            let labels = pod.object.metadata.labels.clone().unwrap_or_default();
            augment(labels, node_name(pod), &nodes)
        })
        .collect()
}

/// For IST0173: the labels of each Node of the set (raw `v1` Nodes), by node name.
fn node_labels<'a>(index: &Index<'a>) -> Map<&'a str, &'a serde_json::Map<String, Value>> {
    index
        .others
        .iter()
        .filter(|other| {
            other.object.get("kind").and_then(Value::as_str) == Some("Node")
                && other.object.get("apiVersion").and_then(Value::as_str) == Some("v1")
        })
        .filter_map(|node| {
            let labels = node.object.get("metadata")?.get("labels")?.as_object()?;
            Some((node.name, labels))
        })
        .collect()
}

/// For IST0173: a pod's labels as Istio's registry augments them — region, zone and subzone
/// from its node's locality (`region/zone/subzone`, cut at the first empty part), and the
/// node name as `kubernetes.io/hostname`.
fn augment(
    mut labels: BTreeMap<String, String>,
    node: &str,
    nodes: &Map<&str, &serde_json::Map<String, Value>>,
) -> BTreeMap<String, String> {
    let locality = nodes.get(node).map(|l| locality(l)).unwrap_or_default();
    let mut parts = locality.split('/');
    let region = parts.next().unwrap_or_default();
    let zone = parts.next().unwrap_or_default();
    let subzone = parts.next().unwrap_or_default();
    for (key, value) in [(REGION, region), (ZONE, zone), (SUBZONE, subzone)] {
        if !value.is_empty() {
            labels.insert(key.to_owned(), value.to_owned());
        }
    }
    if !node.is_empty() {
        labels.insert(HOSTNAME.to_owned(), node.to_owned());
    }
    labels
}

/// For IST0173: a node's locality string, `region[/zone[/subzone]]`, from its labels.
fn locality(labels: &serde_json::Map<String, Value>) -> String {
    let get = |key: &str| labels.get(key).and_then(Value::as_str).unwrap_or_default();
    let mut locality = get(REGION).to_owned();
    let zone = get(ZONE);
    if zone.is_empty() {
        return locality;
    }
    locality.push('/');
    locality.push_str(zone);
    let subzone = get(SUBZONE);
    if !subzone.is_empty() {
        locality.push('/');
        locality.push_str(subzone);
    }
    locality
}
