//! [`ClientTlsSettings`]: the TLS a proxy speaks to the upstream, from none to Istio's own
//! mutual TLS.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::wire_enum::wire_enum;

/// TLS for connections to the upstream (`istio.networking.v1alpha3.ClientTLSSettings`), for
/// HTTP and TCP alike.
///
/// ```
/// use istio_egress::networking::{ClientTlsMode, ClientTlsSettings};
///
/// // TLS origination towards an external host.
/// let tls = ClientTlsSettings::builder()
///     .mode(ClientTlsMode::Simple)
///     .sni("api.example.com")
///     .build();
/// assert_eq!(
///     serde_json::to_string(&tls)?,
///     r#"{"mode":"SIMPLE","sni":"api.example.com"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct ClientTlsSettings {
    /// Whether and how to use TLS; `DISABLE` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mode: Option<ClientTlsMode>,
    /// Path of the client certificate file; needed for `MUTUAL` without a credential, and
    /// left empty for `ISTIO_MUTUAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_certificate: Option<CompactString>,
    /// Path of the client's private key file; needed for `MUTUAL` without a credential, and
    /// left empty for `ISTIO_MUTUAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub private_key: Option<CompactString>,
    /// Path of the CA bundle the server's certificate is checked against; the system's CAs
    /// when unset. Left empty for `ISTIO_MUTUAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_certificates: Option<CompactString>,
    /// Name of a Secret, in the proxy's namespace, holding the client key and certificate
    /// and the CA (a separate `<name>-cacert` Secret works too); excludes the file paths.
    /// Sidecars only use it when the rule has a workload selector; gateways always do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credential_name: Option<CompactString>,
    /// Names the server certificate's subject alternative names must include one of; they
    /// replace the ServiceEntry's. When empty, the certificate is checked against the
    /// request's host.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |subject_alt_names: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(subject_alt_names)))]
    pub subject_alt_names: Vec<CompactString>,
    /// The SNI sent in the handshake; for `SIMPLE` and `MUTUAL` it defaults to the
    /// request's host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub sni: Option<CompactString>,
    /// Skip checking the server certificate's CA signature and names; `false` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub insecure_skip_verify: Option<bool>,
    /// Path of a certificate revocation list the server's certificate is checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_crl: Option<CompactString>,
}

impl ClientTlsSettings {
    /// Settings with this mode and nothing else, such as `ISTIO_MUTUAL` towards an egress
    /// gateway or `SIMPLE` for plain TLS origination.
    pub fn mode(mode: ClientTlsMode) -> Self {
        Self {
            mode: Some(mode),
            ..Self::default()
        }
    }
}

wire_enum! {
    /// How a proxy secures connections to the upstream (`ClientTLSSettings.TLSmode`).
    ///
    /// Not the Gateway's [`ServerTlsMode`](crate::networking::ServerTlsMode): the values and
    /// the default differ.
    pub enum ClientTlsMode {
        /// Plain connections, no TLS. Istio's default.
        Disable = "DISABLE",
        /// Originate TLS, checking the server's certificate.
        Simple = "SIMPLE",
        /// Originate mutual TLS, presenting a client certificate.
        Mutual = "MUTUAL",
        /// Mutual TLS with the certificates Istio issues to the workload; the other fields
        /// stay empty.
        IstioMutual = "ISTIO_MUTUAL",
    }
}
