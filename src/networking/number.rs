//! How floating-point fields are written.
//!
//! Istio's `double` fields (`percentage.value`, `warmup.aggression`, …) come from Go, whose JSON
//! writer prints `50.0` as `50`. Writing them the same way keeps a manifest that said `50`
//! unchanged through a round trip, where serde's default would turn it into `50.0`.

use serde::Serializer;

/// Largest magnitude below which every integer is exactly representable in an `f64`.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Writes an `f64` as Go does: integral values without a fraction.
pub(crate) fn write_f64<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < EXACT_INTEGER_LIMIT {
        serializer.serialize_i64(value as i64)
    } else {
        serializer.serialize_f64(value)
    }
}

/// [`write_f64`] for optional fields (used with `skip_serializing_if = "Option::is_none"`).
pub(crate) fn write_opt_f64<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => write_f64(*value, serializer),
        None => serializer.serialize_none(),
    }
}
