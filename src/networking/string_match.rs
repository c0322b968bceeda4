//! [`StringMatch`]: how a header, URI, authority or query parameter is compared.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::oneof::{self, OneofConflict};

/// A string comparison (`istio.networking.v1alpha3.StringMatch`): exactly, by prefix, or by an
/// RE2 regular expression.
///
/// ```
/// use istio_egress::networking::{MatchType, StringMatch};
///
/// let m: StringMatch = serde_json::from_str(r#"{"prefix": "/api"}"#)?;
/// assert_eq!(m, StringMatch::prefix("/api"));
/// assert_eq!(m.match_type, Some(MatchType::Prefix("/api".into())));
/// assert!(serde_json::from_str::<StringMatch>(r#"{"exact": "a", "regex": "b"}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "StringMatchWire", into = "StringMatchWire")]
pub struct StringMatch {
    /// The comparison; `None` for an empty match (`{}`), which Istio's validation flags.
    pub match_type: Option<MatchType>,
}

/// The one-of `match_type` of a [`StringMatch`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MatchType {
    /// The value must equal this string (`exact`).
    Exact(CompactString),
    /// The value must start with this string (`prefix`).
    Prefix(CompactString),
    /// The value must match this RE2 expression in full (`regex`).
    Regex(CompactString),
}

impl StringMatch {
    /// Matches values equal to `value`.
    pub fn exact(value: impl Into<CompactString>) -> Self {
        Self {
            match_type: Some(MatchType::Exact(value.into())),
        }
    }

    /// Matches values starting with `value`.
    pub fn prefix(value: impl Into<CompactString>) -> Self {
        Self {
            match_type: Some(MatchType::Prefix(value.into())),
        }
    }

    /// Matches values the RE2 expression `pattern` matches in full.
    pub fn regex(pattern: impl Into<CompactString>) -> Self {
        Self {
            match_type: Some(MatchType::Regex(pattern.into())),
        }
    }
}

/// The wire form of [`StringMatch`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "StringMatch")]
struct StringMatchWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exact: Option<CompactString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prefix: Option<CompactString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    regex: Option<CompactString>,
}

impl TryFrom<StringMatchWire> for StringMatch {
    type Error = OneofConflict;
    fn try_from(wire: StringMatchWire) -> Result<Self, Self::Error> {
        let match_type = oneof::pick(
            &["exact", "prefix", "regex"],
            [
                wire.exact.map(MatchType::Exact),
                wire.prefix.map(MatchType::Prefix),
                wire.regex.map(MatchType::Regex),
            ],
        )?;
        Ok(Self { match_type })
    }
}

impl From<StringMatch> for StringMatchWire {
    fn from(value: StringMatch) -> Self {
        let mut wire = Self::default();
        match value.match_type {
            Some(MatchType::Exact(v)) => wire.exact = Some(v),
            Some(MatchType::Prefix(v)) => wire.prefix = Some(v),
            Some(MatchType::Regex(v)) => wire.regex = Some(v),
            None => {}
        }
        wire
    }
}
