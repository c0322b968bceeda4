//! [`OutlierDetection`]: taking endpoints that keep failing out of the balancing pool for a
//! while.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use crate::networking::Duration;

/// Passive health checking of each endpoint (`istio.networking.v1alpha3.OutlierDetection`):
/// an endpoint that returns too many errors in a row is ejected from the pool, for longer
/// each time it happens again.
///
/// ```
/// use istio_egress::networking::OutlierDetection;
///
/// let detection: OutlierDetection =
///     serde_json::from_str(r#"{"consecutive5xxErrors": 7, "interval": "5m"}"#)?;
/// assert_eq!(detection.consecutive_5xx_errors, Some(7));
/// assert_eq!(detection.interval.unwrap().as_str(), "5m");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[serde(rename_all = "camelCase")]
pub struct OutlierDetection {
    /// Deprecated and hidden in Istio, whose validation warns about it: use
    /// `consecutive_5xx_errors` or `consecutive_gateway_errors`. Errors in a row before
    /// ejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub consecutive_errors: Option<i32>,
    /// Count failures that happen in the proxy itself (connect errors and timeouts)
    /// separately from the status codes the endpoint returns; off by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub split_external_local_origin_errors: Option<bool>,
    /// Local-origin failures in a row before ejection (5 by default); only used with
    /// `split_external_local_origin_errors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub consecutive_local_origin_failures: Option<u32>,
    /// Gateway errors (502, 503, 504, or connect failures over TCP) in a row before ejection;
    /// unset or 0 turns this check off. Has no effect if not below `consecutive_5xx_errors`,
    /// which counts these errors too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub consecutive_gateway_errors: Option<u32>,
    /// 5xx responses (or connection failures over TCP) in a row before ejection
    /// (`consecutive5xxErrors`); 5 when unset, 0 turns this check off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub consecutive_5xx_errors: Option<u32>,
    /// How often endpoints are checked for ejection; at least 1ms, 10s by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub interval: Option<Duration>,
    /// The ejection time for a first ejection, multiplied by the number of ejections so
    /// far; at least 1ms, 30s by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub base_ejection_time: Option<Duration>,
    /// The largest share of the pool, in percent, that may be ejected at once; 10 by
    /// default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub max_ejection_percent: Option<i32>,
    /// Ejection stops while fewer than this percentage of endpoints are healthy, and traffic
    /// goes to all of them; 0 (the default) never stops it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(strip_option))]
    pub min_health_percent: Option<i32>,
    /// HTTP status codes (100 to 599) that count as errors for ejection, instead of the 5xx
    /// range.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::networking::exact::vec"
    )]
    #[builder(default)]
    pub outlier_detection_http_error_codes: Vec<u32>,
}
