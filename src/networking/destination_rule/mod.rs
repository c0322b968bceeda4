//! [`DestinationRule`]: what happens to traffic for a host once routing has picked it — load
//! balancing, connection limits, ejection of failing endpoints, TLS to the upstream — and the
//! named subsets that routes can point at.
//!
//! The spec is split by concern: [`TrafficPolicy`] and its per-port, tunnel, PROXY protocol and
//! retry-budget parts; [`LoadBalancerSettings`] with consistent hashing, locality and warmup;
//! [`ConnectionPoolSettings`]; [`OutlierDetection`]; and [`ClientTlsSettings`].

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::kind::istio_kind;
use crate::networking::type_v1beta1;

mod connection_pool;
mod load_balancer;
mod outlier_detection;
mod tls;
mod traffic_policy;

pub use connection_pool::*;
pub use load_balancer::*;
pub use outlier_detection::*;
pub use tls::*;
pub use traffic_policy::*;

istio_kind! {
    /// A `networking.istio.io` DestinationRule: the policies a client proxy applies to traffic
    /// for one host after routing, and the subsets of that host's endpoints.
    ///
    /// For egress, one DestinationRule typically makes sidecars use Istio mutual TLS towards
    /// the egress gateway, and another makes the gateway originate TLS to the external host.
    ///
    /// ```
    /// use istio_egress::networking::{
    ///     ClientTlsMode, ClientTlsSettings, DestinationRule, DestinationRuleSpec, Subset,
    ///     TrafficPolicy,
    /// };
    ///
    /// let rule = DestinationRule::new(
    ///     "egressgateway-for-api",
    ///     DestinationRuleSpec::builder()
    ///         .host("istio-egressgateway.istio-system.svc.cluster.local")
    ///         .subsets(vec![Subset::new("api")])
    ///         .traffic_policy(
    ///             TrafficPolicy::builder()
    ///                 .tls(ClientTlsSettings::mode(ClientTlsMode::IstioMutual))
    ///                 .build(),
    ///         )
    ///         .build(),
    /// )
    /// .in_namespace("istio-system");
    ///
    /// let json = serde_json::to_value(&rule)?;
    /// assert_eq!(json["kind"], "DestinationRule");
    /// assert_eq!(json["spec"]["trafficPolicy"]["tls"]["mode"], "ISTIO_MUTUAL");
    /// assert_eq!(json["spec"]["subsets"][0]["name"], "api");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    DestinationRule, DestinationRuleSpec, plural = "destinationrules"
}

/// The spec of a [`DestinationRule`] (`istio.networking.v1alpha3.DestinationRule`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct DestinationRuleSpec {
    /// The service the rule applies to, as known to the service registry (a Kubernetes
    /// service or a ServiceEntry host). Short names are completed with the rule's own
    /// namespace, so fully qualified names are safer. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub host: CompactString,
    /// The policies for all traffic to the host, unless a subset or port overrides them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub traffic_policy: Option<Box<TrafficPolicy>>,
    /// Named groups of the host's endpoints (usually versions), each with its own policy.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub subsets: Vec<Subset>,
    /// The namespaces that see this rule: `.` for its own, `*` for all, or namespace names.
    /// Empty means every namespace.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |export_to: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(export_to)))]
    pub export_to: Vec<CompactString>,
    /// Limits the rule to the proxies of the workloads it selects in the rule's namespace;
    /// without it the rule applies to every client of the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub workload_selector: Option<type_v1beta1::WorkloadSelector>,
}

/// A named group of a host's endpoints (`istio.networking.v1alpha3.Subset`), such as one
/// version of a service, that a route can send traffic to.
///
/// Its traffic policy, which most subsets leave out, is boxed; see
/// [the module](crate::networking) for why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Subset {
    /// The subset's name, which routes use in `destination.subset`. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub name: CompactString,
    /// Labels an endpoint must carry to be in the subset. May be empty, for example when the
    /// subset only differs by its TLS settings (an SNI per subset on an egress gateway).
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(labels)))]
    pub labels: StringMap,
    /// A policy for this subset, replacing the rule-level one field by field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub traffic_policy: Option<Box<TrafficPolicy>>,
}

impl Subset {
    /// A subset with this name, no labels and no policy of its own.
    pub fn new(name: impl Into<CompactString>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests;
