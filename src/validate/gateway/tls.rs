//! A Gateway server's TLS settings (G21–G32).

use super::super::common::is_set;
use super::super::ctx::Ctx;
use crate::networking::{ServerTlsMode, ServerTlsSettings, TlsCertificate, TlsProtocol};
use compact_str::CompactString;

/// The cipher suites Envoy's BoringSSL accepts in `cipherSuites` (Istio's
/// `security.ValidCipherSuites`).
const VALID_CIPHER_SUITES: [&str; 15] = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "ECDHE-RSA-AES256-SHA",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "AES128-SHA",
    "AES256-SHA",
    "DES-CBC3-SHA",
];

/// Checks the settings (G21–G32), at the `tls` position.
pub(super) fn check<'o>(tls: &'o ServerTlsSettings, ctx: &mut Ctx<'o>) {
    old_protocol_without_ciphers(tls, ctx);
    cipher_suites(&tls.cipher_suites, ctx);
    let mode = tls.mode.as_ref().unwrap_or(&ServerTlsMode::Passthrough);
    match mode {
        ServerTlsMode::IstioMutual => {
            istio_mutual(tls, ctx);
            return;
        }
        ServerTlsMode::Passthrough | ServerTlsMode::AutoPassthrough => pass_through(tls, mode, ctx),
        _ => {}
    }
    one_certificate_source(tls, ctx);
    let terminates = matches!(
        mode,
        ServerTlsMode::Simple | ServerTlsMode::Mutual | ServerTlsMode::OptionalMutual
    );
    // G27: with a credential, the certificates come from SDS; nothing more to check.
    if terminates && (is_set(&tls.credential_name) || !tls.credential_names.is_empty()) {
        return;
    }
    if terminates {
        certificate_files(tls, mode, ctx);
    }
    revocation_list(tls, mode, ctx);
}

/// G21: TLS 1.0/1.1 as the minimum needs explicit cipher suites.
fn old_protocol_without_ciphers<'o>(tls: &'o ServerTlsSettings, ctx: &mut Ctx<'o>) {
    let old = matches!(
        tls.min_protocol_version,
        Some(TlsProtocol::Tlsv1_0 | TlsProtocol::Tlsv1_1)
    );
    if old && tls.cipher_suites.is_empty() {
        ctx.warning_at(
            "minProtocolVersion",
            "G21",
            "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.",
        );
    }
}

/// Whether Istio lets a cipher suite through: a known one, `ALL`, empty, or an expression
/// starting with an operator such as `-`, `+` or `!`.
fn is_valid_cipher_suite(suite: &str) -> bool {
    let Some(first) = suite.bytes().next() else {
        return true;
    };
    if suite == "ALL" {
        return true;
    }
    let first = char::from(first);
    if !first.is_alphabetic() && !first.is_numeric() {
        return true;
    }
    VALID_CIPHER_SUITES.contains(&suite)
}

/// G22 (unknown suites) and G23 (duplicates): both are ignored by Istio, so warnings, each value
/// reported once at its first offending position.
fn cipher_suites<'o>(suites: &'o [CompactString], ctx: &mut Ctx<'o>) {
    let mut valid: Vec<&str> = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    ctx.each("cipherSuites", suites, |ctx, suite| {
        let suite = suite.as_str();
        if !is_valid_cipher_suite(suite) {
            if !reported.contains(&suite) {
                reported.push(suite);
                ctx.warning("G22", format!("ignoring invalid cipher suites: [{suite}]"));
            }
        } else if valid.contains(&suite) {
            if !reported.contains(&suite) {
                reported.push(suite);
                ctx.warning(
                    "G23",
                    format!("ignoring duplicate cipher suites: [{suite}]"),
                );
            }
        } else {
            valid.push(suite);
        }
    });
}

/// G24: ISTIO_MUTUAL uses the mesh's own certificates, so no certificate field may be set.
fn istio_mutual<'o>(tls: &'o ServerTlsSettings, ctx: &mut Ctx<'o>) {
    let fields: [(&'static str, bool, &str); 6] = [
        (
            "serverCertificate",
            is_set(&tls.server_certificate),
            "server certificate",
        ),
        ("privateKey", is_set(&tls.private_key), "private key"),
        ("caCertificates", is_set(&tls.ca_certificates), "CA bundle"),
        (
            "tlsCertificates",
            !tls.tls_certificates.is_empty(),
            "tlsCertificates",
        ),
        (
            "credentialName",
            is_set(&tls.credential_name),
            "credentialName",
        ),
        (
            "credentialNames",
            !tls.credential_names.is_empty(),
            "credentialNames",
        ),
    ];
    for (field, set, what) in fields {
        if set {
            ctx.error_at(
                field,
                "G24",
                format!("ISTIO_MUTUAL TLS cannot have associated {what}"),
            );
        }
    }
}

/// G25: pass-through modes do not terminate TLS; certificates are ignored.
fn pass_through<'o>(tls: &'o ServerTlsSettings, mode: &ServerTlsMode, ctx: &mut Ctx<'o>) {
    let any = [
        &tls.ca_crl,
        &tls.server_certificate,
        &tls.private_key,
        &tls.ca_certificates,
        &tls.credential_name,
    ]
    .into_iter()
    .any(is_set)
        || !tls.tls_certificates.is_empty()
        || !tls.credential_names.is_empty();
    if any {
        ctx.warning(
            "G25",
            format!(
                "{} mode does not use certificates, they will be ignored",
                mode.as_str()
            ),
        );
    }
}

/// G26: one certificate source at most.
fn one_certificate_source<'o>(tls: &'o ServerTlsSettings, ctx: &mut Ctx<'o>) {
    let sources = [
        is_set(&tls.server_certificate) && is_set(&tls.private_key),
        is_set(&tls.credential_name),
        !tls.credential_names.is_empty(),
        !tls.tls_certificates.is_empty(),
    ];
    if sources.into_iter().filter(|s| *s).count() > 1 {
        ctx.error(
            "G26",
            "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified",
        );
    }
}

/// G28–G30: a terminating mode without a credential reads certificate files: MUTUAL needs a
/// CA bundle, every certificate a key, and at most two certificates are used.
fn certificate_files<'o>(tls: &'o ServerTlsSettings, mode: &ServerTlsMode, ctx: &mut Ctx<'o>) {
    let prefix = if matches!(mode, ServerTlsMode::Simple) {
        "SIMPLE TLS"
    } else {
        if !is_set(&tls.ca_certificates) {
            ctx.error_at(
                "caCertificates",
                "G28",
                "MUTUAL TLS requires a client CA bundle",
            );
        }
        "MUTUAL TLS"
    };
    if tls.tls_certificates.len() > 2 {
        ctx.warning_at(
            "tlsCertificates",
            "G30",
            format!("{prefix} can support up to 2 server certificates"),
        );
    }
    if tls.tls_certificates.is_empty() {
        key_pair(&tls.server_certificate, &tls.private_key, prefix, ctx);
    } else {
        ctx.each(
            "tlsCertificates",
            &tls.tls_certificates,
            |ctx, cert: &'o TlsCertificate| {
                key_pair(&cert.server_certificate, &cert.private_key, prefix, ctx);
            },
        );
    }
}

/// G29: a certificate needs both its file and its private key.
fn key_pair<'o>(
    certificate: &Option<CompactString>,
    key: &Option<CompactString>,
    prefix: &str,
    ctx: &mut Ctx<'o>,
) {
    if !is_set(certificate) {
        ctx.error_at(
            "serverCertificate",
            "G29",
            format!("{prefix} requires a server certificate"),
        );
    }
    if !is_set(key) {
        ctx.error_at(
            "privateKey",
            "G29",
            format!("{prefix} requires a private key"),
        );
    }
}

/// G31 (a CRL cannot go with `credentialName`) and G32 (nor with SIMPLE TLS).
fn revocation_list<'o>(tls: &'o ServerTlsSettings, mode: &ServerTlsMode, ctx: &mut Ctx<'o>) {
    if !is_set(&tls.ca_crl) {
        return;
    }
    if is_set(&tls.credential_name) {
        ctx.error_at(
            "caCrl",
            "G31",
            "CRL is not supported with credentialName. CRL has to be specified in the credential",
        );
    }
    if matches!(mode, ServerTlsMode::Simple) {
        ctx.error_at("caCrl", "G32", "CRL is not supported with SIMPLE TLS");
    }
}
