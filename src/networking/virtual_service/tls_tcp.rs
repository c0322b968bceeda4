//! [`TlsRoute`] and [`TcpRoute`]: rules for connections the proxy does not read as HTTP.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::Destination;

/// A rule for TLS connections passed through unterminated, matched on their SNI
/// (`istio.networking.v1alpha3.TLSRoute`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TlsRoute {
    /// The conditions under which the rule applies: any one of them must hold, each holding
    /// when all its criteria do. Required.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(setter(into))]
    pub r#match: Vec<TlsMatchAttributes>,
    /// Where matching connections are forwarded.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub route: Vec<RouteDestination>,
}

/// Criteria a TLS connection must all meet for a rule to apply
/// (`istio.networking.v1alpha3.TLSMatchAttributes`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TlsMatchAttributes {
    /// The SNI names to match; a leading `*.` wildcard is allowed. Each must fall within the
    /// VirtualService's `hosts`. Required.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(setter(transform = |sni_hosts: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(sni_hosts)))]
    pub sni_hosts: Vec<CompactString>,
    /// Destination IP addresses or CIDR subnets (`a.b.c.d` or `a.b.c.d/xx`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |destination_subnets: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(destination_subnets)))]
    pub destination_subnets: Vec<CompactString>,
    /// The port the connection was addressed to; unnecessary for services with one port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub port: Option<u32>,
    /// Labels the connecting workload must carry. Only honoured for sidecars, so the
    /// VirtualService's `gateways` must include `mesh` if it lists any.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |source_labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(source_labels)))]
    pub source_labels: StringMap,
    /// The gateways (or `mesh`) this condition applies on, replacing the VirtualService's
    /// own `gateways` list for it.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |gateways: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(gateways)))]
    pub gateways: Vec<CompactString>,
    /// The namespace the connecting workload must run in. Only honoured for sidecars, like
    /// `source_labels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub source_namespace: Option<CompactString>,
}

/// A weighted destination of a TLS or TCP rule
/// (`istio.networking.v1alpha3.RouteDestination`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct RouteDestination {
    /// Where the connections go. Istio requires it; the builder does too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(strip_option))]
    pub destination: Option<Destination>,
    /// This destination's share of the rule's connections, relative to the other
    /// destinations' weights. A lone destination gets everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub weight: Option<i32>,
}

/// A rule for opaque TCP connections (`istio.networking.v1alpha3.TCPRoute`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TcpRoute {
    /// The conditions under which the rule applies: any one of them must hold, each holding
    /// when all its criteria do. Empty means every connection.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub r#match: Vec<L4MatchAttributes>,
    /// Where matching connections are forwarded.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub route: Vec<RouteDestination>,
}

/// Criteria a TCP connection must all meet for a rule to apply
/// (`istio.networking.v1alpha3.L4MatchAttributes`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct L4MatchAttributes {
    /// Destination IP addresses or CIDR subnets (`a.b.c.d` or `a.b.c.d/xx`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |destination_subnets: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(destination_subnets)))]
    pub destination_subnets: Vec<CompactString>,
    /// The port the connection was addressed to; unnecessary for services with one port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub port: Option<u32>,
    /// Hidden in Istio's docs: a source IP address or CIDR subnet. Kept so nothing read is
    /// lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub source_subnet: Option<CompactString>,
    /// Labels the connecting workload must carry. Only honoured for sidecars, so the
    /// VirtualService's `gateways` must include `mesh` if it lists any.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |source_labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(source_labels)))]
    pub source_labels: StringMap,
    /// The gateways (or `mesh`) this condition applies on, replacing the VirtualService's
    /// own `gateways` list for it.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |gateways: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(gateways)))]
    pub gateways: Vec<CompactString>,
    /// The namespace the connecting workload must run in. Only honoured for sidecars, like
    /// `source_labels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub source_namespace: Option<CompactString>,
}
