//! `gateway.IngressGatewayPortAnalyzer`: a Gateway's selector must match some pod (IST0101),
//! and each server's port must be opened by a Service that selects those pods (IST0162).
//!
//! A Gateway's ports are gathered once per distinct selector: over the pods the selector finds,
//! the TCP ports of the Services of each pod's namespace that select the pod. Only the pods
//! that Gateways select are looked at, so a mesh of many workloads and few gateways costs
//! little.

use crate::analyze::fast::{Map, Set};
use crate::networking::StringMap;

use k8s_openapi::api::core::v1::{Pod, Service, ServicePort};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Index, Sink, report_selector_not_found, selector_string, server_path};
use crate::analyze::index::Entry;
use crate::networking::Gateway;
use crate::validate::Severity;

const RULE: &str = "gateway.IngressGatewayPortAnalyzer";

/// gateway.IngressGatewayPortAnalyzer: IST0101 (selector matches no pod) and IST0162 (server
/// port not defined on the gateway workload's Service).
pub(super) fn run(index: &Index<'_>, sink: &mut Sink) {
    if index.gateways.is_empty() {
        return;
    }
    let mut services: Map<&str, Vec<&Service>> = Map::default();
    for service in &index.services {
        services
            .entry(service.namespace)
            .or_default()
            .push(service.object);
    }
    let mut by_selector: Map<&StringMap, Option<Set<u32>>> = Map::default();
    for gateway in &index.gateways {
        let selector = &gateway.object.spec.selector;
        let ports = by_selector
            .entry(selector)
            .or_insert_with(|| workload_ports(index, selector, &services));
        match ports {
            None => report_selector_not_found(sink, gateway, RULE, &selector_string(selector)),
            Some(ports) => check_server_ports(sink, gateway, ports),
        }
    }
}

/// gateway.IngressGatewayPortAnalyzer IST0162: each server port the workload's Services do
/// not open.
fn check_server_ports(sink: &mut Sink, gateway: &Entry<'_, Gateway>, ports: &Set<u32>) {
    // Written out only for a finding.
    let mut selector = None;
    for (i, server) in gateway.object.spec.servers.iter().enumerate() {
        let Some(port) = &server.port else { continue };
        if ports.contains(&port.number) {
            continue;
        }
        let selector =
            selector.get_or_insert_with(|| selector_string(&gateway.object.spec.selector));
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
    selector: &StringMap,
    services: &Map<&str, Vec<&Service>>,
) -> Option<Set<u32>> {
    let mut found = false;
    let mut ports = Set::default();
    for pod in index.pods_selected(selector, None) {
        found = true;
        let in_namespace = services.get(pod.namespace).into_iter().flatten();
        for service in in_namespace.filter(|service| selects(service, pod.object)) {
            ports.extend(service_ports(service));
        }
    }
    found.then_some(ports)
}

/// Whether a Service selects a pod of its namespace: every label of its selector is on the
/// pod. A Service without a selector counts as selecting every pod of its namespace, as
/// Istio's analyzer reads an empty selector.
fn selects(service: &Service, pod: &Pod) -> bool {
    let selector = service.spec.as_ref().and_then(|s| s.selector.as_ref());
    let labels = pod.metadata.labels.as_ref();
    selector.is_none_or(|selector| {
        selector
            .iter()
            .all(|(key, value)| labels.and_then(|l| l.get(key)) == Some(value))
    })
}

/// gateway.IngressGatewayPortAnalyzer: the ports a Service opens to its pods: for each TCP
/// port (the Kubernetes default when no protocol is given), its `targetPort` when numeric and
/// its `port`.
fn service_ports(service: &Service) -> impl Iterator<Item = u32> + '_ {
    let declared = service.spec.as_ref().and_then(|s| s.ports.as_ref());
    declared
        .into_iter()
        .flatten()
        .filter(|port| port.protocol.as_deref().is_none_or(|p| p == "TCP"))
        .flat_map(|port| {
            let number = u32::try_from(port.port).ok().filter(|&p| p != 0);
            target_port(port).into_iter().chain(number)
        })
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
