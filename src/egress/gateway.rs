//! [`EgressGateway`]: the egress gateway a route goes through, as deployed in the cluster.
//!
//! The composer does not create the gateway's Deployment or Service; it needs to know them to
//! point the Gateway object at the right pods and the sidecars at the right Service port. The
//! defaults describe what Istio's `istio-egress` chart installs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use k8s_openapi::api::core::v1::{Pod, PodSpec, Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

/// An egress gateway deployment: its namespace, the labels of its pods and its Service.
///
/// Every field defaults to Istio's chart (`manifests/charts/gateways/istio-egress`): namespace
/// `istio-system`, pods labelled `istio: egressgateway`, Service `istio-egressgateway` with
/// ports 80→8080 (`http2`) and 443→8443 (`https`).
///
/// ```
/// use istio_egress::egress::{EgressGateway, GatewayServicePort};
///
/// // The chart's gateway with a port added for TCP routes.
/// let mut gateway = EgressGateway::default();
/// gateway.ports.push(GatewayServicePort::new(7777, "tcp-mongo"));
/// assert_eq!(gateway.host(), "istio-egressgateway.istio-system.svc.cluster.local");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EgressGateway {
    /// The namespace of the gateway's pods and Service (default `istio-system`). Every Istio
    /// object of a route is written here, except the per-client copies of the gateway hop's
    /// DestinationRule.
    #[serde(default = "default_namespace")]
    #[builder(default = default_namespace(), setter(into))]
    pub namespace: String,

    /// The labels of the gateway's pods (default `istio: egressgateway`); the Gateway object
    /// selects them.
    #[serde(default = "default_selector")]
    #[builder(default = default_selector(), setter(into))]
    pub selector: BTreeMap<String, String>,

    /// The name of the gateway's Service (default `istio-egressgateway`); the sidecars send
    /// egress traffic to it.
    #[serde(default = "default_service")]
    #[builder(default = default_service(), setter(into))]
    pub service: String,

    /// The ports of the gateway's Service (default 80→8080 `http2`, 443→8443 `https`). A
    /// route's gateway port must be one of them.
    #[serde(default = "default_ports")]
    #[builder(default = default_ports(), setter(into))]
    pub ports: Vec<GatewayServicePort>,

    /// The cluster's DNS domain (default `cluster.local`), for the Service's host name.
    #[serde(default = "default_cluster_domain")]
    #[builder(default = default_cluster_domain(), setter(into))]
    pub cluster_domain: String,
}

impl Default for EgressGateway {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl EgressGateway {
    /// Whether this is Istio's default egress gateway.
    pub fn is_default(&self) -> bool {
        self == Self::shared_default()
    }

    /// Istio's default egress gateway, built once per process: most routes go through it,
    /// and comparing with it costs less than building another.
    pub(crate) fn shared_default() -> &'static EgressGateway {
        static DEFAULT: OnceLock<EgressGateway> = OnceLock::new();
        DEFAULT.get_or_init(EgressGateway::default)
    }

    /// The gateway Service's fully qualified host name, such as
    /// `istio-egressgateway.istio-system.svc.cluster.local`.
    pub fn host(&self) -> String {
        crate::analyze::fqdn::service_fqdn(&self.service, &self.namespace, &self.cluster_domain)
    }

    /// The port numbers of the Service, in the order given.
    pub fn port_numbers(&self) -> Vec<u32> {
        self.ports.iter().map(|p| p.port).collect()
    }

    /// Whether the Service has this port.
    pub fn has_port(&self, port: u32) -> bool {
        self.ports.iter().any(|p| p.port == port)
    }

    /// The gateway's Service as a Kubernetes object: what analysis needs to resolve the
    /// gateway's host and ports. Not part of a bundle; the cluster already has it.
    pub fn service_object(&self) -> Service {
        Service {
            metadata: ObjectMeta {
                name: Some(self.service.clone()),
                namespace: Some(self.namespace.clone()),
                labels: Some(self.selector.clone()),
                ..ObjectMeta::default()
            },
            spec: Some(ServiceSpec {
                selector: Some(self.selector.clone()),
                ports: Some(
                    self.ports
                        .iter()
                        .map(|p| ServicePort {
                            name: Some(p.name.clone()),
                            port: i32::try_from(p.port).unwrap_or_default(),
                            target_port: Some(IntOrString::Int(
                                i32::try_from(p.target_port.unwrap_or(p.port)).unwrap_or_default(),
                            )),
                            protocol: Some("TCP".into()),
                            ..ServicePort::default()
                        })
                        .collect(),
                ),
                ..ServiceSpec::default()
            }),
            status: None,
        }
    }

    /// One pod of the gateway, carrying the selector's labels: what analysis needs to see
    /// that the Gateway object selects something. Not part of a bundle.
    pub fn pod_object(&self) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some([self.service.as_str(), "-0"].concat()),
                namespace: Some(self.namespace.clone()),
                labels: Some(self.selector.clone()),
                ..ObjectMeta::default()
            },
            spec: Some(PodSpec::default()),
            status: None,
        }
    }
}

/// A port of the egress gateway's Service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GatewayServicePort {
    /// The Service port, which the sidecars connect to and the Gateway server listens on.
    pub port: u32,
    /// The container port behind it (default: the same number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub target_port: Option<u32>,
    /// The port's name in the Service.
    #[builder(setter(into))]
    pub name: String,
}

impl GatewayServicePort {
    /// A port with the same number on the Service and the container.
    pub fn new(port: u32, name: impl Into<String>) -> Self {
        Self {
            port,
            target_port: None,
            name: name.into(),
        }
    }

    /// Sets the container port.
    pub fn with_target_port(mut self, target_port: u32) -> Self {
        self.target_port = Some(target_port);
        self
    }
}

fn default_namespace() -> String {
    "istio-system".into()
}

fn default_selector() -> BTreeMap<String, String> {
    BTreeMap::from([("istio".to_owned(), "egressgateway".to_owned())])
}

fn default_service() -> String {
    "istio-egressgateway".into()
}

fn default_ports() -> Vec<GatewayServicePort> {
    vec![
        GatewayServicePort::new(80, "http2").with_target_port(8080),
        GatewayServicePort::new(443, "https").with_target_port(8443),
    ]
}

fn default_cluster_domain() -> String {
    "cluster.local".into()
}
