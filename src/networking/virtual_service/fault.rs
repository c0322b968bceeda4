//! [`HttpFaultInjection`]: delays and errors injected into HTTP traffic to test how callers
//! cope.

use compact_str::CompactString;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::Percent;
use crate::networking::Duration;
use crate::networking::oneof::{self, OneofConflict};

/// Faults injected into the requests of a rule, on the client side
/// (`istio.networking.v1alpha3.HTTPFaultInjection`).
///
/// The delay and the abort are independent: each applies to its own share of requests.
/// Istio wants at least one of them.
///
/// ```
/// use istio_egress::networking::{Abort, AbortError, Delay, DelayType, Duration, HttpFaultInjection, Percent};
///
/// let fault = HttpFaultInjection::builder()
///     .delay(
///         Delay::builder()
///             .http_delay_type(DelayType::FixedDelay(Duration::from_secs(5)))
///             .percentage(Percent::new(10.0))
///             .build(),
///     )
///     .abort(Abort::builder().error_type(AbortError::HttpStatus(503)).build())
///     .build();
/// assert_eq!(
///     serde_json::to_value(&fault)?,
///     serde_json::json!({
///         "delay": { "fixedDelay": "5s", "percentage": { "value": 10 } },
///         "abort": { "httpStatus": 503 },
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpFaultInjection {
    /// Hold some requests back for a while before forwarding them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub delay: Option<Delay>,
    /// Fail some requests with an error instead of forwarding them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub abort: Option<Abort>,
}

/// An injected delay (`istio.networking.v1alpha3.HTTPFaultInjection.Delay`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(try_from = "DelayWire", into = "DelayWire")]
pub struct Delay {
    /// Deprecated: the share of requests delayed, as a whole percentage; use `percentage`.
    #[builder(default, setter(strip_option))]
    pub percent: Option<i32>,
    /// How long to wait (the one-of `http_delay_type`).
    #[builder(default, setter(into, strip_option))]
    pub http_delay_type: Option<DelayType>,
    /// The share of requests delayed; all of them when unset.
    #[builder(default, setter(into, strip_option))]
    pub percentage: Option<Percent>,
}

/// The one-of `http_delay_type` of a [`Delay`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DelayType {
    /// Wait this long, at least 1ms (`fixedDelay`).
    FixedDelay(Duration),
    /// Hidden in Istio's docs and rejected by its webhook as not supported yet
    /// (`exponentialDelay`); kept so that a manifest using it reads and validation can say
    /// so.
    ExponentialDelay(Duration),
}

/// The wire form of [`Delay`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "Delay")]
struct DelayWire {
    /// Deprecated whole percentage of requests delayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    percent: Option<i32>,
    /// A fixed delay; excludes `exponentialDelay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fixed_delay: Option<Duration>,
    /// Not supported by Istio yet; excludes `fixedDelay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exponential_delay: Option<Duration>,
    /// The share of requests delayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    percentage: Option<Percent>,
}

impl TryFrom<DelayWire> for Delay {
    type Error = OneofConflict;
    fn try_from(wire: DelayWire) -> Result<Self, Self::Error> {
        let http_delay_type = oneof::pick(
            &["fixedDelay", "exponentialDelay"],
            [
                wire.fixed_delay.map(DelayType::FixedDelay),
                wire.exponential_delay.map(DelayType::ExponentialDelay),
            ],
        )?;
        Ok(Self {
            percent: wire.percent,
            http_delay_type,
            percentage: wire.percentage,
        })
    }
}

impl From<Delay> for DelayWire {
    fn from(value: Delay) -> Self {
        let (fixed_delay, exponential_delay) = match value.http_delay_type {
            Some(DelayType::FixedDelay(delay)) => (Some(delay), None),
            Some(DelayType::ExponentialDelay(delay)) => (None, Some(delay)),
            None => (None, None),
        };
        Self {
            percent: value.percent,
            fixed_delay,
            exponential_delay,
            percentage: value.percentage,
        }
    }
}

/// An injected error (`istio.networking.v1alpha3.HTTPFaultInjection.Abort`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(try_from = "AbortWire", into = "AbortWire")]
pub struct Abort {
    /// The error returned (the one-of `error_type`).
    #[builder(default, setter(into, strip_option))]
    pub error_type: Option<AbortError>,
    /// The share of requests failed; all of them when unset.
    #[builder(default, setter(into, strip_option))]
    pub percentage: Option<Percent>,
}

/// The one-of `error_type` of an [`Abort`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AbortError {
    /// Answer with this HTTP status (`httpStatus`).
    HttpStatus(i32),
    /// Answer with this gRPC status, such as `UNAVAILABLE` (`grpcStatus`).
    GrpcStatus(CompactString),
    /// Hidden in Istio's docs and rejected by its webhook as not supported yet
    /// (`http2Error`); kept so that a manifest using it reads and validation can say so.
    Http2Error(CompactString),
}

/// The wire form of [`Abort`]: the one-of's branches as sibling keys.
#[derive(Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "Abort")]
struct AbortWire {
    /// An HTTP status to answer with; excludes the other error kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http_status: Option<i32>,
    /// A gRPC status to answer with; excludes the other error kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grpc_status: Option<CompactString>,
    /// Not supported by Istio yet; excludes the other error kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    http2_error: Option<CompactString>,
    /// The share of requests failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    percentage: Option<Percent>,
}

impl TryFrom<AbortWire> for Abort {
    type Error = OneofConflict;
    fn try_from(wire: AbortWire) -> Result<Self, Self::Error> {
        let error_type = oneof::pick(
            &["httpStatus", "grpcStatus", "http2Error"],
            [
                wire.http_status.map(AbortError::HttpStatus),
                wire.grpc_status.map(AbortError::GrpcStatus),
                wire.http2_error.map(AbortError::Http2Error),
            ],
        )?;
        Ok(Self {
            error_type,
            percentage: wire.percentage,
        })
    }
}

impl From<Abort> for AbortWire {
    fn from(value: Abort) -> Self {
        let mut wire = Self {
            percentage: value.percentage,
            ..Self::default()
        };
        match value.error_type {
            Some(AbortError::HttpStatus(status)) => wire.http_status = Some(status),
            Some(AbortError::GrpcStatus(status)) => wire.grpc_status = Some(status),
            Some(AbortError::Http2Error(error)) => wire.http2_error = Some(error),
            None => {}
        }
        wire
    }
}
