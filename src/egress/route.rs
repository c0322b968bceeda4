//! The intent: [`EgressRoute`] and the types it is made of.
//!
//! Every type here reads strictly (`deny_unknown_fields`): a misspelt field in a routes file is
//! an error, never a setting silently dropped. Field names are camelCase, as in Istio's own
//! objects.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::EgressGateway;

/// What should leave the mesh, and how: one or more external hosts, the way the application
/// talks to them, and the egress gateway (or not) that the traffic goes through.
///
/// Only `hosts` and `mode` are required; every other field has a default chosen so that the
/// composed objects are as strict as the scenario allows (see each field).
///
/// ```
/// use istio_egress::egress::{EgressMode, EgressRoute};
///
/// let route = EgressRoute::builder()
///     .hosts(["api.example.com"])
///     .mode(EgressMode::TlsOrigination)
///     .client_namespaces(["shop"])
///     .build();
/// let bundle = route.compose()?;
/// assert_eq!(bundle.service_entries[0].spec.hosts, ["api.example.com"]);
/// # Ok::<(), istio_egress::egress::ComposeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EgressRoute {
    /// The external hosts, as the application addresses them: fully qualified, lower-case
    /// DNS names. One or more. A wildcard (`*.wikipedia.org`) is only accepted together with
    /// [`wildcard`](Self::wildcard), which names the one server that answers for all of it;
    /// a route's hosts are either all wildcards or all concrete names.
    #[builder(setter(
        doc = "Sets the external hosts (one or more).",
        fn transform<I, S>(hosts: I) -> Vec<String>
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            hosts.into_iter().map(Into::into).collect()
        }
    ))]
    pub hosts: Vec<String>,

    /// How the application talks to the hosts, which decides the TLS on each hop.
    pub mode: EgressMode,

    /// The port the application connects to. Defaults by mode: 80 for `http`,
    /// `tls-origination` and `mtls-origination` (the application speaks plain HTTP and the
    /// mesh adds TLS); 443 for `tls-passthrough` and `tls-in-mutual`. Required for `tcp`,
    /// where no port is typical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub port: Option<u32>,

    /// The port of the external server. Defaults to 80 for `http`, 443 for every TLS mode
    /// (origination included: the server speaks TLS even though the application does not),
    /// and to `port` for `tcp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub target_port: Option<u32>,

    /// The egress gateway port the sidecars send this route's traffic to (`P_gw`). It must be
    /// a port of the gateway's Service. Defaults to the Service port 80 for `http` and
    /// `tls-origination`, 443 for `tls-passthrough`, `mtls-origination` and `tls-in-mutual`,
    /// and to `port` for `tcp` (which needs a port of its own on the gateway, since the
    /// gateway can only tell opaque TCP streams apart by port). Not used with `direct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub gateway_port: Option<u32>,

    /// For `tcp` only, and required there: the IP addresses (or, for `direct` routes, CIDR
    /// ranges) the application connects to. Opaque TCP carries no host name, so the sidecar
    /// can only recognise the traffic by its destination address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, setter(
        doc = "Sets the IP addresses or CIDR ranges of a `tcp` route.",
        fn transform<I, S>(addresses: I) -> Vec<String>
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            addresses.into_iter().map(Into::into).collect()
        }
    ))]
    pub addresses: Vec<String>,

    /// The namespaces whose workloads use the route. Empty means every namespace, and the
    /// objects are exported to all (`exportTo: ["*"]`). When given, the objects are exported
    /// only to these namespaces and the gateway's own, the DestinationRule for the gateway hop
    /// is written into each of them, and a NetworkPolicy can lock them down (see
    /// [`EgressPlan::with_network_policy`](super::EgressPlan::with_network_policy)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, setter(
        doc = "Sets the client namespaces.",
        fn transform<I, S>(namespaces: I) -> Vec<String>
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            namespaces.into_iter().map(Into::into).collect()
        }
    ))]
    pub client_namespaces: Vec<String>,

    /// The egress gateway the traffic leaves through. Defaults to the one Istio's charts
    /// install (`istio-egressgateway` in `istio-system`). For a `direct` route only its
    /// namespace is used: it is where the objects are written.
    #[serde(default, skip_serializing_if = "EgressGateway::is_default")]
    #[builder(default)]
    pub gateway: EgressGateway,

    /// Leave the mesh straight from the application's sidecar, without a gateway. Off by
    /// default: a gateway gives one place to watch and police egress, and, with a
    /// NetworkPolicy, the only way out. Not possible with `tls-in-mutual`.
    #[serde(default, skip_serializing_if = "is_false")]
    #[builder(default)]
    pub direct: bool,

    /// Required when the hosts are wildcards, refused otherwise: the one concrete server
    /// that answers for every name under the wildcard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub wildcard: Option<Wildcard>,

    /// The TLS the mesh originates towards the server, for `tls-origination` and
    /// `mtls-origination` only. The defaults verify the server.
    #[serde(default, skip_serializing_if = "Origination::is_default")]
    #[builder(default)]
    pub origination: Origination,

    /// The namespaces the objects are exported to, when the default derived from
    /// `clientNamespaces` does not fit: `*`, `.` (the gateway's namespace) or namespace names.
    /// It must still cover the gateway's namespace and every client namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(
        doc = "Sets an explicit exportTo.",
        fn transform<I, S>(namespaces: I) -> Option<Vec<String>>
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            Some(namespaces.into_iter().map(Into::into).collect())
        }
    ))]
    pub export_to: Option<Vec<String>>,

    /// Names to use instead of the derived ones.
    #[serde(default, skip_serializing_if = "Names::is_default")]
    #[builder(default)]
    pub names: Names,

    /// How the external host's addresses are found, when the default does not fit. The
    /// default is `DNS` for concrete hosts (a client cannot reach another IP by lying in its
    /// `Host` header, and the gateway knows where to connect), `NONE` for wildcards (which
    /// cannot be resolved), and `STATIC` for `tcp` with single IP addresses. `NONE` through a
    /// gateway and `DNS` for a wildcard are refused: neither can work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub resolution: Option<EgressResolution>,
}

impl EgressRoute {
    /// A route with these hosts and mode, and every other field at its default.
    pub fn new<I, S>(hosts: I, mode: EgressMode) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::builder().hosts(hosts).mode(mode).build()
    }
}

/// How the application talks to the external host, and so the path of its bytes.
///
/// "Through the gateway" below means: the client's sidecar sends the traffic to the egress
/// gateway's Service, the gateway sends it on to the host. Every mode in which the gateway
/// reads the traffic protects the sidecar→gateway hop with Istio mutual TLS
/// (`ISTIO_MUTUAL`), so it is encrypted and the gateway knows which workload sent it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EgressMode {
    /// Plain HTTP (`http`). app –HTTP→ sidecar –Istio mTLS→ gateway –HTTP→ host:80.
    /// Only for hosts that do not offer TLS: the last hop is readable by anyone on the path.
    Http,
    /// The application's own TLS, passed through (`tls-passthrough`).
    /// app –TLS→ sidecar –TLS (unchanged, routed by SNI)→ gateway –TLS→ host:443. The mesh
    /// never sees the plaintext; the gateway picks the route by the TLS SNI.
    TlsPassthrough,
    /// TLS originated by the mesh (`tls-origination`).
    /// app –HTTP→ sidecar –Istio mTLS→ gateway –TLS→ host:443. The application speaks plain
    /// HTTP to port 80; the gateway opens a TLS connection that checks the server's
    /// certificate.
    TlsOrigination,
    /// Mutual TLS originated by the mesh (`mtls-origination`).
    /// app –HTTP→ sidecar –Istio mTLS→ gateway –mTLS→ host:443, the gateway presenting the
    /// client certificate from `origination.credentialName`.
    MtlsOrigination,
    /// Opaque TCP (`tcp`), recognised by destination address and port.
    /// app –TCP→ sidecar –Istio mTLS→ gateway –TCP→ host:port, on a gateway port of its own.
    Tcp,
    /// The application's TLS carried inside Istio mutual TLS (`tls-in-mutual`).
    /// app –TLS→ sidecar –Istio mTLS (wrapping the app's TLS)→ gateway –TLS (the app's,
    /// unchanged)→ host:443. The gateway terminates only the outer layer, so it knows which
    /// workload sent the traffic, and forwards the inner bytes as TCP.
    TlsInMutual,
}

impl EgressMode {
    /// The mode's name as written in YAML, such as `tls-origination`.
    pub fn as_str(self) -> &'static str {
        match self {
            EgressMode::Http => "http",
            EgressMode::TlsPassthrough => "tls-passthrough",
            EgressMode::TlsOrigination => "tls-origination",
            EgressMode::MtlsOrigination => "mtls-origination",
            EgressMode::Tcp => "tcp",
            EgressMode::TlsInMutual => "tls-in-mutual",
        }
    }

    /// Whether the mesh originates TLS towards the host in this mode.
    pub fn originates_tls(self) -> bool {
        matches!(
            self,
            EgressMode::TlsOrigination | EgressMode::MtlsOrigination
        )
    }
}

impl std::fmt::Display for EgressMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The server behind a wildcard host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Wildcard {
    /// The one concrete host that serves every name under the wildcard (for
    /// `*.wikipedia.org`, `www.wikipedia.org`). Istio cannot resolve a wildcard, so the mesh
    /// sends all of it to this host, which gets a DNS-resolved ServiceEntry of its own. If
    /// the names under the wildcard are served by different servers, list them as concrete
    /// hosts instead.
    #[builder(setter(into))]
    pub upstream: String,
}

impl Wildcard {
    /// The wildcard served by `upstream`.
    pub fn new(upstream: impl Into<String>) -> Self {
        Self {
            upstream: upstream.into(),
        }
    }
}

/// The TLS the mesh originates towards the external server, for `tls-origination` and
/// `mtls-origination`.
///
/// The defaults verify the server as a browser would: the SNI and the expected subject
/// alternative name are the host, and the certificate must chain to the proxy image's system
/// CA bundle (or to the CA in `credentialName`'s Secret).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Origination {
    /// The Secret with the client certificate and key (`tls.crt`, `tls.key`) and the CA to
    /// check the server with (`ca.crt`). Required for `mtls-origination`; optional for
    /// `tls-origination`, where it supplies the CA. It lives in the namespace of the proxy
    /// that originates: the gateway's namespace, or each client namespace for `direct`
    /// routes (which then also need `workloadSelector`, the only way a sidecar reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credential_name: Option<String>,

    /// A CA bundle file in the proxy to check the server's certificate with. Defaults to
    /// `/etc/ssl/certs/ca-certificates.crt`, the system bundle of Istio's proxy images, unless
    /// `credentialName` supplies the CA (the two cannot be combined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_certificates: Option<String>,

    /// The SNI sent to the server. Defaults to the host (for a wildcard, its upstream). Only
    /// settable on a route with one destination host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub sni: Option<String>,

    /// The names the server's certificate must carry one of. Defaults to the host (for a
    /// wildcard, its upstream), so that a certificate valid for another name is refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, setter(into))]
    pub subject_alt_names: Vec<String>,

    /// Accept any server certificate. `false` by default; the only way to turn verification
    /// off, and it cannot be combined with a CA or subject alternative names. Analysis then
    /// warns (IST0128/IST0129), and the warning is kept in the bundle.
    #[serde(default, skip_serializing_if = "is_false")]
    #[builder(default)]
    pub insecure_skip_verify: bool,

    /// For `direct` routes: the labels of the client workloads whose sidecars originate. The
    /// DestinationRule then carries this selector and is written into each client namespace;
    /// a sidecar only uses `credentialName` under such a rule. Refused for gateway routes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default, setter(into))]
    pub workload_selector: BTreeMap<String, String>,
}

impl Origination {
    /// Whether nothing is set.
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

/// Names to use instead of the derived ones. Each must be a DNS-1123 label.
///
/// Derived names come from the route's first host (`api.example.com` → `api-example-com`,
/// `*.wikipedia.org` → `wildcard-wikipedia-org`) and, for the origination rule, the mode; the
/// objects shared by every route on a gateway are named after the gateway's Service. Routes
/// that share an object must not ask for different names for it.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[builder(field_defaults(default, setter(into, strip_option)))]
pub struct Names {
    /// The ServiceEntry for the hosts (default: the first host's name, `api-example-com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_entry: Option<String>,
    /// The ServiceEntry for a wildcard's upstream (default: the upstream's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_service_entry: Option<String>,
    /// The VirtualService (default: the first host's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_service: Option<String>,
    /// The DestinationRule that originates TLS (default: the destination host's name and the
    /// mode, `api-example-com-tls-origination`). Only settable on a route with one
    /// destination host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_rule: Option<String>,
    /// The Gateway object (default: the gateway Service's name, `istio-egressgateway`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// The DestinationRule for the sidecar→gateway hop (default: the gateway Service's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_destination_rule: Option<String>,
    /// The subset of the gateway that the sidecars route to (default: `egress`). It has no
    /// labels and is shared by every route through the gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subset: Option<String>,
}

impl Names {
    /// Whether no name is overridden.
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

/// How the external host's addresses are found (a ServiceEntry's `resolution`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum EgressResolution {
    /// Resolve the host by DNS and use every address (`DNS`).
    #[serde(rename = "DNS")]
    Dns,
    /// Resolve by DNS and use the first address only (`DNS_ROUND_ROBIN`).
    #[serde(rename = "DNS_ROUND_ROBIN")]
    DnsRoundRobin,
    /// Connect to the listed addresses (`STATIC`); `tcp` routes only.
    #[serde(rename = "STATIC")]
    Static,
    /// Connect to the address the application asked for (`NONE`); sidecar-only routes only.
    #[serde(rename = "NONE")]
    None,
}

impl EgressResolution {
    /// The value as Istio writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            EgressResolution::Dns => "DNS",
            EgressResolution::DnsRoundRobin => "DNS_ROUND_ROBIN",
            EgressResolution::Static => "STATIC",
            EgressResolution::None => "NONE",
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}
