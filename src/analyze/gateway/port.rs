//! `gateway.IngressGatewayPortAnalyzer`: a Gateway's selector must match some pod (IST0101),
//! and each server's port must be opened by a Service that selects those pods (IST0162).
//!
//! The ports a pod receives are gathered once, Service by Service, over the pods each Service
//! selects; a Gateway then unions them over the pods its selector finds, once per distinct
//! selector.

use crate::analyze::fast::{HashMap, HashSet};
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, Service, ServicePort};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Index, Sink, report_selector_not_found, selector_string, server_path};
use crate::analyze::index::Entry;
use crate::networking::Gateway;
use crate::validate::Severity;

const RULE: &str = "gateway.IngressGatewayPortAnalyzer";

/// Ports open to a pod (by its position in the input): TCP ports of the Services selecting it.
type PodPorts = HashMap<usize, HashSet<u32>>;

/// gateway.IngressGatewayPortAnalyzer: IST0101 (selector matches no pod) and IST0162 (server
/// port not defined on the gateway workload's Service).
pub(super) fn run(index: &Index<'_>, sink: &mut Sink) {
    let pod_ports = ports_by_pod(index);
    let mut by_selector: HashMap<&BTreeMap<String, String>, Option<HashSet<u32>>> =
        HashMap::default();
    for gateway in &index.gateways {
        let selector = &gateway.object.spec.selector;
        let ports = by_selector
            .entry(selector)
            .or_insert_with(|| workload_ports(index, selector, &pod_ports));
        match ports {
            None => report_selector_not_found(sink, gateway, RULE, &selector_string(selector)),
            Some(ports) => check_server_ports(sink, gateway, ports),
        }
    }
}

/// gateway.IngressGatewayPortAnalyzer IST0162: each server port the workload's Services do
/// not open.
fn check_server_ports(sink: &mut Sink, gateway: &Entry<'_, Gateway>, ports: &HashSet<u32>) {
    let selector = selector_string(&gateway.object.spec.selector);
    for (i, server) in gateway.object.spec.servers.iter().enumerate() {
        let Some(port) = &server.port else { continue };
        if ports.contains(&port.number) {
            continue;
        }
        sink.report(
            gateway.index,
            Severity::Warning,
            "IST0162",
            RULE,
            server_path(i).key("port").key("number"),
            format!(
                "The gateway is listening on a target port (port {}) that is not defined in the \
                 Service associated with its workload instances (Pod selector {selector}). If you \
                 need to access the gateway port through the gateway Service, it will not be \
                 available.",
                port.number
            ),
        );
    }
}

/// gateway.IngressGatewayPortAnalyzer: the ports open to the pods `selector` matches (in any
/// namespace, as Istio looks), or `None` when it matches no pod (IST0101).
fn workload_ports(
    index: &Index<'_>,
    selector: &BTreeMap<String, String>,
    pod_ports: &PodPorts,
) -> Option<HashSet<u32>> {
    let mut found = false;
    let mut ports = HashSet::default();
    for pod in index.pods_selected(selector, None) {
        found = true;
        if let Some(open) = pod_ports.get(&pod.index) {
            ports.extend(open.iter().copied());
        }
    }
    found.then_some(ports)
}

/// gateway.IngressGatewayPortAnalyzer: for each pod, the ports of the Services in its
/// namespace that select it. A Service without a selector counts as selecting every pod of its
/// namespace, as Istio's analyzer reads an empty selector.
fn ports_by_pod(index: &Index<'_>) -> PodPorts {
    let mut pods_by_namespace: HashMap<&str, Vec<&Entry<'_, Pod>>> = HashMap::default();
    for pod in &index.pods {
        pods_by_namespace
            .entry(pod.namespace)
            .or_default()
            .push(pod);
    }
    let mut pod_ports = PodPorts::default();
    for service in &index.services {
        let ports = service_ports(service.object);
        if ports.is_empty() {
            continue;
        }
        let selector = service
            .object
            .spec
            .as_ref()
            .and_then(|s| s.selector.as_ref());
        let mut open = |pod: &Entry<'_, Pod>| {
            pod_ports
                .entry(pod.index)
                .or_default()
                .extend(ports.iter().copied());
        };
        match selector.filter(|s| !s.is_empty()) {
            Some(selector) => index
                .pods_selected(selector, Some(service.namespace))
                .for_each(&mut open),
            None => pods_by_namespace
                .get(service.namespace)
                .into_iter()
                .flatten()
                .for_each(|pod| open(pod)),
        }
    }
    pod_ports
}

/// gateway.IngressGatewayPortAnalyzer: the ports a Service opens to its pods: for each TCP
/// port (the Kubernetes default when no protocol is given), its `targetPort` when numeric and
/// its `port`.
fn service_ports(service: &Service) -> Vec<u32> {
    let mut ports = Vec::new();
    let declared = service.spec.as_ref().and_then(|s| s.ports.as_ref());
    for port in declared.into_iter().flatten() {
        if port.protocol.as_deref().is_some_and(|p| p != "TCP") {
            continue;
        }
        ports.extend(target_port(port));
        ports.extend(u32::try_from(port.port).ok().filter(|&p| p != 0));
    }
    ports
}

/// gateway.IngressGatewayPortAnalyzer: a Service port's `targetPort` as a number: the integer,
/// or a string holding digits (a named port gives none).
fn target_port(port: &ServicePort) -> Option<u32> {
    match port.target_port.as_ref()? {
        IntOrString::Int(n) => u32::try_from(*n).ok(),
        IntOrString::String(s) => s.parse::<u32>().ok(),
    }
    .filter(|&p| p != 0)
}
