//! The checks Istio's webhook shares between kinds (the catalogue's S1–S21), each returning
//! Istio's message on failure. The kind modules decide where to apply them and under which
//! rule id to report.

use compact_str::CompactString;
use std::net::IpAddr;

use crate::networking::{Duration, Percent};
use crate::small_set::SmallSet;

/// A check's outcome: `Err` carries the message to report.
pub(crate) type Check = Result<(), String>;

/// S1: a port number within 1..65535.
pub(crate) fn port(number: u32) -> Check {
    if (1..=65535).contains(&number) {
        Ok(())
    } else {
        Err(format!(
            "port number {number} must be in the range 1..65535"
        ))
    }
}

/// S2: a duration of at least 1ms, in whole milliseconds.
pub(crate) fn duration(value: &Duration) -> Check {
    let nanos = value
        .signed_nanos()
        .map_err(|e| format!("invalid duration: {e}"))?;
    if nanos < 1_000_000 {
        return Err("duration must be greater than 1ms".into());
    }
    if nanos % 1_000_000 != 0 {
        return Err("only durations to ms precision are supported".into());
    }
    Ok(())
}

/// An optional text field's value when it is set and not empty: proto3 does not tell an
/// empty string from an unset one, so Istio's rules treat `""` as unset.
pub(crate) fn non_empty(field: &Option<CompactString>) -> Option<&str> {
    field.as_deref().filter(|value| !value.is_empty())
}

/// Whether an optional text field is set to something other than `""` (see [`non_empty`]).
pub(crate) fn is_set(field: &Option<CompactString>) -> bool {
    non_empty(field).is_some()
}

/// The length and emptiness checks every domain name gets first.
fn dns1123_preconditions(name: &str) -> Check {
    if name.len() > 255 {
        return Err(format!("domain name {name:?} too long (max 255)"));
    }
    if name.is_empty() {
        return Err("empty domain name not allowed".into());
    }
    Ok(())
}

/// S9: a DNS-1123 label: 1 to 63 letters, digits and `-`, starting and ending alphanumeric.
pub(crate) fn is_dns1123_label(value: &str) -> bool {
    is_dns1123_label_bytes(value.as_bytes())
}

/// [`is_dns1123_label`] on the label's bytes.
fn is_dns1123_label_bytes(bytes: &[u8]) -> bool {
    is_label_of(bytes, u8::is_ascii_alphanumeric)
}

/// A DNS-1123 label in lower case only, as Kubernetes requires of object names and
/// namespaces: 1 to 63 lowercase letters, digits and `-`, starting and ending with a letter
/// or digit.
pub(crate) fn is_lowercase_dns1123_label(value: &str) -> bool {
    is_label_of(value.as_bytes(), |b| {
        b.is_ascii_lowercase() || b.is_ascii_digit()
    })
}

/// The DNS-1123 label rule, in one pass, with `alphanumeric` telling which bytes count as
/// letters and digits.
fn is_label_of(bytes: &[u8], alphanumeric: impl Fn(&u8) -> bool) -> bool {
    bytes.len() <= 63
        && bytes.first().is_some_and(&alphanumeric)
        && bytes.last().is_some_and(&alphanumeric)
        && bytes.iter().all(|b| alphanumeric(b) || *b == b'-')
}

/// A first label that may carry a wildcard: `*`, or a DNS-1123 label optionally prefixed by
/// `*` or `*-`.
fn is_wildcard_dns1123_label(value: &str) -> bool {
    if value == "*" {
        return true;
    }
    if value.len() > 63 {
        return false;
    }
    let rest = value
        .strip_prefix("*-")
        .or_else(|| value.strip_prefix('*'))
        .unwrap_or(value);
    is_dns1123_label(rest)
}

/// The labels after the first: DNS-1123 labels, the last not all digits, one trailing dot
/// allowed.
fn dns1123_labels(domain: &str, rest: &str) -> Check {
    if labels_are_valid(rest.as_bytes()) {
        return Ok(());
    }
    // Names are short: a byte loop finds the dots faster than a string searcher sets up.
    let top = match rest.bytes().rposition(|b| b == b'.') {
        Some(dot) => rest.get(dot + 1..).unwrap_or_default(),
        None => rest,
    };
    if !top.is_empty() && top.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "domain name {domain:?} invalid (top level domain {top:?} cannot be all-numeric)"
        ));
    }
    // A trailing dot (an absolute name) ends the name; it adds no empty label.
    let labels = match rest.strip_suffix('.') {
        Some(body) if top.is_empty() => body,
        _ => rest,
    };
    for label in labels.as_bytes().split(|b| *b == b'.') {
        if !is_dns1123_label_bytes(label) {
            // Split at an ASCII dot, the label is whole UTF-8.
            let label = String::from_utf8_lossy(label);
            return Err(format!(
                "domain name {domain:?} invalid (label {label:?} invalid)"
            ));
        }
    }
    Ok(())
}

/// Whether [`dns1123_labels`] accepts `rest`, in one pass over its bytes; the names that it
/// refuses are then walked again, label by label, to say why.
fn labels_are_valid(rest: &[u8]) -> bool {
    let (labels, absolute) = match rest.split_last() {
        Some((b'.', body)) => (body, true),
        _ => (rest, false),
    };
    // Where the label being read starts, whether it is all digits so far, and the byte before.
    let (mut start, mut digits, mut previous) = (0, true, b'.');
    for (i, &b) in labels.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => digits = false,
            b'0'..=b'9' => {}
            b'-' if i != start => digits = false,
            b'.' if i != start && previous != b'-' && i - start <= 63 => {
                start = i + 1;
                digits = true;
            }
            _ => return false,
        }
        previous = b;
    }
    // The last label: not empty, not ending in `-`, not too long, and not all digits unless
    // the name is absolute (then it is not the top-level domain the rule is about).
    labels.len() > start && previous != b'-' && labels.len() - start <= 63 && (absolute || !digits)
}

/// Whether two hosts overlap (`host.Name.Matches`): equal names, a wildcard whose text after
/// its `*` ends the other name, or two wildcards one of whose texts after the `*` ends the
/// other's (V9, and the analyzers' host lookups).
pub(crate) fn hosts_overlap(a: &str, b: &str) -> bool {
    match (a.strip_prefix('*'), b.strip_prefix('*')) {
        (Some(x), Some(y)) => x.ends_with(y) || y.ends_with(x),
        (Some(x), None) => b.ends_with(x),
        (None, Some(y)) => a.ends_with(y),
        (None, None) => a == b,
    }
}

/// S3: a fully qualified domain name, no wildcards.
pub(crate) fn fqdn(name: &str) -> Check {
    dns1123_preconditions(name)?;
    dns1123_labels(name, name)
}

/// S4: a domain name whose first label may be a wildcard (`*`, `*.example.com`,
/// `*foo.example.com`).
pub(crate) fn wildcard_domain(name: &str) -> Check {
    dns1123_preconditions(name)?;
    // Names are short: a byte loop finds the dot faster than a string searcher sets up.
    let dot = name.bytes().position(|b| b == b'.');
    let (first, rest) = match dot {
        Some(dot) => (name.get(..dot).unwrap_or_default(), name.get(dot + 1..)),
        None => (name, None),
    };
    if !is_wildcard_dns1123_label(first) {
        return Err(format!(
            "domain name {name:?} invalid (label {first:?} invalid)"
        ));
    }
    match rest {
        Some(rest) => dns1123_labels(name, rest),
        None => Ok(()),
    }
}

/// S5: a `*` anywhere but as the whole host or a leading `*.`.
pub(crate) fn partial_wildcard(host: &str) -> Check {
    if host.contains('*') && host.len() != 1 && !host.starts_with("*.") {
        Err(format!("partial wildcard {host:?} not allowed"))
    } else {
        Ok(())
    }
}

/// S6: an IPv4 or IPv6 address.
pub(crate) fn ip_address(value: &str) -> Check {
    value
        .parse::<IpAddr>()
        .map(|_| ())
        .map_err(|_| format!("{value} is not a valid IP"))
}

/// Whether `value` is an IP address.
pub(crate) fn is_ip(value: &str) -> bool {
    value.parse::<IpAddr>().is_ok()
}

/// S7: an IP address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`).
pub(crate) fn ip_subnet(value: &str) -> Check {
    let Some((address, bits)) = value.split_once('/') else {
        return ip_address(value);
    };
    let max = match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => 32,
        Ok(IpAddr::V6(_)) => 128,
        Err(_) => return Err(format!("{value} is not a valid CIDR block")),
    };
    let canonical = !bits.is_empty()
        && bits.bytes().all(|b| b.is_ascii_digit())
        && (bits.len() == 1 || !bits.starts_with('0'));
    match bits.parse::<u8>() {
        Ok(bits) if canonical && bits <= max => Ok(()),
        _ => Err(format!("{value} is not a valid CIDR block")),
    }
}

/// A Kubernetes qualified name: an optional DNS-subdomain prefix and `/`, then a name of up
/// to 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
fn is_qualified_name(key: &str) -> bool {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && (prefix.is_empty() || prefix.len() > 253 || fqdn(prefix).is_err())
    {
        return false;
    }
    is_label_value(name) && !name.is_empty()
}

/// A label value: empty, or up to 63 alphanumerics, `-`, `_` and `.`, starting and ending
/// alphanumeric.
fn is_label_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.is_empty()
        || (bytes.len() <= 63
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric))
}

/// S8: a label map's keys and values.
pub(crate) fn labels<K: AsRef<str>, V: AsRef<str>>(map: impl IntoIterator<Item = (K, V)>) -> Check {
    for (key, value) in map {
        let (key, value) = (key.as_ref(), value.as_ref());
        if !is_qualified_name(key) {
            return Err(format!("invalid label key: {key:?}"));
        }
        if !is_label_value(value) {
            return Err(format!("invalid label value: {value:?}"));
        }
    }
    Ok(())
}

/// S10: a percentage: 0, or within 0.0001 to 100.
pub(crate) fn percentage(value: &Percent) -> Check {
    let v = value.value.unwrap_or(0.0);
    if v == 0.0 || (0.0001..=100.0).contains(&v) {
        Ok(())
    } else {
        Err(format!(
            "percentage {v} is neither 0.0, nor in range [0.0001, 100.0]"
        ))
    }
}

/// S11: an integer percent within 0..100.
pub(crate) fn percent(value: i64) -> Check {
    if (0..=100).contains(&value) {
        Ok(())
    } else {
        Err(format!("percentage {value} is not in range 0..100"))
    }
}

/// The protocols Istio knows (S20), in the spelling `protocol.Parse` accepts, any case.
const PROTOCOLS: &[&str] = &[
    "TCP",
    "UDP",
    "GRPC",
    "GRPC-WEB",
    "HTTP",
    "HTTP_PROXY",
    "HTTP2",
    "HTTPS",
    "TLS",
    "MONGO",
    "REDIS",
    "MYSQL",
];

/// A protocol name as Istio classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    Tcp,
    Udp,
    Grpc,
    GrpcWeb,
    Http,
    HttpProxy,
    Http2,
    Https,
    Tls,
    Mongo,
    Redis,
    Mysql,
}

impl Protocol {
    /// Parses a protocol name, ignoring case; `None` if Istio does not know it.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        let index = PROTOCOLS
            .iter()
            .position(|p| p.eq_ignore_ascii_case(name))?;
        [
            Self::Tcp,
            Self::Udp,
            Self::Grpc,
            Self::GrpcWeb,
            Self::Http,
            Self::HttpProxy,
            Self::Http2,
            Self::Https,
            Self::Tls,
            Self::Mongo,
            Self::Redis,
            Self::Mysql,
        ]
        .get(index)
        .copied()
    }

    /// HTTP, HTTP2, HTTP_PROXY, GRPC and GRPC-WEB.
    pub(crate) fn is_http(self) -> bool {
        matches!(
            self,
            Self::Http | Self::Http2 | Self::HttpProxy | Self::Grpc | Self::GrpcWeb
        )
    }

    /// HTTPS and TLS.
    pub(crate) fn is_tls(self) -> bool {
        matches!(self, Self::Https | Self::Tls)
    }

    /// TCP and the protocols carried over TCP without HTTP parsing (HTTPS, TLS, MONGO,
    /// REDIS, MYSQL).
    pub(crate) fn is_tcp(self) -> bool {
        matches!(
            self,
            Self::Tcp | Self::Https | Self::Tls | Self::Mongo | Self::Redis | Self::Mysql
        )
    }
}

/// S21: a port name, which must be a DNS-1123 label.
pub(crate) fn port_name(name: &str) -> Check {
    if is_dns1123_label(name) {
        Ok(())
    } else {
        Err(format!(
            "invalid port name: {name:?}, must be a valid DNS-1123 label"
        ))
    }
}

/// S19's regex part: a non-empty RE2 expression of at most 1024 characters that compiles.
pub(crate) fn regex(pattern: &str) -> Check {
    if pattern.is_empty() {
        return Err("\"regex\" match cannot be empty".into());
    }
    if pattern.len() > 1024 {
        return Err(format!(
            "\"regex\" match is too long: {} characters, the limit is 1024",
            pattern.len()
        ));
    }
    if is_plain_regex(pattern) {
        return Ok(());
    }
    let invalid = |e: &dyn std::fmt::Display| format!("\"{pattern}\" is not a valid regex: {e}");
    // Turning the syntax tree into a matcher's program fails only on Unicode classes (`\p{..}`
    // and, without their tables, `\d` and the like), on case folding without its tables, and
    // on bytes outside UTF-8 once Unicode is switched off with a `(?-u)` flag. A pattern with
    // no escape and no inline flag can fail none of these, so parsing its syntax is enough.
    if !pattern.contains('\\') && !pattern.contains("(?") {
        return regex_syntax::ast::parse::Parser::new()
            .parse(pattern)
            .map(|_| ())
            .map_err(|e| invalid(&e));
    }
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| invalid(&e))
}

/// Whether `pattern` is made only of literal characters and `.`, each at most once followed
/// by `*`, `+` or `?`, with `^` and `$` anywhere: the shape of most route regexes
/// (`team-1.*`, `^/api/.+`), which every RE2 parser accepts, so that parsing it can be
/// skipped. Anything else (escapes, groups, classes, counted or nested repetition) answers
/// `false` and goes through the parser.
fn is_plain_regex(pattern: &str) -> bool {
    let mut repeatable = false;
    for byte in pattern.bytes() {
        match byte {
            b'\\' | b'(' | b')' | b'|' | b'[' | b']' | b'{' | b'}' => return false,
            b'*' | b'+' | b'?' if !repeatable => return false,
            b'*' | b'+' | b'?' | b'^' | b'$' => repeatable = false,
            _ => repeatable = true,
        }
    }
    true
}

/// RFC 7230 `tchar`: the characters of an HTTP token.
pub(crate) fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Every text of at most `longest` pieces of `alphabet`, the empty one first: the inputs of
/// the exhaustive agreement tests of name checks.
#[cfg(test)]
pub(crate) fn every_text(alphabet: &[&str], longest: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..longest {
        last = last
            .iter()
            .flat_map(|text| alphabet.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
        texts.extend(last.iter().cloned());
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass test agrees with the label-by-label walk on every name of up to six
    /// characters from an alphabet of each kind of byte, and on labels around the length limit.
    #[test]
    fn the_one_pass_label_test_agrees_with_the_walk() {
        fn walk(rest: &str) -> bool {
            let top = rest.rsplit('.').next().unwrap_or_default();
            let labels = match rest.strip_suffix('.') {
                Some(body) if top.is_empty() => body,
                _ => rest,
            };
            let numeric_top = !top.is_empty() && top.bytes().all(|b| b.is_ascii_digit());
            !numeric_top && labels.split('.').all(is_dns1123_label)
        }
        let mut names = every_text(&["a", "Z", "7", "-", ".", "*", "_", "é"], 6);
        for n in [62, 63, 64] {
            let label = "a".repeat(n);
            names.extend([
                label.clone(),
                format!("{label}.com"),
                format!("x.{label}"),
                format!("x.{label}."),
                format!("{label}-.a"),
            ]);
        }
        for name in &names {
            assert_eq!(labels_are_valid(name.as_bytes()), walk(name), "{name:?}");
            assert_eq!(
                labels_are_valid(name.as_bytes()),
                dns1123_labels(name, name).is_ok(),
                "{name:?}"
            );
        }
    }

    #[test]
    fn domains() {
        for ok in [
            "example.com",
            "a-b.example.com",
            "istio.io.",
            "x",
            "*",
            "*.example.com",
        ] {
            assert!(wildcard_domain(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "exa_mple.com",
            "example.123",
            "a..b",
            "foo.*.com",
            "-a.com",
        ] {
            assert!(wildcard_domain(bad).is_err(), "{bad}");
        }
        assert!(wildcard_domain("*foo.example.com").is_ok());
        assert!(fqdn("*.example.com").is_err());
        assert!(partial_wildcard("*foo.com").is_err());
        assert!(partial_wildcard("*.foo.com").is_ok());
    }

    #[test]
    fn addresses_and_subnets() {
        assert!(ip_subnet("10.0.0.0/8").is_ok());
        assert!(ip_subnet("2001:db8::/32").is_ok());
        assert!(ip_subnet("1.2.3.4").is_ok());
        assert!(ip_subnet("10.0.0.0/33").is_err());
        assert!(ip_subnet("example.com/8").is_err());
    }

    #[test]
    fn empty_text_counts_as_unset() {
        assert_eq!(non_empty(&None), None);
        assert_eq!(non_empty(&Some(CompactString::default())), None);
        assert_eq!(non_empty(&Some("a".into())), Some("a"));
        assert!(!is_set(&Some(CompactString::default())));
        assert!(is_set(&Some(" ".into())));
    }

    #[test]
    fn durations_need_whole_milliseconds() {
        let d = |s: &str| duration(&Duration::try_from(s).unwrap());
        assert!(d("1ms").is_ok());
        assert!(d("1.5s").is_ok());
        assert!(d("1.5ms").is_err());
        assert!(d("100us").is_err());
        assert!(d("0s").is_err());
    }

    #[test]
    fn labels_and_protocols() {
        let map = |k: &str, v: &str| [(k.to_string(), v.to_string())];
        assert!(labels(map("app", "web").iter().map(|(k, v)| (k, v))).is_ok());
        assert!(labels(map("example.com/app", "").iter().map(|(k, v)| (k, v))).is_ok());
        assert!(labels(map("a b", "x").iter().map(|(k, v)| (k, v))).is_err());
        assert!(labels(map("app", "-x").iter().map(|(k, v)| (k, v))).is_err());
        assert_eq!(Protocol::parse("grpc-web"), Some(Protocol::GrpcWeb));
        assert_eq!(Protocol::parse("QUIC"), None);
        assert!(regex("a(b").is_err());
        assert!(regex("^/api/v[0-9]+").is_ok());
    }

    /// The full parse, which every pattern went through before the syntax-only path.
    fn full(pattern: &str) -> Check {
        regex_syntax::Parser::new()
            .parse(pattern)
            .map(|_| ())
            .map_err(|e| format!("\"{pattern}\" is not a valid regex: {e}"))
    }

    #[test]
    fn regexes_are_judged_as_by_the_full_parse() {
        for pattern in [
            "team-1.*",
            "a**",
            "*a",
            "a{2,1}",
            "[z-a]",
            "[[:alpha:]]",
            "[[:nope:]]",
            "(a|b",
            "a)",
            "x{1001}",
            "[^\u{10FFFF}]",
            "((((a))))",
            "a{,3}",
            "^$",
            "[]a]",
            "(?P<n>a)",
            "(?i)a",
            "\\pL",
            "\\p{Nope}",
            "[^\u{0}-\u{10FFFF}]",
            "(?-u)\\xFF",
            "team-1.*",
            "^/api/.+$",
            "a*?",
            "^*",
            "a$*",
            ".+?",
            "??",
            "a+*",
        ] {
            assert_eq!(regex(pattern), full(pattern), "{pattern:?}");
        }
    }

    /// `dns1123_labels` as it was written before it stopped collecting the labels.
    fn labels_collected(domain: &str, rest: &str) -> Check {
        let mut parts: Vec<&str> = rest.split('.').collect();
        let top = parts.last().copied().unwrap_or_default();
        if !top.is_empty() && top.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "domain name {domain:?} invalid (top level domain {top:?} cannot be all-numeric)"
            ));
        }
        if parts.len() > 1 && top.is_empty() {
            parts.pop();
        }
        for label in parts {
            if !is_dns1123_label(label) {
                return Err(format!(
                    "domain name {domain:?} invalid (label {label:?} invalid)"
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn labels_with_trailing_and_repeated_dots() {
        for rest in [
            "", ".", "..", "a.", "a..", "a.b", "a.1", "a.1.", "1", "a-.b", "a.b.",
        ] {
            assert_eq!(
                dns1123_labels(rest, rest),
                labels_collected(rest, rest),
                "{rest:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn labels_are_judged_as_when_collected(rest in "[a1.é-]{0,10}") {
            proptest::prop_assert_eq!(dns1123_labels(&rest, &rest), labels_collected(&rest, &rest));
        }

        #[test]
        fn every_pattern_is_judged_as_by_the_full_parse(
            pattern in "[a-c.*+?()|\\[\\]{}^$,0-9:P<>=!-]{1,12}"
        ) {
            proptest::prop_assert_eq!(regex(&pattern), full(&pattern));
        }
    }
}

/// The namespace an object lives in for the rules: its own, or `default` when unset (as
/// `kubectl apply` would place it).
pub(crate) fn namespace_of(
    metadata: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> &str {
    metadata.namespace.as_deref().unwrap_or("default")
}

/// What an `exportTo` list is being checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExportScope {
    /// A VirtualService, or a DestinationRule without a workload selector.
    Plain,
    /// A ServiceEntry, which may also use `~` (visible to no other namespace).
    ServiceEntry,
    /// A DestinationRule with a workload selector, which may only be exported to its own
    /// namespace.
    DestinationRuleWithSelector,
}

/// S13: an `exportTo` list; every problem, in Istio's words.
pub(crate) fn export_to(
    namespace: &str,
    entries: &[CompactString],
    scope: ExportScope,
) -> Vec<String> {
    let mut errors = Vec::new();
    if entries.is_empty() {
        return errors;
    }
    let mut seen: SmallSet<&str, 8> = SmallSet::new();
    for entry in entries {
        let key = if entry == "." {
            namespace
        } else {
            entry.as_str()
        };
        if seen.contains(&key) {
            if key != entry {
                errors.push(format!(
                    "duplicate entries in exportTo: . and current namespace {namespace}"
                ));
            } else {
                errors.push(format!("duplicate entries in exportTo for entry {entry}"));
            }
            continue;
        }
        if scope == ExportScope::ServiceEntry && entry == "~" {
            seen.insert(key);
            continue;
        }
        let accepted = match key {
            "*" => true,
            _ if entry == "." => true,
            "~" => {
                errors.push(
                    "exportTo ~ (none) is not allowed for Istio configuration objects".into(),
                );
                false
            }
            _ if is_dns1123_label(key) => true,
            _ => {
                errors.push(
                    "only .,*, or a valid DNS 1123 label is allowed as exportTo entry".into(),
                );
                false
            }
        };
        if accepted {
            seen.insert(key);
        }
    }
    if scope == ExportScope::DestinationRuleWithSelector && !seen.is_empty() {
        if seen.contains(&namespace) {
            if seen.len() > 1 {
                errors.push(
                    "destination rule with workload selector cannot have multiple entries in exportTo"
                        .into(),
                );
            }
        } else {
            errors.push(
                "destination rule with workload selector cannot have exportTo beyond current namespace"
                    .into(),
            );
        }
    }
    if seen.contains(&"*") && entries.len() > 1 {
        errors.push(
            "cannot have both public (*) and non-public exportTo values for a resource".into(),
        );
    }
    if seen.contains(&"~") && entries.len() > 1 {
        errors.push("cannot export service entry to no one (~) and someone".into());
    }
    errors
}

#[cfg(test)]
mod export_tests {
    use super::*;

    fn check(entries: &[&str], scope: ExportScope) -> Vec<String> {
        let entries: Vec<CompactString> = entries.iter().map(|&s| s.into()).collect();
        export_to("shop", &entries, scope)
    }

    #[test]
    fn export_to_rules() {
        assert!(check(&[".", "other"], ExportScope::Plain).is_empty());
        assert_eq!(check(&[".", "shop"], ExportScope::Plain).len(), 1);
        assert_eq!(check(&["*", "other"], ExportScope::Plain).len(), 1);
        assert_eq!(check(&["~"], ExportScope::Plain).len(), 1);
        assert!(check(&["~"], ExportScope::ServiceEntry).is_empty());
        assert_eq!(check(&["~", "a"], ExportScope::ServiceEntry).len(), 1);
        assert_eq!(check(&["Bad_Name"], ExportScope::Plain).len(), 1);
        assert!(check(&["."], ExportScope::DestinationRuleWithSelector).is_empty());
        assert_eq!(
            check(&["other"], ExportScope::DestinationRuleWithSelector).len(),
            1
        );
    }
}
