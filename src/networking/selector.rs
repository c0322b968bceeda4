//! Selectors and port references shared by several kinds.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

/// Picks workloads by their labels (`istio.networking.v1alpha3.WorkloadSelector`); a
/// ServiceEntry uses it to name the pods and VMs that serve its hosts.
///
/// DestinationRule uses a different message with a `matchLabels` key:
/// [`type_v1beta1::WorkloadSelector`].
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSelector {
    /// Labels a workload must all carry to be selected; no wildcards.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(labels)))]
    pub labels: StringMap,
}

/// A port picked by number (`istio.networking.v1alpha3.PortSelector`), used by route
/// destinations and by per-port traffic policies.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct PortSelector {
    /// The port number; validation checks it is within 1 to 65535.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub number: Option<u32>,
}

impl PortSelector {
    /// The port with this number.
    pub fn number(number: u32) -> Self {
        Self {
            number: Some(number),
        }
    }
}

/// Messages of Istio's `istio.type.v1beta1` package.
pub mod type_v1beta1 {
    use super::*;

    /// Picks workloads by their labels (`istio.type.v1beta1.WorkloadSelector`); a
    /// DestinationRule uses it to apply only to some workloads' sidecars.
    ///
    /// Not to be confused with the ServiceEntry's
    /// [`WorkloadSelector`](super::WorkloadSelector), whose key is `labels`.
    #[derive(
        Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
    )]
    #[serde(rename_all = "camelCase")]
    pub struct WorkloadSelector {
        /// Labels a workload must all carry to be selected; no wildcards, no empty keys.
        #[serde(default, skip_serializing_if = "StringMap::is_empty")]
        #[builder(default, setter(transform = |match_labels: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(match_labels)))]
        pub match_labels: StringMap,
    }
}
