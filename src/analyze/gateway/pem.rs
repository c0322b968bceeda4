//! The first PEM block of a Secret value, decoded, as Go's `pem.Decode` finds it for the
//! SecretAnalyzer (IST0161): a `-----BEGIN <type>-----` line at the start of the text or of a
//! line, optional `Key: value` header lines, a base64 body and the matching
//! `-----END <type>-----` line. A block that does not parse is skipped and the search goes on
//! after it. Reads untrusted bytes: no indexing that can fail.

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// gateway.SecretAnalyzer IST0161: the bytes of the first well-formed PEM block, if any.
pub(super) fn first_block(data: &[u8]) -> Option<Vec<u8>> {
    let mut rest = data;
    loop {
        let start = begin_line(rest)?;
        let block = rest.get(start..)?;
        if let Some(bytes) = block_body(block) {
            return Some(bytes);
        }
        rest = block.get(BEGIN.len()..)?;
    }
}

/// gateway.SecretAnalyzer IST0161: where the next `-----BEGIN ` sits at the start of the text
/// or right after a newline.
fn begin_line(data: &[u8]) -> Option<usize> {
    if data.starts_with(BEGIN) {
        return Some(0);
    }
    let mut from = 0;
    loop {
        let at = from + find(data.get(from..)?, BEGIN)?;
        if at > 0 && data.get(at - 1) == Some(&b'\n') {
            return Some(at);
        }
        from = at + 1;
    }
}

/// gateway.SecretAnalyzer IST0161: the decoded body of the block `block` starts with, or
/// `None` when it is not a well-formed block.
fn block_body(block: &[u8]) -> Option<Vec<u8>> {
    let (type_line, mut rest) = line(block.get(BEGIN.len()..)?);
    let kind = trim_end(type_line).strip_suffix(DASHES)?;
    loop {
        let (header, next) = line(rest);
        if rest.is_empty() || !header.contains(&b':') {
            break;
        }
        rest = next;
    }
    let (body, end_line) = if rest.starts_with(END) {
        (&b""[..], rest)
    } else {
        let at = find(rest, b"\n-----END ")?;
        (rest.get(..at)?, rest.get(at + 1..)?)
    };
    let (end_line, _) = line(end_line);
    let end_kind = trim_end(end_line.get(END.len()..)?).strip_suffix(DASHES)?;
    if end_kind != kind {
        return None;
    }
    decode_base64(body)
}

/// gateway.SecretAnalyzer IST0161: the first line of `data` (without its `\n`) and what
/// follows it.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 1..).unwrap_or_default(),
        ),
        None => (data, &[]),
    }
}

/// gateway.SecretAnalyzer IST0161: `data` without trailing spaces, tabs and carriage returns.
fn trim_end(data: &[u8]) -> &[u8] {
    let keep = data
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |at| at + 1);
    data.get(..keep).unwrap_or_default()
}

/// gateway.SecretAnalyzer IST0161: where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// gateway.SecretAnalyzer IST0161: standard padded base64, ignoring whitespace, as Go's
/// `base64.StdEncoding` decodes a PEM body.
fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    let mut symbols = 0usize;
    let mut padding = 0usize;
    for &c in text {
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            continue;
        }
        symbols += 1;
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None;
        }
        buffer = ((buffer << 6) | sextet(c)?) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    let data = symbols - padding;
    let expected_padding = (4 - data % 4) % 4;
    (symbols.is_multiple_of(4) && padding <= 2 && padding == expected_padding).then_some(out)
}

/// gateway.SecretAnalyzer IST0161: the value of one base64 symbol.
fn sextet(c: u8) -> Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_padded_base64() {
        assert_eq!(decode_base64(b"aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(
            decode_base64(b"aGVs\nbG8h").as_deref(),
            Some(&b"hell\x6f!"[..])
        );
        assert_eq!(decode_base64(b"aGVsbG8").as_deref(), None);
        assert_eq!(decode_base64(b"aG=sbG8=").as_deref(), None);
        assert_eq!(decode_base64(b"aGVs*G8=").as_deref(), None);
        assert_eq!(decode_base64(b"").as_deref(), Some(&b""[..]));
    }

    #[test]
    fn finds_the_first_good_block() {
        let text = b"junk\n-----BEGIN X-----\n!!\n-----END X-----\n\
            -----BEGIN CERTIFICATE-----\r\nProc-Type: 4\n\naGk=\n-----END CERTIFICATE-----\n";
        assert_eq!(first_block(text).as_deref(), Some(&b"hi"[..]));
        assert_eq!(
            first_block(b"-----BEGIN A-----\naGk=\n-----END B-----\n"),
            None
        );
        assert_eq!(
            first_block(b"x-----BEGIN A-----\naGk=\n-----END A-----\n"),
            None
        );
        assert_eq!(
            first_block(b"-----BEGIN A-----\n-----END A-----").as_deref(),
            Some(&b""[..])
        );
        assert_eq!(first_block(b"-----BEGIN A-----"), None);
        assert_eq!(first_block(b""), None);
    }
}
