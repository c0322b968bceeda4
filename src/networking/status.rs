//! [`IstioStatus`]: the `status` Istio writes on every networking object.

use compact_str::CompactString;

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::wire_enum::wire_enum;

/// The status subresource of a networking object (`istio.meta.v1alpha1.IstioStatus`).
///
/// Istio's controllers and its analysis fill it in; users rarely write it. The CRD preserves
/// unknown status fields, so keys this type does not model are kept in [`IstioStatus::extra`]
/// and written back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct IstioStatus {
    /// The current conditions of the object.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub conditions: Vec<IstioCondition>,
    /// Errors and warnings that Istio's analyzers found in the object.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub validation_messages: Vec<AnalysisMessageBase>,
    /// The generation of the object this status describes (a number or a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub observed_generation: Option<IntOrString>,
    /// Status fields this type does not model, kept as read.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One condition of an [`IstioStatus`] (`istio.meta.v1alpha1.IstioCondition`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct IstioCondition {
    /// What the condition is about, such as `Reconciled`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub type_: Option<CompactString>,
    /// `True`, `False` or `Unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub status: Option<CompactString>,
    /// When the condition was last checked, as an RFC 3339 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub last_probe_time: Option<CompactString>,
    /// When the condition last changed, as an RFC 3339 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub last_transition_time: Option<CompactString>,
    /// A one-word reason for the last change, in CamelCase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub reason: Option<CompactString>,
    /// A sentence for people about the last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub message: Option<CompactString>,
    /// The generation of the object the condition was computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub observed_generation: Option<IntOrString>,
}

/// A finding of Istio's analysis recorded in the status
/// (`istio.analysis.v1alpha1.AnalysisMessageBase`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisMessageBase {
    /// Which kind of message this is.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub type_: Option<AnalysisMessageType>,
    /// How serious the message is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub level: Option<AnalysisMessageLevel>,
    /// A link to Istio's page about this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub documentation_url: Option<CompactString>,
}

/// The name and code of an analysis message (`AnalysisMessageBase.Type`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisMessageType {
    /// A readable name, such as `ReferencedResourceNotFound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<CompactString>,
    /// The message code, `IST` followed by four digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub code: Option<CompactString>,
}

wire_enum! {
    /// How serious an analysis message is (`AnalysisMessageBase.Level`).
    pub enum AnalysisMessageLevel {
        /// The level was not set.
        Unknown = "UNKNOWN",
        /// Istio will not work as configured.
        Error = "ERROR",
        /// Probably a mistake.
        Warning = "WARNING",
        /// Worth knowing.
        Info = "INFO",
    }
}
