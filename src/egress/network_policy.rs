//! The Kubernetes NetworkPolicy that makes the egress gateway the only way out of a client
//! namespace (canon 12).
//!
//! Istio alone cannot force traffic through the gateway: a workload that bypasses its sidecar
//! (or a pod without one) can still connect anywhere. A NetworkPolicy in each client namespace
//! that allows egress only to DNS and to the gateway's namespace closes that door at the
//! network layer.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

/// The namespace label the policies select namespaces by. Kubernetes (1.21 and later) sets it
/// on every namespace to the namespace's name and does not let anyone change it, so, unlike
/// hand-set labels such as canon 12's `istio: system`, it needs no setup and cannot be forged
/// by whoever may label namespaces.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Settings of the NetworkPolicies a plan adds (see
/// [`EgressPlan::with_network_policy`](super::EgressPlan::with_network_policy)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicyOptions {
    /// The policy's name in each client namespace (default `egress-via-gateway-only`).
    #[serde(default = "default_name")]
    #[builder(default = default_name(), setter(into))]
    pub name: String,
    /// The namespace of Istio's control plane (default `istio-system`): the sidecars must
    /// still reach istiod, so it is allowed too when the gateway lives elsewhere.
    #[serde(default = "default_control_plane")]
    #[builder(default = default_control_plane(), setter(into))]
    pub control_plane_namespace: String,
    /// The namespace of the cluster's DNS server (default `kube-system`); egress to it is
    /// allowed on port 53, UDP and TCP.
    #[serde(default = "default_dns")]
    #[builder(default = default_dns(), setter(into))]
    pub dns_namespace: String,
}

impl Default for NetworkPolicyOptions {
    fn default() -> Self {
        Self::builder().build()
    }
}

fn default_name() -> String {
    "egress-via-gateway-only".into()
}

fn default_control_plane() -> String {
    "istio-system".into()
}

fn default_dns() -> String {
    "kube-system".into()
}

fn namespace_peer(namespace: &str) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        namespace_selector: Some(LabelSelector {
            match_labels: Some(BTreeMap::from([(
                NAMESPACE_NAME_LABEL.to_owned(),
                namespace.to_owned(),
            )])),
            ..LabelSelector::default()
        }),
        ..NetworkPolicyPeer::default()
    }
}

fn dns_port(protocol: &str) -> NetworkPolicyPort {
    NetworkPolicyPort {
        port: Some(IntOrString::Int(53)),
        protocol: Some(protocol.to_owned()),
        ..NetworkPolicyPort::default()
    }
}

/// The policy for one client namespace: every pod may send only to DNS (port 53 in the DNS
/// namespace) and to the given namespaces (the egress gateways' and the control plane's), on
/// any port. Policies add up, so other allowed destinations (in-cluster services) can be
/// granted by further NetworkPolicies.
pub(crate) fn policy(
    options: &NetworkPolicyOptions,
    client: &str,
    allowed: &BTreeSet<&str>,
) -> NetworkPolicy {
    let mut egress = vec![NetworkPolicyEgressRule {
        to: Some(vec![namespace_peer(&options.dns_namespace)]),
        ports: Some(vec![dns_port("UDP"), dns_port("TCP")]),
    }];
    egress.push(NetworkPolicyEgressRule {
        to: Some(allowed.iter().map(|ns| namespace_peer(ns)).collect()),
        ports: None,
    });
    NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(options.name.clone()),
            namespace: Some(client.to_owned()),
            ..ObjectMeta::default()
        },
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector::default()),
            policy_types: Some(vec!["Egress".to_owned()]),
            egress: Some(egress),
            ..NetworkPolicySpec::default()
        }),
    }
}
