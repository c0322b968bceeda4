//! `Arbitrary` for [`Gateway`] and its messages.

use super::{
    arbitrary_kind, arbitrary_struct, arbitrary_wire_enum, compact, flag, list, map, maybe,
    opt_text, opt_u32, texts, u32_value,
};
use crate::networking::{
    Gateway, GatewaySpec, Port, Server, ServerTlsMode, ServerTlsSettings, TlsCertificate,
    TlsProtocol,
};

arbitrary_kind!(Gateway, GatewaySpec);

arbitrary_wire_enum!(ServerTlsMode, TlsProtocol);

arbitrary_struct!(GatewaySpec {
    servers: list::<Server>(),
    selector: map(compact()),
});

arbitrary_struct!(Server {
    port: maybe::<Port>(),
    bind: opt_text(),
    hosts: texts(),
    tls: maybe::<ServerTlsSettings>(),
    default_endpoint: opt_text(),
    name: opt_text(),
});

arbitrary_struct!(Port {
    number: u32_value(),
    protocol: compact(),
    name: compact(),
    target_port: opt_u32(),
});

arbitrary_struct!(ServerTlsSettings {
    https_redirect: flag(),
    mode: maybe::<ServerTlsMode>(),
    server_certificate: opt_text(),
    private_key: opt_text(),
    ca_certificates: opt_text(),
    ca_crl: opt_text(),
    credential_name: opt_text(),
    credential_names: texts(),
    tls_certificates: list::<TlsCertificate>(),
    ca_cert_credential_name: opt_text(),
    subject_alt_names: texts(),
    verify_certificate_spki: texts(),
    verify_certificate_hash: texts(),
    min_protocol_version: maybe::<TlsProtocol>(),
    max_protocol_version: maybe::<TlsProtocol>(),
    cipher_suites: texts(),
    insecure_skip_verify: flag(),
});

arbitrary_struct!(TlsCertificate {
    server_certificate: opt_text(),
    private_key: opt_text(),
    ca_certificates: opt_text(),
});
