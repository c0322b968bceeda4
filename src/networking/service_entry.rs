//! [`ServiceEntry`]: adds a host the mesh does not know by itself, such as an external API, to
//! Istio's service registry.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::WorkloadSelector;
use super::kind::istio_kind;
use super::wire_enum::wire_enum;

istio_kind! {
    /// A `networking.istio.io` ServiceEntry: declares hosts, ports and (optionally) endpoints so
    /// that sidecars and gateways can route to them like to any service of the mesh.
    ///
    /// Egress starts here: with `REGISTRY_ONLY` outbound policy, a host without a ServiceEntry
    /// cannot be reached at all.
    ///
    /// ```
    /// use istio_egress::networking::{Location, Resolution, ServiceEntry, ServiceEntrySpec,
    ///     ServicePort};
    ///
    /// let entry = ServiceEntry::new(
    ///     "api",
    ///     ServiceEntrySpec::builder()
    ///         .hosts(["api.example.com"])
    ///         .ports(vec![ServicePort::new(443, "TLS", "tls")])
    ///         .location(Location::MeshExternal)
    ///         .resolution(Resolution::Dns)
    ///         .build(),
    /// );
    /// assert_eq!(entry.spec.ports[0].number, 443);
    /// ```
    ///
    /// Istio requires `hosts`, and so does the builder:
    ///
    /// ```compile_fail
    /// use istio_egress::networking::ServiceEntrySpec;
    ///
    /// let spec = ServiceEntrySpec::builder().build();
    /// ```
    ServiceEntry, ServiceEntrySpec, plural = "serviceentries"
}

/// The spec of a [`ServiceEntry`] (`istio.networking.v1alpha3.ServiceEntry`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEntrySpec {
    /// The host names this entry declares; a leading `*.` makes one a wildcard. Required.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(setter(transform = |hosts: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(hosts)))]
    pub hosts: Vec<CompactString>,
    /// Virtual IPs or CIDR ranges for the hosts, which let plain TCP traffic be told apart.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |addresses: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(addresses)))]
    pub addresses: Vec<CompactString>,
    /// The ports the hosts serve, each with its protocol and a unique name.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub ports: Vec<ServicePort>,
    /// Whether the hosts are outside the mesh (the default) or part of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub location: Option<Location>,
    /// How the proxy finds the addresses of the hosts; Istio's default is `NONE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resolution: Option<Resolution>,
    /// The endpoints behind the hosts, when they are listed here rather than resolved.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub endpoints: Vec<WorkloadEntry>,
    /// Selects the mesh's own pods and VMs as the endpoints instead; excludes `endpoints`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub workload_selector: Option<WorkloadSelector>,
    /// The namespaces that see this entry: `.` for its own, `*` for all, or names. Empty means
    /// the mesh's default (all namespaces, unless the mesh config says otherwise).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |export_to: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(export_to)))]
    pub export_to: Vec<CompactString>,
    /// Identities the servers of these hosts must present when Istio mutual TLS is used.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |subject_alt_names: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(subject_alt_names)))]
    pub subject_alt_names: Vec<CompactString>,
}

/// A port of a ServiceEntry's hosts (`istio.networking.v1alpha3.ServicePort`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    /// The port number, 1 to 65535.
    #[serde(default)]
    pub number: u32,
    /// The protocol: `HTTP`, `HTTPS`, `HTTP2`, `GRPC`, `MONGO`, `TCP`, `TLS` and the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub protocol: Option<CompactString>,
    /// A name for the port, unique within the entry.
    #[serde(default)]
    #[builder(setter(into))]
    pub name: CompactString,
    /// The port on the endpoints that traffic for `number` is sent to, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub target_port: Option<u32>,
}

impl ServicePort {
    /// A port with its number, protocol and name.
    pub fn new(
        number: u32,
        protocol: impl Into<CompactString>,
        name: impl Into<CompactString>,
    ) -> Self {
        Self {
            number,
            protocol: Some(protocol.into()),
            name: name.into(),
            target_port: None,
        }
    }

    /// Sends the port's traffic to `target_port` on the endpoints.
    pub fn with_target_port(mut self, target_port: u32) -> Self {
        self.target_port = Some(target_port);
        self
    }
}

/// One endpoint of a ServiceEntry (`istio.networking.v1alpha3.WorkloadEntry`, the message a
/// WorkloadEntry object also carries).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadEntry {
    /// An IP address, a DNS name, or a Unix socket (`unix:///path`). May be left out only
    /// when `network` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub address: Option<CompactString>,
    /// Overrides of port numbers, keyed by the name of the entry's port.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |ports: impl IntoIterator<Item = (impl Into<CompactString>, u32)>| crate::networking::text::keyed(ports)))]
    pub ports: StringMap<u32>,
    /// Labels of the endpoint, usable in subsets.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(labels)))]
    pub labels: StringMap,
    /// The network the endpoint is on, for meshes that span networks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub network: Option<CompactString>,
    /// Where the endpoint runs, as `region/zone/subzone`, for locality-aware balancing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub locality: Option<CompactString>,
    /// The endpoint's share of traffic relative to the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub weight: Option<u32>,
    /// The service account the endpoint runs as, when it is part of the mesh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub service_account: Option<CompactString>,
}

wire_enum! {
    /// Whether a ServiceEntry's hosts are inside or outside the mesh
    /// (`ServiceEntry.Location`).
    pub enum Location {
        /// Outside the mesh: no sidecar on the other end, so no Istio mutual TLS. The default.
        MeshExternal = "MESH_EXTERNAL",
        /// Part of the mesh, such as VMs added by hand.
        MeshInternal = "MESH_INTERNAL",
    }
}

wire_enum! {
    /// How a proxy finds the addresses behind a ServiceEntry's hosts
    /// (`ServiceEntry.Resolution`).
    pub enum Resolution {
        /// No resolution: the connection goes to the address the application asked for. The
        /// default.
        None = "NONE",
        /// The addresses listed in `endpoints`.
        Static = "STATIC",
        /// Resolve the host (or the endpoints' names) by DNS, asynchronously, using every
        /// address returned.
        Dns = "DNS",
        /// Resolve by DNS and use only the first address returned, for hosts with many.
        DnsRoundRobin = "DNS_ROUND_ROBIN",
        /// Resolve each request's host by DNS as it comes, for wildcard hosts.
        DynamicDns = "DYNAMIC_DNS",
    }
}
