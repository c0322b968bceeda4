//! Header names and values as the VirtualService rules check them (the catalogue's S14–S18):
//! match keys, header operations, CORS header lists, and the Envoy `%VARIABLE%` syntax of
//! header values.

use super::super::common::{self, Check};

/// The special header prefix that routes on a JWT claim.
const JWT_CLAIM_PREFIX: &str = "@request.auth.claims";

/// The HTTP/2 pseudo headers a match may name.
const PSEUDO_HEADERS: [&str; 5] = [":method", ":scheme", ":authority", ":path", ":status"];

/// The message for an empty header name.
const EMPTY_NAME: &str = "header name cannot be empty";

/// V6/S14: whether a key is a JWT claim (`@request.auth.claims.x` or `...claims[x]`).
pub(super) fn is_jwt_claim(name: &str) -> bool {
    let Some(prefix) = name.get(..JWT_CLAIM_PREFIX.len()) else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case(JWT_CLAIM_PREFIX) {
        return false;
    }
    let rest = name.get(JWT_CLAIM_PREFIX.len()..).unwrap_or_default();
    rest.starts_with('.') || (rest.starts_with('[') && rest.ends_with(']'))
}

/// S14: a header name a match may use: an HTTP token, a pseudo header, or a JWT claim.
pub(super) fn match_name(name: &str) -> Check {
    if name.is_empty() {
        return Err(EMPTY_NAME.into());
    }
    if is_jwt_claim(name) || PSEUDO_HEADERS.contains(&name) || common::is_token(name) {
        Ok(())
    } else {
        Err(format!("header name {name} is not a valid header name"))
    }
}

/// Whether a header is internal to Envoy: a pseudo header or `Host` (S15, S16).
fn is_internal(name: &str) -> bool {
    name.starts_with(':') || name.eq_ignore_ascii_case("host")
}

/// Whether a header names the request's authority (`:authority` or `Host`) (S15, V26).
pub(super) fn is_authority(name: &str) -> bool {
    name.eq_ignore_ascii_case(":authority") || name.eq_ignore_ascii_case("host")
}

/// The message for an internal header that may not be changed (S15, S16).
fn colon_prefix(name: &str) -> String {
    format!("invalid header {name:?}: header cannot have \":\" prefix")
}

/// S15: a request header to add or set; the authority may be set, other internal headers not.
pub(super) fn request_set_name(name: &str) -> Check {
    if name.is_empty() {
        return Err(EMPTY_NAME.into());
    }
    if is_internal(name) && !is_authority(name) {
        return Err(colon_prefix(name));
    }
    Ok(())
}

/// S16: a request header to remove, or a response operation: no `Host`, no `:` prefix.
pub(super) fn operation_name(name: &str) -> Check {
    if name.is_empty() {
        return Err(EMPTY_NAME.into());
    }
    if name.eq_ignore_ascii_case("host") {
        return Err(format!("invalid header {name:?}: cannot set Host header"));
    }
    if is_internal(name) {
        return Err(colon_prefix(name));
    }
    Ok(())
}

/// S18: a CORS allow/expose header name: `*` or an HTTP token.
pub(super) fn cors_name(name: &str) -> Check {
    if name.is_empty() {
        return Err(EMPTY_NAME.into());
    }
    if name == "*" || common::is_token(name) {
        Ok(())
    } else {
        Err(format!("header name {name} is not a valid header name"))
    }
}

/// S17: a header value has no control characters but TAB and well-formed `%VAR%` uses.
pub(super) fn value(value: &str) -> Check {
    let control = value.chars().any(|c| c.is_ascii_control() && c != '\t');
    if control {
        return Err(format!("header value configuration {value} is invalid"));
    }
    variables(value).map_err(|e| format!("header value configuration: {e}"))
}

/// Where the Envoy header-value parser is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Plain text.
    Literal,
    /// Inside `%VAR`.
    Name,
    /// After `%VAR(`, before the arguments.
    ExpectArray,
    /// Inside `[`, expecting a quoted string.
    ExpectString,
    /// Inside an argument string.
    InString,
    /// After an array element, expecting `,` or `]`.
    ExpectDelimiter,
    /// After `]`, expecting `)`.
    ExpectArgsEnd,
    /// After `)`, expecting the closing `%`.
    ExpectVariableEnd,
}

/// S17: the `%VAR%` / `%VAR(arg)%` / `%VAR(["a"])%` syntax as Envoy's header parser reads it.
fn variables(value: &str) -> Check {
    let bytes = value.as_bytes();
    let mut state = State::Literal;
    let mut pos = 0;
    while let Some(&ch) = bytes.get(pos) {
        let next = bytes.get(pos + 1).copied();
        let (new_state, skip) = step(state, ch, next)?;
        state = new_state;
        pos += 1 + usize::from(skip);
    }
    if state == State::Literal {
        Ok(())
    } else {
        Err(format!(
            "invalid header configuration. Un-terminated variable expression '{value}'"
        ))
    }
}

/// S17: one parser step: the next state, and whether the next character is consumed too.
fn step(state: State, ch: u8, next: Option<u8>) -> Result<(State, bool), String> {
    let space = ch == b' ';
    let state = match state {
        State::Literal if ch != b'%' => State::Literal,
        State::Literal => match next {
            None => return Err("invalid header configuration. Un-escaped %".into()),
            Some(b'%') => return Ok((State::Literal, true)),
            Some(_) => State::Name,
        },
        State::Name => match ch {
            b'%' => State::Literal,
            b'(' => State::ExpectArray,
            _ => State::Name,
        },
        State::ExpectArray if ch == b'[' => State::ExpectString,
        State::ExpectArray if space => State::ExpectArray,
        State::ExpectArray => State::InString,
        State::ExpectDelimiter => match ch {
            b',' => State::ExpectString,
            b']' => State::ExpectArgsEnd,
            _ if space => State::ExpectDelimiter,
            _ => {
                return Err(
                    "invalid header configuration. Expecting ',', ']', or whitespace".into(),
                );
            }
        },
        State::ExpectString if ch == b'"' => State::InString,
        State::ExpectString if space => State::ExpectString,
        State::ExpectString => {
            return Err("invalid header configuration. Expecting '\"'".into());
        }
        State::InString => return in_string(ch, next),
        State::ExpectArgsEnd if ch == b')' => State::ExpectVariableEnd,
        State::ExpectArgsEnd if space => State::ExpectArgsEnd,
        State::ExpectArgsEnd => {
            return Err(
                "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'"
                    .into(),
            );
        }
        State::ExpectVariableEnd if ch == b'%' => State::Literal,
        State::ExpectVariableEnd if space => State::ExpectVariableEnd,
        State::ExpectVariableEnd => {
            return Err("invalid header configuration. Expecting '%' or whitespace after".into());
        }
    };
    Ok((state, false))
}

/// One character inside an argument string, where a backslash escapes the next one (S17).
fn in_string(ch: u8, next: Option<u8>) -> Result<(State, bool), String> {
    match ch {
        b'\\' if next.is_none() => {
            Err("invalid header configuration. Un-terminated backslash in JSON string".into())
        }
        b'\\' => Ok((State::InString, true)),
        b')' => Ok((State::ExpectVariableEnd, false)),
        b'"' => Ok((State::ExpectDelimiter, false)),
        _ => Ok((State::InString, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values() {
        for ok in [
            "",
            "foo",
            "%HOSTNAME%",
            "100%%",
            "prefix %HOSTNAME% suffix",
            "%REQ(x-id)%",
            "%FILTER_STATE([\"a\", \"b\"])%",
            "tab\there",
        ] {
            assert!(value(ok).is_ok(), "{ok}");
        }
        for bad in [
            "abc%123",
            "%START_TIME%%",
            "%",
            "a\nb",
            "%VAR([x])%",
            "%VAR(\"a\\",
            "\u{7f}",
        ] {
            assert!(value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn header_names() {
        assert!(match_name("x-user").is_ok());
        assert!(match_name(":authority").is_ok());
        assert!(match_name("@request.auth.claims.sub").is_ok());
        assert!(match_name("@REQUEST.auth.claims[groups]").is_ok());
        assert!(match_name("x user").is_err());
        assert!(match_name(":foo").is_err());
        assert!(request_set_name(":authority").is_ok());
        assert!(request_set_name("Host").is_ok());
        assert!(request_set_name(":path").is_err());
        assert!(operation_name("host").is_err());
        assert!(operation_name(":path").is_err());
        assert!(cors_name("*").is_ok());
        assert!(cors_name("a b").is_err());
    }
}
