//! Answers a rule gives without forwarding: [`HttpRedirect`] and [`HttpDirectResponse`].

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::oneof::{self, OneofConflict};
use crate::networking::wire_enum::wire_enum;

/// A redirect sent back to the caller, with parts of the URL replaced
/// (`istio.networking.v1alpha3.HTTPRedirect`).
///
/// ```
/// use istio_egress::networking::{HttpRedirect, RedirectPort, RedirectPortSelection};
///
/// let redirect = HttpRedirect::builder()
///     .scheme("https")
///     .redirect_port(RedirectPort::DerivePort(RedirectPortSelection::FromProtocolDefault))
///     .build();
/// assert_eq!(
///     serde_json::to_value(&redirect)?,
///     serde_json::json!({ "derivePort": "FROM_PROTOCOL_DEFAULT", "scheme": "https" })
/// );
/// assert!(serde_json::from_str::<HttpRedirect>(r#"{"port": 8443, "derivePort": "FROM_REQUEST_PORT"}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(try_from = "HttpRedirectWire", into = "HttpRedirectWire")]
pub struct HttpRedirect {
    /// The path of the redirect URL, replacing the whole request path whatever the rule
    /// matched it with.
    #[builder(default, setter(into, strip_option))]
    pub uri: Option<CompactString>,
    /// The authority (host) of the redirect URL.
    #[builder(default, setter(into, strip_option))]
    pub authority: Option<CompactString>,
    /// The port of the redirect URL: a fixed number or a rule for deriving it (the one-of
    /// `redirect_port`).
    #[builder(default, setter(into, strip_option))]
    pub redirect_port: Option<RedirectPort>,
    /// The scheme of the redirect URL, such as `https`.
    #[builder(default, setter(into, strip_option))]
    pub scheme: Option<CompactString>,
    /// The redirect's HTTP status; 301 (Moved Permanently) when unset.
    #[builder(default, setter(strip_option))]
    pub redirect_code: Option<u32>,
    /// Replace only the prefix the rule matched in the path with this, keeping the rest of
    /// the path (where `uri` replaces all of it).
    #[builder(default, setter(into, strip_option))]
    pub prefix_rewrite: Option<CompactString>,
}

/// The one-of `redirect_port` of an [`HttpRedirect`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectPort {
    /// Use this port (`port`).
    Port(u32),
    /// Derive the port from the request (`derivePort`).
    DerivePort(RedirectPortSelection),
}

wire_enum! {
    /// How a redirect picks its port (`HTTPRedirect.RedirectPortSelection`).
    pub enum RedirectPortSelection {
        /// The scheme's default port: 80 for `http`, 443 for `https`. Istio's default.
        FromProtocolDefault = "FROM_PROTOCOL_DEFAULT",
        /// The port the request came in on.
        FromRequestPort = "FROM_REQUEST_PORT",
    }
}

/// The wire form of [`HttpRedirect`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "HttpRedirect")]
struct HttpRedirectWire {
    /// The path of the redirect URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uri: Option<CompactString>,
    /// The authority (host) of the redirect URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authority: Option<CompactString>,
    /// A fixed port for the redirect URL; excludes `derivePort`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    port: Option<u32>,
    /// How to derive the redirect URL's port; excludes `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    derive_port: Option<RedirectPortSelection>,
    /// The scheme of the redirect URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scheme: Option<CompactString>,
    /// The redirect's HTTP status (301 when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    redirect_code: Option<u32>,
    /// A replacement for the matched path prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prefix_rewrite: Option<CompactString>,
}

impl TryFrom<HttpRedirectWire> for HttpRedirect {
    type Error = OneofConflict;
    fn try_from(wire: HttpRedirectWire) -> Result<Self, Self::Error> {
        let redirect_port = oneof::pick(
            &["port", "derivePort"],
            [
                wire.port.map(RedirectPort::Port),
                wire.derive_port.map(RedirectPort::DerivePort),
            ],
        )?;
        Ok(Self {
            uri: wire.uri,
            authority: wire.authority,
            redirect_port,
            scheme: wire.scheme,
            redirect_code: wire.redirect_code,
            prefix_rewrite: wire.prefix_rewrite,
        })
    }
}

impl From<HttpRedirect> for HttpRedirectWire {
    fn from(value: HttpRedirect) -> Self {
        let (port, derive_port) = match value.redirect_port {
            Some(RedirectPort::Port(port)) => (Some(port), None),
            Some(RedirectPort::DerivePort(selection)) => (None, Some(selection)),
            None => (None, None),
        };
        Self {
            uri: value.uri,
            authority: value.authority,
            port,
            derive_port,
            scheme: value.scheme,
            redirect_code: value.redirect_code,
            prefix_rewrite: value.prefix_rewrite,
        }
    }
}

/// A fixed response returned to the caller instead of forwarding the request
/// (`istio.networking.v1alpha3.HTTPDirectResponse`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct HttpDirectResponse {
    /// The HTTP status of the response. Required.
    #[serde(default)]
    pub status: u32,
    /// The response body; empty when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body: Option<HttpBody>,
}

/// The body of a direct response, as text or as bytes
/// (`istio.networking.v1alpha3.HTTPBody`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(try_from = "HttpBodyWire", into = "HttpBodyWire")]
pub struct HttpBody {
    /// The content (the one-of `specifier`); `None` for an empty body object (`{}`).
    #[builder(default, setter(into, strip_option))]
    pub specifier: Option<BodySpecifier>,
}

/// The one-of `specifier` of an [`HttpBody`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodySpecifier {
    /// The body as text (`string`).
    String(CompactString),
    /// The body as base64-encoded bytes (`bytes`), kept as the base64 text that was read;
    /// validation checks the encoding.
    Bytes(CompactString),
}

impl HttpBody {
    /// A body with this text.
    pub fn string(text: impl Into<CompactString>) -> Self {
        Self {
            specifier: Some(BodySpecifier::String(text.into())),
        }
    }

    /// A body given as base64 text, written as is.
    pub fn bytes(base64: impl Into<CompactString>) -> Self {
        Self {
            specifier: Some(BodySpecifier::Bytes(base64.into())),
        }
    }
}

/// The wire form of [`HttpBody`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "HttpBody")]
struct HttpBodyWire {
    /// The body as text; excludes `bytes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    string: Option<CompactString>,
    /// The body as base64-encoded bytes; excludes `string`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "byte"))]
    bytes: Option<CompactString>,
}

impl TryFrom<HttpBodyWire> for HttpBody {
    type Error = OneofConflict;
    fn try_from(wire: HttpBodyWire) -> Result<Self, Self::Error> {
        let specifier = oneof::pick(
            &["string", "bytes"],
            [
                wire.string.map(BodySpecifier::String),
                wire.bytes.map(BodySpecifier::Bytes),
            ],
        )?;
        Ok(Self { specifier })
    }
}

impl From<HttpBody> for HttpBodyWire {
    fn from(value: HttpBody) -> Self {
        let mut wire = Self::default();
        match value.specifier {
            Some(BodySpecifier::String(text)) => wire.string = Some(text),
            Some(BodySpecifier::Bytes(base64)) => wire.bytes = Some(base64),
            None => {}
        }
        wire
    }
}
