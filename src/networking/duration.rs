//! [`Duration`]: `google.protobuf.Duration` as Istio's YAML writes it.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use compact_str::{CompactString, format_compact};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A span of time as Istio reads it: Go's duration syntax, such as `"10s"`, `"1.5s"`,
/// `"100ms"` or `"1h30m"`.
///
/// The text is kept exactly as it was read, so a manifest written back is the manifest that
/// was read, and a duration Istio would reject still parses: [`Duration::to_std`] and
/// validation say what is wrong with it instead of the reader failing the whole object.
///
/// ```
/// use istio_egress::networking::Duration;
///
/// let timeout: Duration = "1m30s".parse()?;
/// assert_eq!(timeout.to_std()?, std::time::Duration::from_secs(90));
/// assert_eq!(Duration::from_millis(1500).as_str(), "1.5s");
/// assert_eq!(Duration::from(std::time::Duration::from_secs(5)).as_str(), "5s");
/// # Ok::<(), istio_egress::networking::DurationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration(CompactString);

/// Why a text is not a duration Istio accepts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// The text does not follow Go's duration syntax.
    #[error("invalid duration {text:?}: {reason}")]
    Syntax {
        /// The text that was given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The duration is below zero, which has no `std::time::Duration`.
    #[error("duration {0:?} is negative")]
    Negative(String),
}

/// The nanoseconds in one of Go's duration units (`µs` in both of its Unicode spellings).
fn nanos_per(unit: &[u8]) -> Option<u64> {
    Some(match unit {
        b"ns" => 1,
        // `us`, and `µs` with MICRO SIGN (U+00B5) or GREEK SMALL LETTER MU (U+03BC).
        b"us" | [0xc2, 0xb5, b's'] | [0xce, 0xbc, b's'] => 1_000,
        b"ms" => 1_000_000,
        b"s" => 1_000_000_000,
        b"m" => 60_000_000_000,
        b"h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Go's `time.ParseDuration` limit: the largest duration an `int64` of nanoseconds holds.
const MAX_NANOS: u64 = i64::MAX as u64;

impl Duration {
    /// A whole number of seconds, written `"{secs}s"`.
    pub fn from_secs(secs: u64) -> Self {
        Self(format_compact!("{secs}s"))
    }

    /// A number of milliseconds, written in seconds with the fraction Istio prints (`"0.25s"`).
    pub fn from_millis(millis: u64) -> Self {
        Self::from(std::time::Duration::from_millis(millis))
    }

    /// The text as it will be written.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The duration in nanoseconds, negative where the text says so, parsed with Go's rules.
    pub fn signed_nanos(&self) -> Result<i128, DurationError> {
        parse_go_duration(self.as_str())
    }

    /// The duration as a `std::time::Duration`; an error if the text is not a duration or is
    /// negative.
    pub fn to_std(&self) -> Result<std::time::Duration, DurationError> {
        let nanos = self.signed_nanos()?;
        if nanos < 0 {
            return Err(DurationError::Negative(self.as_str().to_owned()));
        }
        let secs = (nanos / 1_000_000_000) as u64;
        let sub = (nanos % 1_000_000_000) as u32;
        Ok(std::time::Duration::new(secs, sub))
    }
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        let secs = value.as_secs();
        let nanos = value.subsec_nanos();
        if nanos == 0 {
            return Self(format_compact!("{secs}s"));
        }
        let fraction = format!("{nanos:09}");
        Self(format_compact!(
            "{secs}.{}s",
            fraction.trim_end_matches('0')
        ))
    }
}

impl FromStr for Duration {
    type Err = DurationError;

    /// Parses and checks the text; the result keeps the text as given.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_go_duration(text)?;
        Ok(Self(CompactString::from(text)))
    }
}

impl TryFrom<&str> for Duration {
    type Error = DurationError;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Duration {
    /// Accepts any string: a malformed duration is a validation finding, not a read error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CompactString::deserialize(deserializer).map(Self)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A duration in Go's syntax, such as 10s, 1.5s or 100ms.",
        })
    }
}

fn syntax(text: &str, reason: &'static str) -> DurationError {
    DurationError::Syntax {
        text: text.to_owned(),
        reason,
    }
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`.
fn parse_go_duration(text: &str) -> Result<i128, DurationError> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(syntax(text, "empty"));
    }
    // Within the limit every figure fits a u64, whose arithmetic is cheaper than i128's; an
    // overflow is past the limit anyway.
    let out_of_range = || syntax(text, "out of range");
    let mut rest = rest.as_bytes();
    let mut total: u64 = 0;
    while !rest.is_empty() {
        // The integer part's value, `None` once it no longer fits a u64; its digits are
        // counted to the end either way, so that the syntax is checked before the range.
        let mut value = Some(0u64);
        let mut int_len = 0;
        for &digit in rest.iter().take_while(|b| b.is_ascii_digit()) {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(digit - b'0')));
            int_len += 1;
        }
        let after_int = rest.get(int_len..).unwrap_or_default();
        let (frac_part, after_num) = match after_int.split_first() {
            Some((b'.', after_dot)) => {
                let frac_len = after_dot.iter().take_while(|b| b.is_ascii_digit()).count();
                after_dot.split_at(frac_len)
            }
            _ => (&[][..], after_int),
        };
        if int_len == 0 && frac_part.is_empty() {
            return Err(syntax(text, "expected a number"));
        }
        let unit_len = after_num
            .iter()
            .position(|b| b.is_ascii_digit() || *b == b'.')
            .unwrap_or(after_num.len());
        let (unit, next) = after_num.split_at(unit_len);
        if unit.is_empty() {
            return Err(syntax(text, "missing unit"));
        }
        let scale = nanos_per(unit).ok_or_else(|| syntax(text, "unknown unit"))?;
        // The integer part only grows digit by digit, so checking it whole against the limit
        // refuses exactly what checking it after every digit would.
        let mut part = value
            .and_then(|v| v.checked_mul(scale))
            .filter(|n| *n <= MAX_NANOS)
            .ok_or_else(out_of_range)?;
        let mut place = scale;
        for &digit in frac_part {
            place /= 10;
            if place == 0 {
                break;
            }
            part += u64::from(digit - b'0') * place;
        }
        total = total
            .checked_add(part)
            .filter(|t| *t <= MAX_NANOS)
            .ok_or_else(out_of_range)?;
        rest = next;
    }
    let total = i128::from(total);
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_syntax() {
        let cases: &[(&str, i128)] = &[
            ("0", 0),
            ("1ms", 1_000_000),
            ("1.5s", 1_500_000_000),
            ("1h30m", 5_400_000_000_000),
            ("-2s", -2_000_000_000),
            ("100us", 100_000),
            (".5s", 500_000_000),
            ("3.s", 3_000_000_000),
            ("7ns", 7),
            ("1\u{b5}s", 1_000),
            ("2\u{3bc}s", 2_000),
            ("1h1m1s1ms1us1ns", 3_661_001_001_001),
            ("1.5\u{b5}s2ns", 1_502),
        ];
        for (text, nanos) in cases {
            assert_eq!(parse_go_duration(text), Ok(*nanos), "{text}");
        }
    }

    #[test]
    fn rejects_what_go_rejects() {
        for text in [
            "",
            "s",
            "10",
            "1x",
            "1.2.3s",
            "-",
            ".s",
            "9999999999h",
            "1\u{b5}",
            "1sec",
            "1S",
        ] {
            assert!(parse_go_duration(text).is_err(), "{text}");
        }
    }

    #[test]
    fn writes_what_it_reads_and_prints_std_durations_in_seconds() {
        let d: Duration = serde_json::from_str("\"1h\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"1h\"");
        assert_eq!(Duration::from_millis(250).as_str(), "0.25s");
        assert_eq!(Duration::from_secs(3).to_std().unwrap().as_secs(), 3);
        let negative: Duration = serde_json::from_str("\"-1s\"").unwrap();
        assert_eq!(
            negative.to_std(),
            Err(DurationError::Negative("-1s".into()))
        );
    }

    #[test]
    fn keeps_short_and_long_texts_whole_in_the_size_of_a_string() {
        assert_eq!(
            std::mem::size_of::<Duration>(),
            std::mem::size_of::<String>()
        );
        let long = "1h2m3s4ms5us6ns7h8m9s10ms";
        assert!(long.len() > 24);
        let exactly = "1234567890123456789.000s";
        assert_eq!(exactly.len(), 24);
        for text in ["", "5s", "1µs", exactly, long, r"1h\u00b5s"] {
            let json = format!("\"{text}\"");
            let read: Duration = serde_json::from_str(&json).unwrap();
            let expected: String = serde_json::from_str(&json).unwrap();
            assert_eq!(read.as_str(), expected);
            assert_eq!(
                serde_json::to_string(&read).unwrap(),
                serde_json::to_string(&expected).unwrap()
            );
            assert_eq!(format!("{read:?}"), format!("Duration({expected:?})"));
            assert_eq!(read.clone(), read);
        }
        // Durations order as their texts do, inline or not.
        let short: Duration = "5s".parse().unwrap();
        let longer: Duration = long.parse().unwrap();
        assert_eq!(short.cmp(&longer), "5s".cmp(long));
        assert_eq!(longer.cmp(&short), long.cmp("5s"));
        assert_ne!(short, longer);
    }

    #[test]
    fn parses_up_to_the_int64_limit_of_nanoseconds() {
        let max = i128::from(i64::MAX);
        for (text, nanos) in [
            ("9223372036854775807ns", max),
            ("-9223372036854775807ns", -max),
            ("2562047h47m16.854775807s", max),
            // Digits past the nanosecond are dropped, as Go drops them.
            ("2562047h47m16.8547758079999s", max),
            ("1.000000000000000000001h", 3_600_000_000_000),
        ] {
            assert_eq!(parse_go_duration(text), Ok(nanos), "{text}");
        }
        for text in [
            "9223372036854775808ns",
            "2562047h47m16.854775808s",
            "5124095576030431h",
            "18446744073709551616ns",
            "99999999999999999999999h",
            "9223372036854775807ns9223372036854775807ns",
            "2562048h",
        ] {
            assert_eq!(
                parse_go_duration(text),
                Err(syntax(text, "out of range")),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn adds_up_its_parts(
            h in 0u64..2_000_000,
            m in 0u64..1_000,
            s in 0u64..1_000,
            ms in 0u64..1_000,
            frac in 0u64..1_000_000_000,
        ) {
            let text = format!("{h}h{m}m{s}.{frac:09}s{ms}ms");
            let nanos = ((h * 60 + m) * 60 + s) * 1_000_000_000 + frac + ms * 1_000_000;
            proptest::prop_assert_eq!(parse_go_duration(&text), Ok(i128::from(nanos)));
        }
    }
}
