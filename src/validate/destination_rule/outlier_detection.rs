//! The rules of `outlierDetection` (D10–D12).

use super::super::common;
use super::super::ctx::Ctx;
use crate::networking::{Duration, OutlierDetection};

/// D10–D12 on an outlier detection at the current position.
pub(super) fn check<'o>(outlier: &'o OutlierDetection, ctx: &mut Ctx<'o>) {
    check_durations(outlier, ctx);
    check_percents(outlier, ctx);
    if outlier.consecutive_errors.is_some_and(|n| n != 0) {
        ctx.warning_at(
            "consecutiveErrors",
            "D11",
            "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead",
        );
    }
    let split = outlier.split_external_local_origin_errors.unwrap_or(false);
    if !split
        && outlier
            .consecutive_local_origin_failures
            .is_some_and(|n| n > 0)
    {
        ctx.error_at(
            "consecutiveLocalOriginFailures",
            "D12",
            "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false",
        );
    }
}

/// D10: `baseEjectionTime` and `interval` are whole milliseconds of at least 1ms.
fn check_durations<'o>(outlier: &'o OutlierDetection, ctx: &mut Ctx<'o>) {
    let fields: [(&'static str, &Option<Duration>); 2] = [
        ("baseEjectionTime", &outlier.base_ejection_time),
        ("interval", &outlier.interval),
    ];
    for (key, value) in fields {
        if let Some(Err(message)) = value.as_ref().map(common::duration) {
            ctx.error_at(key, "D10", message);
        }
    }
}

/// D10: `maxEjectionPercent` and `minHealthPercent` are within 0..100.
fn check_percents<'o>(outlier: &'o OutlierDetection, ctx: &mut Ctx<'o>) {
    let fields: [(&'static str, Option<i32>); 2] = [
        ("maxEjectionPercent", outlier.max_ejection_percent),
        ("minHealthPercent", outlier.min_health_percent),
    ];
    for (key, value) in fields {
        if let Err(message) = common::percent(i64::from(value.unwrap_or(0))) {
            ctx.error_at(key, "D10", message);
        }
    }
}
