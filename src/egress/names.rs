//! Names: how object names are derived from hosts, and the checks every name and host the
//! user writes must pass.
//!
//! Every name the composer writes is a DNS-1123 label (at most 63 lowercase letters, digits
//! and `-`): Istio requires that of Gateway names (rule G1) and subset names (V40), and using it
//! for every kind keeps one rule for all.

use super::error::ComposeError;
use crate::validate::common;

/// The longest DNS-1123 label.
const MAX_LABEL: usize = 63;

/// Turns a host into a name: `api.example.com` → `api-example-com`, `*.wikipedia.org` →
/// `wildcard-wikipedia-org`. The host must already have passed [`check_host`].
pub(crate) fn slug(host: &str) -> String {
    let mut out = String::with_capacity(host.len() + 8);
    // Byte by byte, each character in one step: a character beyond ASCII becomes one `-`
    // at its first byte, and its continuation bytes (`0x80..=0xBF`) add nothing.
    for b in host.bytes() {
        match b {
            b'*' => out.push_str("wildcard"),
            b'a'..=b'z' | b'0'..=b'9' => out.push(char::from(b)),
            b'A'..=b'Z' => out.push(char::from(b.to_ascii_lowercase())),
            0x80..=0xBF => {}
            _ => out.push('-'),
        }
    }
    label(out)
}

/// Joins parts with `-` into a DNS-1123 label, shortening it when it would be too long.
pub(crate) fn join(parts: &[&str]) -> String {
    label(parts.join("-"))
}

/// Makes `text` a DNS-1123 label: trims `-` from both ends and, when longer than 63
/// characters, keeps a prefix and appends a short hash of the whole, so that different long
/// names stay different and the result is the same on every run.
pub(crate) fn label(text: String) -> String {
    let trimmed = text.trim_matches('-');
    if trimmed.len() <= MAX_LABEL {
        return if trimmed.is_empty() {
            "egress".into()
        } else if trimmed.len() == text.len() {
            text
        } else {
            trimmed.to_owned()
        };
    }
    let hash = format!("{:08x}", fnv1a(trimmed.as_bytes()));
    let keep = MAX_LABEL - hash.len() - 1;
    let prefix: String = trimmed.chars().take(keep).collect();
    format!("{}-{hash}", prefix.trim_end_matches('-'))
}

/// FNV-1a, 32 bits: a tiny, stable hash (the standard library's is randomised per process).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

/// Whether `value` is a lowercase DNS-1123 label, as Kubernetes requires of object names and
/// namespaces.
pub(crate) fn is_label(value: &str) -> bool {
    common::is_lowercase_dns1123_label(value)
}

/// Checks a name the user chose (a namespace, an override of a derived name); `field` gives
/// the field's path, and is called only for an error.
pub(crate) fn check_label(
    field: impl FnOnce() -> String,
    value: &str,
    what: &str,
) -> Result<(), ComposeError> {
    if is_label(value) {
        Ok(())
    } else {
        Err(ComposeError::invalid(
            field(),
            value,
            format!(
                "is not a valid {what}: use at most 63 lowercase letters, digits and '-', \
                 starting and ending with a letter or digit"
            ),
        ))
    }
}

/// Whether `value` is a Kubernetes object name that may contain dots (a DNS-1123 subdomain),
/// as Secrets may be named.
pub(crate) fn is_subdomain(value: &str) -> bool {
    !value.is_empty() && value.len() <= 253 && value.split('.').all(is_label)
}

/// How a host may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HostKind {
    /// A concrete DNS name such as `api.example.com`.
    Concrete,
    /// A wildcard such as `*.example.com`.
    Wildcard,
}

/// Checks a host of a route: a lowercase DNS name with at least one dot, optionally starting
/// with `*.`. Rejects what Istio rejects (a lone `*`, partial wildcards such as `*foo.com`,
/// IP addresses, an all-numeric top-level label) and, to keep host matching exact, upper case
/// and a trailing dot. `field` gives the field's path, and is called only for an error.
pub(crate) fn check_host(field: impl Fn() -> String, host: &str) -> Result<HostKind, ComposeError> {
    let bad = |message: &str| Err(ComposeError::invalid(field(), host, message));
    if host.is_empty() {
        return bad("is empty: a host is a DNS name such as api.example.com");
    }
    if host == "*" {
        return bad(
            "would send all external traffic through one route: name the hosts, or use \
             *.domain with wildcard.upstream",
        );
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return bad("has upper-case letters: write hosts in lower case");
    }
    if host.ends_with('.') {
        return bad("ends with a dot: write the host without it");
    }
    if common::is_ip(host) {
        return bad("is an IP address: a ServiceEntry host is a DNS name (IPs go in addresses)");
    }
    let (kind, name) = match host.strip_prefix("*.") {
        Some(rest) => (HostKind::Wildcard, rest),
        None => (HostKind::Concrete, host),
    };
    if name.contains('*') {
        return bad("has a '*' that is not a leading '*.': Istio only allows *.domain wildcards");
    }
    if !name.contains('.') && kind == HostKind::Concrete {
        return bad(
            "is a short name: egress hosts must be fully qualified (api.example.com), since \
             short names are resolved against the object's namespace",
        );
    }
    if let Err(message) = common::fqdn(name) {
        return bad(&format!("is not a valid DNS name ({message})"));
    }
    Ok(kind)
}

/// Whether two hosts of routes can name the same destination: equal, or one a wildcard that
/// covers the other (`*.example.com` covers `api.example.com` and `*.api.example.com`).
pub(crate) fn hosts_overlap(a: &str, b: &str) -> bool {
    covers(a, b) || covers(b, a)
}

/// Whether `pattern` matches `host` the way Istio matches hosts.
pub(crate) fn covers(pattern: &str, host: &str) -> bool {
    if pattern == host {
        return true;
    }
    match pattern.strip_prefix('*') {
        // `*.example.com` covers every name ending in `.example.com`, wildcards included.
        Some(suffix) => {
            let name = host.strip_prefix('*').unwrap_or(host);
            name.len() > suffix.len() && name.ends_with(suffix)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_a_dns_label_without_upper_case() {
        // Every text of up to four characters from an alphabet with each kind of character.
        let mut texts = common::every_text(&["a", "Z", "7", "-", ".", "_", "é"], 4);
        for long in [63, 64] {
            texts.push("a".repeat(long));
        }
        for text in &texts {
            let expected =
                common::is_dns1123_label(text) && !text.bytes().any(|b| b.is_ascii_uppercase());
            assert_eq!(is_label(text), expected, "{text:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("api.example.com"), "api-example-com");
        assert_eq!(slug("*.wikipedia.org"), "wildcard-wikipedia-org");
        let long = format!("{}.example.com", "a".repeat(60));
        let name = slug(&long);
        assert_eq!(name.len(), 63);
        assert!(is_label(&name));
        assert_ne!(name, slug(&format!("{}.example.org", "a".repeat(60))));
        // Beyond ASCII, one `-` per character, however many bytes it takes.
        assert_eq!(slug("caf\u{e9}.example"), "caf--example");
        assert_eq!(slug("\u{1f600}x"), "x");
    }

    proptest::proptest! {
        /// The byte loop names every text as a walk over its characters would.
        #[test]
        fn slugs_take_each_character_as_one(host in "[a-zA-Z0-9.*_\\-\u{e9}\u{3b1}\u{1f600}]{0,40}") {
            let mut by_char = String::new();
            for c in host.chars() {
                match c {
                    '*' => by_char.push_str("wildcard"),
                    'a'..='z' | '0'..='9' => by_char.push(c),
                    'A'..='Z' => by_char.push(c.to_ascii_lowercase()),
                    _ => by_char.push('-'),
                }
            }
            proptest::prop_assert_eq!(slug(&host), label(by_char));
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            check_host(|| "h".into(), "api.example.com").ok(),
            Some(HostKind::Concrete)
        );
        assert_eq!(
            check_host(|| "h".into(), "*.example.com").ok(),
            Some(HostKind::Wildcard)
        );
        for bad in [
            "",
            "*",
            "api",
            "Api.example.com",
            "*foo.example.com",
            "a.*.com",
            "1.2.3.4",
            "a..b",
            "-a.com",
            "a.com.",
            "a_b.com",
        ] {
            assert!(check_host(|| "h".into(), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn overlap() {
        assert!(hosts_overlap("*.example.com", "api.example.com"));
        assert!(hosts_overlap("api.example.com", "*.example.com"));
        assert!(hosts_overlap("*.example.com", "*.api.example.com"));
        assert!(!hosts_overlap("*.example.com", "example.com"));
        assert!(!hosts_overlap("api.example.com", "web.example.com"));
    }
}
