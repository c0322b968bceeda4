//! [`Destination`] and [`Percent`]: the target and the share of traffic, used by every kind of
//! route.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::PortSelector;

/// A service that a route, mirror or delegate sends traffic to
/// (`istio.networking.v1alpha3.Destination`).
///
/// The host must name a service known to the mesh (a Kubernetes Service or a ServiceEntry
/// host); traffic to an unknown host is dropped.
///
/// ```
/// use istio_egress::networking::Destination;
///
/// let d = Destination::new("api.example.com").port(443).subset("tls-origination");
/// assert_eq!(
///     serde_json::to_value(&d)?,
///     serde_json::json!({
///         "host": "api.example.com",
///         "subset": "tls-origination",
///         "port": { "number": 443 },
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// The service's host name, as in the registry. Short names are resolved against the
    /// namespace of the VirtualService, not the service's. Required.
    #[serde(default)]
    #[builder(setter(into))]
    pub host: CompactString,
    /// A subset of the service's endpoints, declared by name in a DestinationRule for the
    /// same host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub subset: Option<CompactString>,
    /// The service port to use; may be left out when the service has only one port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub port: Option<PortSelector>,
}

impl Destination {
    /// A destination with this host, on the service's only port and with no subset.
    pub fn new(host: impl Into<CompactString>) -> Self {
        Self {
            host: host.into(),
            subset: None,
            port: None,
        }
    }

    /// Sets the port number and returns the destination, for chaining.
    pub fn port(mut self, number: u32) -> Self {
        self.port = Some(PortSelector::number(number));
        self
    }

    /// Sets the subset name and returns the destination, for chaining.
    pub fn subset(mut self, name: impl Into<CompactString>) -> Self {
        self.subset = Some(name.into());
        self
    }
}

/// A percentage between 0 and 100, fractions allowed (`istio.networking.v1alpha3.Percent`).
///
/// Written the way Go writes it: `50.0` is written `50`, so a manifest that said `50` reads
/// back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Percent {
    /// The percentage; validation checks it lies within 0 to 100.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::networking::number::write_opt_f64"
    )]
    #[builder(default, setter(strip_option))]
    pub value: Option<f64>,
}

impl Percent {
    /// This percentage of the traffic, such as `Percent::new(0.1)` for one request in a
    /// thousand.
    pub fn new(value: f64) -> Self {
        Self { value: Some(value) }
    }
}
