//! The egress composer: from "what should leave the mesh, and how" to the Istio objects that
//! do it.
//!
//! An [`EgressRoute`] states the intent — external hosts, the way the application talks to
//! them ([`EgressMode`]), the client namespaces, the egress gateway — and
//! [`EgressRoute::compose`] returns the [`EgressBundle`] Istio's egress guides would have you
//! write by hand: ServiceEntries, a Gateway, DestinationRules, VirtualServices and, on
//! request, NetworkPolicies. An [`EgressPlan`] composes many routes into one consistent set,
//! sharing what can be shared and refusing what conflicts.
//!
//! ```
//! use istio_egress::egress::{EgressMode, EgressRoute};
//! use istio_egress::manifest;
//!
//! // The application calls http://api.example.com; the egress gateway upgrades to TLS.
//! let route = EgressRoute::builder()
//!     .hosts(["api.example.com"])
//!     .mode(EgressMode::TlsOrigination)
//!     .client_namespaces(["shop"])
//!     .build();
//! let bundle = route.compose()?;
//! let yaml = bundle.to_yaml(Default::default())?;
//! println!("{yaml}");
//! assert!(yaml.contains("mode: ISTIO_MUTUAL"));
//! assert!(yaml.contains("caCertificates: /etc/ssl/certs/ca-certificates.crt"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is guaranteed
//!
//! Every bundle keeps the invariants of Istio's egress-gateway sets (the project's EGRESS.md):
//! one VirtualService per set of hosts binds both `mesh` and the Gateway, each rule pinned to
//! its side with `match.gateways` and to its port with `match.port`; the sidecar hop goes to
//! the gateway Service's FQDN with an explicit port and a label-less subset defined once in
//! the gateway's DestinationRule; the gateway hop goes to the external host (or a wildcard's
//! upstream) on an explicit port; the Gateway selects the gateway pods and listens only on
//! ports its Service has, on hosts that cover the VirtualServices'; the server protocol, TLS
//! mode and route kinds agree; ServiceEntries declare both the application's and the
//! server's port with protocols that fit, DNS resolution for concrete hosts; names are
//! DNS-1123 labels. Then every object is validated with Istio's rules and the set is analysed
//! with the gateway's Service and pods as context: an error is a [`ComposeError`], never a
//! bundle; warnings are kept in [`EgressBundle::warnings`].
//!
//! # Layout and secure defaults
//!
//! - **Namespaces.** Every Istio object goes into the egress gateway's namespace (by default
//!   `istio-system`), where a platform team owns it, exported (`exportTo`) to the client
//!   namespaces and `.` — or to `*` when the route names no clients. Two exceptions follow
//!   Istio's lookup rules: the DestinationRule for the sidecar→gateway hop is written into
//!   each client namespace (canon 12), the first place those sidecars look, and the
//!   DestinationRule that originates TLS at the gateway stays in the gateway's namespace,
//!   exported only there (`.`), since only the gateway uses it. A wildcard's upstream
//!   ServiceEntry is likewise exported only to the gateway: clients that saw it could reach
//!   the upstream directly.
//! - **Gateway hosts** are written `./host`: only VirtualServices in the Gateway's own
//!   namespace may bind to the egress gateway's servers, so no other namespace can add routes
//!   through it.
//! - **The sidecar→gateway hop is Istio mutual TLS** (`ISTIO_MUTUAL`) in every mode where the
//!   gateway reads the traffic (`http`, both originations, `tcp`, `tls-in-mutual`): the
//!   Gateway server is `HTTPS` or `TLS` with `tls.mode: ISTIO_MUTUAL`, and the gateway's
//!   DestinationRule sets `ISTIO_MUTUAL` with the SNI the server matches on that port. This
//!   is stricter than canon 10 and 16, which send that hop unencrypted. `tls-passthrough`
//!   keeps the application's own end-to-end TLS (canon 11, 15).
//! - **Origination verifies the server**: SNI and expected subject alternative name are the
//!   host, and the certificate must chain to the proxy's system CA bundle
//!   ([`SYSTEM_CA_BUNDLE`]) unless `credentialName` supplies the CA;
//!   `insecureSkipVerify: true` is the only way out.
//! - **Wildcards only when asked for**, with the one upstream that serves them.
//! - **Resolution** is `DNS` for concrete hosts (the gateway connects to what the name
//!   resolves to, not to whatever address a client used), `NONE` for wildcards (plus a
//!   DNS-resolved ServiceEntry for the upstream), `STATIC` with endpoints for `tcp` by IP.
//!
//! # Names
//!
//! Derived from the first host and the mode (`api.example.com` → `api-example-com`,
//! `*.wikipedia.org` → `wildcard-wikipedia-org`, origination rule
//! `api-example-com-tls-origination`); the Gateway and the gateway hop's DestinationRule are
//! named after the gateway Service, the subset is `egress`. Every name can be overridden in
//! [`Names`]; names longer than 63 characters are shortened with a stable hash.

mod bundle;
mod check;
mod compose;
mod emit;
mod error;
mod gateway;
mod model;
mod names;
mod network_policy;
mod plan;
mod resolve;
mod route;
mod scope;

pub use bundle::{BundleFinding, EgressBundle};
pub use error::ComposeError;
pub use gateway::{EgressGateway, GatewayServicePort};
pub use network_policy::{NAMESPACE_NAME_LABEL, NetworkPolicyOptions};
pub use plan::EgressPlan;
pub use route::{EgressMode, EgressResolution, EgressRoute, Names, Origination, Wildcard};

/// The CA bundle Istio's proxy images carry (Debian's system bundle), which origination checks
/// the server's certificate against unless told otherwise.
pub const SYSTEM_CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
