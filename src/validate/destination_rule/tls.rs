//! The rules of a client `tls` block (D25–D28).

use super::super::common::is_set;
use super::super::ctx::Ctx;
use crate::networking::{ClientTlsMode, ClientTlsSettings};
use compact_str::CompactString;

/// The prefix of a credential held in a ConfigMap, which names its namespace.
const CONFIGMAP_PREFIX: &str = "configmap://";

/// D25–D28 on client TLS settings at the current position; `namespace` is the rule's own.
pub(super) fn check<'o>(settings: &'o ClientTlsSettings, namespace: &str, ctx: &mut Ctx<'o>) {
    if let Some(name) = settings.credential_name.as_deref()
        && name.starts_with(CONFIGMAP_PREFIX)
        && let Err(message) = configmap_credential(name, namespace)
    {
        ctx.error_at("credentialName", "D25", message);
    }
    if settings.insecure_skip_verify == Some(true) {
        check_insecure_skip_verify(settings, ctx);
    }
    let mode = settings.mode.as_ref();
    let simple_or_mutual = matches!(mode, Some(ClientTlsMode::Simple | ClientTlsMode::Mutual));
    if simple_or_mutual && is_set(&settings.credential_name) {
        check_credential_exclusive(settings, ctx);
    } else if mode == Some(&ClientTlsMode::Mutual) {
        if !is_set(&settings.client_certificate) {
            ctx.error_at(
                "clientCertificate",
                "D28",
                "client certificate required for mutual tls",
            );
        }
        if !is_set(&settings.private_key) {
            ctx.error_at("privateKey", "D28", "private key required for mutual tls");
        }
    }
}

/// D25: a `configmap://<namespace>/<name>` credential names both, in the rule's namespace.
fn configmap_credential(name: &str, namespace: &str) -> Result<(), String> {
    let rest = name.strip_prefix(CONFIGMAP_PREFIX).unwrap_or(name);
    let mut parts = rest.split('/');
    let (Some(credential_namespace), Some(credential)) = (parts.next(), parts.next()) else {
        return Err(format!(
            "invalid configmap:// credentialName: invalid resource name {name:?}. Expected namespace and name"
        ));
    };
    if credential_namespace.is_empty() {
        return Err(format!(
            "invalid configmap:// credentialName: invalid resource name {name:?}. Expected namespace"
        ));
    }
    if credential.is_empty() {
        return Err(format!(
            "invalid configmap:// credentialName: invalid resource name {name:?}. Expected name"
        ));
    }
    if credential_namespace != namespace {
        return Err(format!(
            "invalid configmap:// credentialName: namespace must match the configuration namespace {namespace:?}"
        ));
    }
    Ok(())
}

/// D26: with verification skipped, no CA or SANs (and, for SIMPLE, no credential).
fn check_insecure_skip_verify<'o>(settings: &'o ClientTlsSettings, ctx: &mut Ctx<'o>) {
    let (fields, message): (&[&'static str], &str) = match settings.mode {
        Some(ClientTlsMode::Simple) => (
            &["caCertificates", "credentialName", "subjectAltNames"],
            "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true",
        ),
        Some(ClientTlsMode::Mutual) => (
            &["caCertificates", "subjectAltNames"],
            "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true",
        ),
        _ => return,
    };
    for &field in fields {
        let present = match field {
            "caCertificates" => is_set(&settings.ca_certificates),
            "credentialName" => is_set(&settings.credential_name),
            _ => !settings.subject_alt_names.is_empty(),
        };
        if present {
            ctx.error_at(field, "D26", message);
        }
    }
}

/// D27: with a credential, no certificate, key, CA or CRL files may be given.
fn check_credential_exclusive<'o>(settings: &'o ClientTlsSettings, ctx: &mut Ctx<'o>) {
    let fields: [(&'static str, &Option<CompactString>); 4] = [
        ("clientCertificate", &settings.client_certificate),
        ("caCertificates", &settings.ca_certificates),
        ("privateKey", &settings.private_key),
        ("caCrl", &settings.ca_crl),
    ];
    for (key, value) in fields {
        if is_set(value) {
            ctx.error_at(
                key,
                "D27",
                "cannot specify client certificates or CA certificate or CA CRL If credentialName is set",
            );
        }
    }
}
