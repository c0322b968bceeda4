//! The status codes the rules know: HTTP codes with a reason phrase (V38's numeric `retryOn`
//! tokens) and gRPC code names (V29's `grpcStatus`).

/// The HTTP status codes that have a standard reason phrase, as Go's `http.StatusText` knows
/// them (V38).
const HTTP_WITH_REASON: &[u16] = &[
    100, 101, 102, 103, //
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226, //
    300, 301, 302, 303, 304, 305, 307, 308, //
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
    421, 422, 423, 424, 425, 426, 428, 429, 431, 451, //
    500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];

/// The gRPC status code names Istio accepts for an injected abort (V29).
const GRPC_CODES: &[&str] = &[
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/// Whether `code` is an HTTP status with a known reason phrase (V38).
pub(super) fn has_reason_phrase(code: i64) -> bool {
    u16::try_from(code).is_ok_and(|code| HTTP_WITH_REASON.contains(&code))
}

/// Whether `name` is a gRPC status code name, such as `NOT_FOUND` (V29).
pub(super) fn is_grpc_code(name: &str) -> bool {
    GRPC_CODES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes() {
        assert!(has_reason_phrase(503));
        assert!(has_reason_phrase(418));
        assert!(!has_reason_phrase(306));
        assert!(!has_reason_phrase(599));
        assert!(!has_reason_phrase(-503));
        assert!(is_grpc_code("NOT_FOUND"));
        assert!(!is_grpc_code("not_found"));
    }
}
