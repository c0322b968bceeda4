//! A small DER reader for the SecretAnalyzer (IST0161): enough of X.509 to check that a
//! certificate is well formed at the top levels and to read its validity period, as Go's
//! `x509.ParseCertificates` and Istio's `ValidateCertificate` use them. Reads untrusted
//! bytes: every read is checked, nothing can panic.

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const VERSION: u8 = 0xa0;

/// A certificate's validity period, in seconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Validity {
    /// `notBefore`.
    pub(super) not_before: i64,
    /// `notAfter`.
    pub(super) not_after: i64,
}

/// gateway.SecretAnalyzer IST0161: the validity of each certificate in `der` (one or more
/// DER certificates one after the other), or `None` when any of them does not parse.
pub(super) fn certificates(der: &[u8]) -> Option<Vec<Validity>> {
    let mut reader = Reader(der);
    let mut found = Vec::new();
    while !reader.is_empty() {
        found.push(certificate(reader.expect(SEQUENCE)?)?);
    }
    Some(found)
}

/// gateway.SecretAnalyzer IST0161: the validity of one certificate, given the content of its
/// outer SEQUENCE: `tbsCertificate`, `signatureAlgorithm`, `signatureValue`, nothing else.
fn certificate(content: &[u8]) -> Option<Validity> {
    let mut outer = Reader(content);
    let tbs = outer.expect(SEQUENCE)?;
    outer.expect(SEQUENCE)?;
    outer.expect(BIT_STRING)?;
    if !outer.is_empty() {
        return None;
    }
    to_be_signed(tbs)
}

/// gateway.SecretAnalyzer IST0161: the validity inside a `tbsCertificate`, checking the
/// fields around it: optional version, serial, signature algorithm, issuer, validity,
/// subject, public key, then well-formed optional fields.
fn to_be_signed(content: &[u8]) -> Option<Validity> {
    let mut tbs = Reader(content);
    if tbs.peek() == Some(VERSION) {
        let mut version = Reader(tbs.expect(VERSION)?);
        version.expect(INTEGER)?;
        if !version.is_empty() {
            return None;
        }
    }
    tbs.expect(INTEGER)?;
    tbs.expect(SEQUENCE)?;
    tbs.expect(SEQUENCE)?;
    let validity = validity(tbs.expect(SEQUENCE)?)?;
    tbs.expect(SEQUENCE)?;
    tbs.expect(SEQUENCE)?;
    while !tbs.is_empty() {
        tbs.next()?;
    }
    Some(validity)
}

/// gateway.SecretAnalyzer IST0161: `notBefore` and `notAfter` of a Validity SEQUENCE.
fn validity(content: &[u8]) -> Option<Validity> {
    let mut fields = Reader(content);
    let (tag, value) = fields.next()?;
    let not_before = time(tag, value)?;
    let (tag, value) = fields.next()?;
    let not_after = time(tag, value)?;
    fields.is_empty().then_some(Validity {
        not_before,
        not_after,
    })
}

/// Reads DER elements one after the other.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// gateway.SecretAnalyzer IST0161: whether everything has been read.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// gateway.SecretAnalyzer IST0161: the tag of the next element.
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// gateway.SecretAnalyzer IST0161: the content of the next element, which must have tag
    /// `tag`.
    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (found, content) = self.next()?;
        (found == tag).then_some(content)
    }

    /// gateway.SecretAnalyzer IST0161: the tag and content of the next element, lengths in
    /// DER's minimal definite form.
    fn next(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.0.split_first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let length = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return None;
            }
            let (bytes, after) = rest.split_at_checked(count)?;
            rest = after;
            if bytes.first() == Some(&0) {
                return None;
            }
            let length = bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b));
            if length < 0x80 {
                return None;
            }
            length
        };
        let (content, after) = rest.split_at_checked(length)?;
        self.0 = after;
        Some((tag, content))
    }
}

/// gateway.SecretAnalyzer IST0161: a UTCTime (`YYMMDDHHMM[SS]` then `Z` or `±hhmm`; years
/// before 50 are 20xx) or GeneralizedTime (`YYYYMMDDHHMMSS[.fff]` then `Z` or `±hhmm`), in
/// seconds since the Unix epoch.
fn time(tag: u8, value: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(value).ok()?;
    let (year, rest) = match tag {
        UTC_TIME => {
            let year = digits(text.get(..2)?)?;
            (
                if year < 50 { 2000 + year } else { 1900 + year },
                text.get(2..)?,
            )
        }
        GENERALIZED_TIME => (digits(text.get(..4)?)?, text.get(4..)?),
        _ => return None,
    };
    let month = digits(rest.get(..2)?)?;
    let day = digits(rest.get(2..4)?)?;
    let hour = digits(rest.get(4..6)?)?;
    let minute = digits(rest.get(6..8)?)?;
    let rest = rest.get(8..)?;
    let (second, rest) = match rest.get(..2).and_then(digits) {
        Some(second) => (second, rest.get(2..)?),
        None if tag == UTC_TIME => (0, rest),
        None => return None,
    };
    let rest = match rest.strip_prefix('.') {
        Some(fraction) if tag == GENERALIZED_TIME => {
            let end = fraction.find(|c: char| !c.is_ascii_digit())?;
            fraction.get(end..).filter(|_| end > 0)?
        }
        Some(_) => return None,
        None => rest,
    };
    let offset = zone(rest)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

/// gateway.SecretAnalyzer IST0161: the offset of a time zone suffix (`Z`, `+hhmm`, `-hhmm`)
/// in seconds east of UTC.
fn zone(text: &str) -> Option<i64> {
    if text == "Z" {
        return Some(0);
    }
    let (sign, rest) = match text.strip_prefix('+') {
        Some(rest) => (1, rest),
        None => (-1, text.strip_prefix('-')?),
    };
    if rest.len() != 4 {
        return None;
    }
    let hours = digits(rest.get(..2)?)?;
    let minutes = digits(rest.get(2..)?)?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3_600 + minutes * 60))
}

/// gateway.SecretAnalyzer IST0161: a run of ASCII digits as a number.
fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// gateway.SecretAnalyzer IST0161: the number of days in a month of the Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// gateway.SecretAnalyzer IST0161: days from 1970-01-01 to a date of the proleptic Gregorian
/// calendar (negative before it).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed v3 certificate made for these tests with `openssl ca -selfsign`, valid
    /// from 2020-01-01T00:00:00Z (UTCTime) to 2099-12-31T23:59:59Z (GeneralizedTime).
    const CERTIFICATE: &[u8] = include_bytes!("valid-cert.pem");

    fn der() -> Vec<u8> {
        super::super::pem::first_block(CERTIFICATE).unwrap_or_default()
    }

    #[test]
    fn reads_the_validity_of_a_certificate() {
        let expected = Validity {
            not_before: 1_577_836_800,
            not_after: 4_102_444_799,
        };
        assert_eq!(certificates(&der()), Some(vec![expected]));
        let two = [der(), der()].concat();
        assert_eq!(certificates(&two), Some(vec![expected, expected]));
    }

    #[test]
    fn rejects_truncated_and_damaged_certificates_without_panicking() {
        let der = der();
        assert!(!der.is_empty());
        for length in 1..der.len() {
            assert_eq!(certificates(der.get(..length).unwrap_or_default()), None);
        }
        for position in 0..der.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = der.clone();
                if let Some(byte) = damaged.get_mut(position) {
                    *byte ^= flip;
                }
                let _ = certificates(&damaged);
            }
        }
    }

    #[test]
    fn reads_times() {
        assert_eq!(time(UTC_TIME, b"700101000000Z"), Some(0));
        assert_eq!(time(UTC_TIME, b"250101000000Z"), Some(1_735_689_600));
        assert_eq!(
            time(UTC_TIME, b"500101000000Z"),
            time(GENERALIZED_TIME, b"19500101000000Z")
        );
        assert_eq!(
            time(GENERALIZED_TIME, b"20991231235959Z"),
            Some(4_102_444_799)
        );
        assert_eq!(
            time(GENERALIZED_TIME, b"20240229120000.5Z"),
            Some(1_709_208_000)
        );
        assert_eq!(time(UTC_TIME, b"2501010000Z"), Some(1_735_689_600));
        assert_eq!(time(UTC_TIME, b"250101010000+0100"), Some(1_735_689_600));
        assert_eq!(time(GENERALIZED_TIME, b"20230229000000Z"), None);
        assert_eq!(time(UTC_TIME, b"250101000000"), None);
        assert_eq!(time(UTC_TIME, b"25010100000Z"), None);
        assert_eq!(time(GENERALIZED_TIME, b"2025"), None);
        assert_eq!(time(0x04, b"250101000000Z"), None);
    }

    #[test]
    fn reads_lengths_strictly() {
        assert_eq!(
            Reader(&[0x04, 0x01, 0xff]).next(),
            Some((0x04, &[0xff][..]))
        );
        assert_eq!(Reader(&[0x04, 0x81, 0x01, 0xff]).next(), None);
        assert_eq!(Reader(&[0x04, 0x80, 0x00, 0x00]).next(), None);
        assert_eq!(Reader(&[0x04, 0x85, 1, 1, 1, 1, 1]).next(), None);
        assert_eq!(Reader(&[0x04, 0x02, 0xff]).next(), None);
        assert_eq!(Reader(&[0x1f, 0x00]).next(), None);
        assert_eq!(Reader(&[]).next(), None);
        assert_eq!(certificates(&[]), Some(Vec::new()));
        assert_eq!(certificates(&[0x30, 0x00]), None);
    }
}
