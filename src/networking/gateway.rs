//! [`Gateway`]: the ports, protocols and hosts a mesh's edge proxy (ingress or egress) listens
//! on.

use compact_str::CompactString;

use crate::networking::StringMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::kind::istio_kind;
use super::wire_enum::wire_enum;

istio_kind! {
    /// A `networking.istio.io` Gateway: which ports a set of gateway proxies open and which
    /// hosts they accept on each.
    ///
    /// For egress, the Gateway opens a port on the egress gateway for the external host; a
    /// VirtualService bound to it then says where the traffic goes.
    ///
    /// ```
    /// use istio_egress::networking::{Gateway, GatewaySpec, Port, Server};
    ///
    /// let gateway = Gateway::new(
    ///     "egress",
    ///     GatewaySpec::builder()
    ///         .selector([("istio".to_string(), "egressgateway".to_string())])
    ///         .servers(vec![Server::builder()
    ///             .port(Port::new(80, "HTTP", "http"))
    ///             .hosts(["api.example.com"])
    ///             .build()])
    ///         .build(),
    /// )
    /// .in_namespace("istio-system");
    /// assert_eq!(gateway.spec.servers[0].hosts, ["api.example.com"]);
    /// ```
    Gateway, GatewaySpec, plural = "gateways"
}

/// The spec of a [`Gateway`] (`istio.networking.v1alpha3.Gateway`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    /// The listeners: each a port with the hosts it serves and its TLS settings.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub servers: Vec<Server>,
    /// Labels of the gateway pods this configuration applies to, such as
    /// `istio: egressgateway`. Looked up in the Gateway's own namespace unless the mesh says
    /// otherwise.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    #[builder(default, setter(transform = |selector: impl IntoIterator<Item = (impl Into<CompactString>, impl Into<CompactString>)>| crate::networking::text::map(selector)))]
    pub selector: StringMap,
}

/// One listener of a Gateway (`istio.networking.v1alpha3.Server`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    /// The port to listen on. Istio requires it; the builder does too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(strip_option))]
    pub port: Option<Port>,
    /// An IP address or Unix socket (`unix://…`) to bind to instead of all addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub bind: Option<CompactString>,
    /// The hosts served on this port, each optionally prefixed with the namespaces whose
    /// VirtualServices may bind to it (`ns/host`, `./host`, `*/host`). Required.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(setter(transform = |hosts: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(hosts)))]
    pub hosts: Vec<CompactString>,
    /// TLS for this listener: how it terminates, passes through or requires client
    /// certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tls: Option<ServerTlsSettings>,
    /// Not implemented by Istio and hidden from its docs; kept so nothing read is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_endpoint: Option<CompactString>,
    /// A name for the server, unique among the Gateway's servers when set; it shows up in
    /// Envoy's statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<CompactString>,
}

/// A gateway listener's port (`istio.networking.v1alpha3.Port`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    /// The port number the proxy listens on.
    #[serde(default)]
    pub number: u32,
    /// The protocol: `HTTP`, `HTTPS`, `GRPC`, `GRPC-WEB`, `HTTP2`, `MONGO`, `TCP` or `TLS`.
    #[serde(default)]
    #[builder(setter(into))]
    pub protocol: CompactString,
    /// A name for the port.
    #[serde(default)]
    #[builder(setter(into))]
    pub name: CompactString,
    /// Deprecated and hidden in Istio; the webhook rejects it on Gateways. Kept so that a
    /// manifest using it reads, and validation can say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub target_port: Option<u32>,
}

impl Port {
    /// A port with its number, protocol and name.
    pub fn new(
        number: u32,
        protocol: impl Into<CompactString>,
        name: impl Into<CompactString>,
    ) -> Self {
        Self {
            number,
            protocol: protocol.into(),
            name: name.into(),
            target_port: None,
        }
    }
}

/// TLS settings of a gateway listener (`istio.networking.v1alpha3.ServerTLSSettings`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ServerTlsSettings {
    /// Answer plain HTTP on this port with a 301 redirect to HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub https_redirect: Option<bool>,
    /// How the listener treats TLS; Istio's default is `PASSTHROUGH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub mode: Option<ServerTlsMode>,
    /// Path of the server certificate file, for `SIMPLE` and `MUTUAL` without a credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub server_certificate: Option<CompactString>,
    /// Path of the server's private key file, for `SIMPLE` and `MUTUAL` without a credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub private_key: Option<CompactString>,
    /// Path of the CA bundle that client certificates are checked against, for `MUTUAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_certificates: Option<CompactString>,
    /// Path of a certificate revocation list for client certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_crl: Option<CompactString>,
    /// Name of the Kubernetes Secret holding the key, certificate and, for mutual TLS, the CA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credential_name: Option<CompactString>,
    /// Like `credential_name`, for one or two Secrets (an RSA and an ECDSA certificate).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |credential_names: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(credential_names)))]
    pub credential_names: Vec<CompactString>,
    /// Certificates given as file paths, one or two of them; excludes the credential fields.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(into))]
    pub tls_certificates: Vec<TlsCertificate>,
    /// Name of a Secret or ConfigMap holding only the CA certificates for mutual TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_cert_credential_name: Option<CompactString>,
    /// Subject alternative names a client certificate must carry one of.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |subject_alt_names: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(subject_alt_names)))]
    pub subject_alt_names: Vec<CompactString>,
    /// Base64 SHA-256 hashes of the SPKIs of the client certificates allowed.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |verify_certificate_spki: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(verify_certificate_spki)))]
    pub verify_certificate_spki: Vec<CompactString>,
    /// Hex SHA-256 hashes of the client certificates allowed.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |verify_certificate_hash: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(verify_certificate_hash)))]
    pub verify_certificate_hash: Vec<CompactString>,
    /// The oldest TLS version accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub min_protocol_version: Option<TlsProtocol>,
    /// The newest TLS version accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub max_protocol_version: Option<TlsProtocol>,
    /// The cipher suites offered, when the defaults are not wanted.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default, setter(transform = |cipher_suites: impl IntoIterator<Item = impl Into<CompactString>>| crate::networking::text::list(cipher_suites)))]
    pub cipher_suites: Vec<CompactString>,
    /// Accept client certificates that fail verification (the connection is still checked,
    /// but let through).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub insecure_skip_verify: Option<bool>,
}

/// A server certificate given as files (`ServerTLSSettings.TLSCertificate`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct TlsCertificate {
    /// Path of the certificate file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub server_certificate: Option<CompactString>,
    /// Path of the private key file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub private_key: Option<CompactString>,
    /// Path of a CA bundle; hidden in Istio's docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_certificates: Option<CompactString>,
}

wire_enum! {
    /// How a gateway listener handles TLS (`ServerTLSSettings.TLSmode`).
    pub enum ServerTlsMode {
        /// Forward the TLS stream untouched, routed by its SNI. Istio's default.
        Passthrough = "PASSTHROUGH",
        /// Terminate TLS with the server's certificate.
        Simple = "SIMPLE",
        /// Terminate TLS and require a client certificate signed by the given CA.
        Mutual = "MUTUAL",
        /// Pass through, routing by the SNI Istio's mTLS sets (for multi-network gateways).
        AutoPassthrough = "AUTO_PASSTHROUGH",
        /// Terminate Istio's own mutual TLS, as sidecars use it; the hop from sidecars to an
        /// egress gateway.
        IstioMutual = "ISTIO_MUTUAL",
        /// Terminate TLS and check a client certificate if one is offered.
        OptionalMutual = "OPTIONAL_MUTUAL",
    }
}

wire_enum! {
    /// A TLS protocol version (`ServerTLSSettings.TLSProtocol`).
    pub enum TlsProtocol {
        /// Let Envoy choose.
        TlsAuto = "TLS_AUTO",
        /// TLS 1.0.
        Tlsv1_0 = "TLSV1_0",
        /// TLS 1.1.
        Tlsv1_1 = "TLSV1_1",
        /// TLS 1.2.
        Tlsv1_2 = "TLSV1_2",
        /// TLS 1.3.
        Tlsv1_3 = "TLSV1_3",
    }
}
