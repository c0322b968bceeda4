//! The checks each kind's schema walk is made of, worded like the apiserver's messages.

use crate::networking::StringMap;
use compact_str::CompactString;

use crate::validate::ctx::Ctx;

/// Rule id of a value outside an enum.
const ENUM: &str = "SCHEMA-enum";
/// Rule id of a number outside `minimum`/`maximum`.
const RANGE: &str = "SCHEMA-range";
/// Rule id of a missing required field.
const REQUIRED: &str = "SCHEMA-required";
/// Rule id of a list, map or string over its size limit.
const SIZE: &str = "SCHEMA-size";
/// Rule id of a string that breaks its `format`.
const FORMAT: &str = "SCHEMA-format";
/// Rule id of a duplicate key in a list-map.
const LIST_MAP: &str = "SCHEMA-listmap";

/// Reports the required field `key` as missing.
pub(super) fn missing<'o>(ctx: &mut Ctx<'o>, key: &'o str) {
    ctx.error_at(key, REQUIRED, "Required value");
}

/// A required string, missing when empty (the types read an absent key as `""`).
pub(super) fn required_str<'o>(ctx: &mut Ctx<'o>, key: &'o str, value: &str) {
    if value.is_empty() {
        missing(ctx, key);
    }
}

/// A required list, missing when empty (an empty list is not written).
pub(super) fn required_list<'o, T>(ctx: &mut Ctx<'o>, key: &'o str, items: &[T]) {
    if items.is_empty() {
        missing(ctx, key);
    }
}

/// An optional enum field whose value must be one of `known`.
pub(super) fn enum_value<'o>(ctx: &mut Ctx<'o>, key: &'o str, value: Option<&str>, known: &[&str]) {
    let Some(value) = value else { return };
    if known.contains(&value) {
        return;
    }
    let supported: Vec<String> = known.iter().map(|k| format!("{k:?}")).collect();
    let message = format!(
        "Unsupported value: {value:?}: supported values: {}",
        supported.join(", ")
    );
    ctx.error_at(key, ENUM, message);
}

/// A number that must be at least `min` and, when given, at most `max`, reported at the
/// current position.
pub(super) fn range_here(ctx: &mut Ctx<'_>, value: f64, min: i64, max: Option<i64>) {
    // NaN, which no bound admits, fails the first test.
    if value.is_nan() || value < min as f64 {
        ctx.error(RANGE, format!("should be greater than or equal to {min}"));
    } else if let Some(max) = max
        && value > max as f64
    {
        ctx.error(RANGE, format!("should be less than or equal to {max}"));
    }
}

/// An optional number at `key` that must be at least `min` and, when given, at most `max`.
pub(super) fn range<'o>(
    ctx: &mut Ctx<'o>,
    key: &'o str,
    value: Option<f64>,
    min: i64,
    max: Option<i64>,
) {
    if let Some(value) = value {
        ctx.key(key, |ctx| range_here(ctx, value, min, max));
    }
}

/// A list at `key` with at most `max` items.
pub(super) fn max_items<'o>(ctx: &mut Ctx<'o>, key: &'o str, len: usize, max: usize) {
    if len > max {
        ctx.error_at(key, SIZE, format!("must have at most {max} items"));
    }
}

/// A map at `key` with at most `max` entries.
pub(super) fn max_properties<'o, V>(
    ctx: &mut Ctx<'o>,
    key: &'o str,
    map: &StringMap<V>,
    max: usize,
) {
    if map.len() > max {
        ctx.error_at(key, SIZE, format!("should have at most {max} properties"));
    }
}

/// A string of at most `max` characters, reported at the current position.
pub(super) fn max_length_here(ctx: &mut Ctx<'_>, value: &str, max: usize) {
    if value.chars().count() > max {
        ctx.error(SIZE, format!("may not be more than {max} bytes"));
    }
}

/// An optional string at `key` of at most `max` characters.
pub(super) fn max_length<'o>(ctx: &mut Ctx<'o>, key: &'o str, value: Option<&str>, max: usize) {
    if let Some(value) = value {
        ctx.key(key, |ctx| max_length_here(ctx, value, max));
    }
}

/// Each string of the list at `key` of at most `max` characters.
pub(super) fn max_length_each<'o>(
    ctx: &mut Ctx<'o>,
    key: &'o str,
    items: &'o [CompactString],
    max: usize,
) {
    ctx.each(key, items, |ctx, item| max_length_here(ctx, item, max));
}

/// A string map at `key`: at most `max_entries` entries, each value at most `max_value`
/// characters (a long value is reported at the map).
pub(super) fn string_map<'o>(
    ctx: &mut Ctx<'o>,
    key: &'o str,
    map: &StringMap,
    max_entries: usize,
    max_value: usize,
) {
    max_properties(ctx, key, map, max_entries);
    if let Some(long) = map.values().find(|v| v.chars().count() > max_value) {
        ctx.key(key, |ctx| max_length_here(ctx, long, max_value));
    }
}

/// A `format: byte` string at `key`, which must be standard base64.
pub(super) fn base64<'o>(ctx: &mut Ctx<'o>, key: &'o str, value: &str) {
    if !is_base64(value) {
        ctx.error_at(key, FORMAT, format!("must be of type byte: {value:?}"));
    }
}

/// Whether Go's `base64.StdEncoding.DecodeString` accepts the text: the standard alphabet,
/// padded to whole quanta, line breaks ignored.
fn is_base64(text: &str) -> bool {
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    if padding > 2 {
        return false;
    }
    bytes
        .iter()
        .take(bytes.len() - padding)
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
}

/// A list-map at `key` keyed by one string field: every key unique. A repeated key is
/// reported at the later item, as the apiserver does.
pub(super) fn unique_keys<'o, T>(
    ctx: &mut Ctx<'o>,
    key: &'o str,
    items: &'o [T],
    field: &str,
    key_of: impl Fn(&T) -> &str,
) {
    ctx.key(key, |ctx| {
        for (i, item) in items.iter().enumerate() {
            let name = key_of(item);
            if items.iter().take(i).any(|earlier| key_of(earlier) == name) {
                let quoted = serde_json::Value::from(name);
                let message = format!("Duplicate value: {{\"{field}\":{quoted}}}");
                ctx.index(i, |ctx| ctx.error(LIST_MAP, message));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::is_base64;

    #[test]
    fn base64_is_gos_standard_encoding() {
        for ok in ["", "b2s=", "aGk=", "aGVsbG8=", "YWJj", "YW\nJj", "Zm9vYmFy"] {
            assert!(is_base64(ok), "{ok}");
        }
        for bad in [
            "b2s",
            "b2s==x",
            "a===",
            "====",
            "ab-_",
            "aGk=aGk=",
            "hello world",
        ] {
            assert!(!is_base64(bad), "{bad}");
        }
    }
}
