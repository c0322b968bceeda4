//! [`CorsPolicy`]: the Cross-Origin Resource Sharing answers of an HTTP rule.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::wire_enum::wire_enum;
use crate::networking::{Duration, StringMatch};

/// Which cross-origin requests browsers may make to the rule's hosts, and what they may see
/// of the answers (`istio.networking.v1alpha3.CorsPolicy`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct CorsPolicy {
    /// Deprecated (and hidden in Istio's docs): allowed origins as plain strings, `*` for
    /// any; use `allow_origins`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |allow_origin: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(allow_origin)))]
    pub allow_origin: Vec<CompactString>,
    /// The origins allowed, as string matches; an origin is allowed when any of them
    /// matches, and is then echoed in `Access-Control-Allow-Origin`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub allow_origins: Vec<StringMatch>,
    /// The methods allowed, sent in `Access-Control-Allow-Methods`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |allow_methods: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(allow_methods)))]
    pub allow_methods: Vec<CompactString>,
    /// The request headers allowed, sent in `Access-Control-Allow-Headers`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |allow_headers: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(allow_headers)))]
    pub allow_headers: Vec<CompactString>,
    /// The response headers browsers may read, sent in `Access-Control-Expose-Headers`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |expose_headers: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(expose_headers)))]
    pub expose_headers: Vec<CompactString>,
    /// How long browsers may cache a preflight answer (`Access-Control-Max-Age`); at least
    /// 1ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub max_age: Option<Duration>,
    /// Whether the actual request (not the preflight) may carry credentials
    /// (`Access-Control-Allow-Credentials`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub allow_credentials: Option<bool>,
    /// What to do with preflight requests whose origin is not allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub unmatched_preflights: Option<UnmatchedPreflights>,
}

wire_enum! {
    /// What happens to a preflight request whose origin no rule allows
    /// (`CorsPolicy.UnmatchedPreflights`).
    pub enum UnmatchedPreflights {
        /// Not set: Envoy's default, which is to forward it.
        Unspecified = "UNSPECIFIED",
        /// Forward it to the upstream service.
        Forward = "FORWARD",
        /// Do not forward it; the proxy answers it itself.
        Ignore = "IGNORE",
    }
}
