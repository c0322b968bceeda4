//! `egress`: compose the Istio objects that route traffic out of the mesh, and print them.
//!
//! ```text
//! cargo run --example egress                      # TLS origination to api.example.com
//! cargo run --example egress -- --host api.example.com --mode tls-passthrough
//! cargo run --example egress -- --spec routes.yaml --network-policy --format json
//! cargo run --example egress -- --host db.example.com --mode tcp --port 5432 \
//!     --address 203.0.113.7 --explain
//! ```
//!
//! Flags: `--host H` (repeatable), `--mode http|tls-passthrough|tls-origination|
//! mtls-origination|tcp|tls-in-mutual`, `--port N` (the application's port), `--target-port N`
//! (the external port), `--namespace NS` (a client namespace; repeatable), `--gateway-namespace
//! NS`, `--credential NAME`, `--ca-certificates PATH`, `--address A` (tcp; repeatable),
//! `--upstream H` (the one host behind a wildcard), `--direct` (no gateway),
//! `--network-policy`, `--api-version v1|v1beta1|v1alpha3`, `--format yaml|json` (json is a
//! `v1` List), `--spec FILE` (a YAML list of routes instead of the route flags), and
//! `--explain` (print the path the bytes take, hop by hop, instead of the objects).
//!
//! Exit status: 0 on success, 1 when the routes cannot be composed (the error names the
//! field), 2 for bad flags or an unreadable spec file.

use std::io::Write;
use std::process::ExitCode;

use istio_egress::egress::{EgressBundle, EgressMode, EgressPlan, EgressRoute, Wildcard};
use istio_egress::networking::{
    ApiVersion, ClientTlsSettings, CompactString, DestinationRule, Gateway, PortSelector,
    TrafficPolicy, VirtualService,
};

const USAGE: &str = "usage: egress [--host H]... [--mode MODE] [--port N] [--target-port N]
       [--namespace NS]... [--gateway-namespace NS] [--credential NAME]
       [--ca-certificates PATH] [--address A]... [--upstream H] [--direct]
       [--network-policy] [--api-version v1|v1beta1|v1alpha3] [--format yaml|json]
       [--spec FILE] [--explain]
MODE: http, tls-passthrough, tls-origination, mtls-origination, tcp, tls-in-mutual";

#[derive(Debug, Default)]
struct Args {
    hosts: Vec<String>,
    mode: Option<EgressMode>,
    port: Option<u32>,
    target_port: Option<u32>,
    namespaces: Vec<String>,
    gateway_namespace: Option<String>,
    credential: Option<String>,
    ca_certificates: Option<String>,
    addresses: Vec<String>,
    upstream: Option<String>,
    direct: bool,
    network_policy: bool,
    api_version: ApiVersion,
    json: bool,
    spec: Option<String>,
    explain: bool,
}

fn parse_mode(value: &str) -> Result<EgressMode, String> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).map_err(|_| {
        format!(
            "unknown mode {value:?}: use http, tls-passthrough, tls-origination, \
             mtls-origination, tcp or tls-in-mutual"
        )
    })
}

fn parse_port(flag: &str, value: &str) -> Result<u32, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} takes a port number, not {value:?}"))
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--host" => parsed.hosts.push(value()?),
            "--mode" => parsed.mode = Some(parse_mode(&value()?)?),
            "--port" => parsed.port = Some(parse_port("--port", &value()?)?),
            "--target-port" => parsed.target_port = Some(parse_port("--target-port", &value()?)?),
            "--namespace" => parsed.namespaces.push(value()?),
            "--gateway-namespace" => parsed.gateway_namespace = Some(value()?),
            "--credential" => parsed.credential = Some(value()?),
            "--ca-certificates" => parsed.ca_certificates = Some(value()?),
            "--address" => parsed.addresses.push(value()?),
            "--upstream" => parsed.upstream = Some(value()?),
            "--spec" => parsed.spec = Some(value()?),
            "--api-version" => {
                parsed.api_version = value()?
                    .parse()
                    .map_err(|e: istio_egress::networking::UnknownApiVersion| e.to_string())?
            }
            "--format" => {
                parsed.json = match value()?.as_str() {
                    "yaml" => false,
                    "json" => true,
                    other => return Err(format!("unknown format {other:?}: use yaml or json")),
                }
            }
            "--direct" => parsed.direct = true,
            "--network-policy" => parsed.network_policy = true,
            "--explain" => parsed.explain = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let route_flags = !parsed.hosts.is_empty()
        || parsed.mode.is_some()
        || parsed.port.is_some()
        || parsed.target_port.is_some()
        || !parsed.namespaces.is_empty()
        || parsed.gateway_namespace.is_some()
        || parsed.credential.is_some()
        || parsed.ca_certificates.is_some()
        || !parsed.addresses.is_empty()
        || parsed.upstream.is_some()
        || parsed.direct;
    if parsed.spec.is_some() && route_flags {
        return Err("--spec replaces the route flags; give one or the other".into());
    }
    Ok(parsed)
}

/// The route the flags describe; with no flags, TLS origination to `api.example.com`.
fn route_from(args: &Args) -> EgressRoute {
    let hosts = if args.hosts.is_empty() {
        vec!["api.example.com".to_owned()]
    } else {
        args.hosts.clone()
    };
    let mut route = EgressRoute::new(hosts, args.mode.unwrap_or(EgressMode::TlsOrigination));
    route.port = args.port;
    route.target_port = args.target_port;
    route.client_namespaces = args.namespaces.clone();
    if let Some(namespace) = &args.gateway_namespace {
        route.gateway.namespace = namespace.clone();
    }
    route.origination.credential_name = args.credential.clone();
    route.origination.ca_certificates = args.ca_certificates.clone();
    route.addresses = args.addresses.clone();
    route.wildcard = args.upstream.clone().map(Wildcard::new);
    route.direct = args.direct;
    route
}

fn plan_from(args: &Args) -> Result<EgressPlan, String> {
    let routes = match &args.spec {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_saphyr::from_str::<Vec<EgressRoute>>(&text).map_err(|e| {
                let message = e.render_with_options(serde_saphyr::render_options! {
                    snippets: serde_saphyr::SnippetMode::Off,
                });
                format!("{path}: {message}")
            })?
        }
        None => vec![route_from(args)],
    };
    Ok(EgressPlan::new(routes).with_network_policy(args.network_policy))
}

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let code = run(
        std::env::args().skip(1),
        &mut stdout.lock(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}

/// Runs the program: 0 on success, 1 when the routes cannot be composed, 2 for bad input.
fn run(args: impl Iterator<Item = String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                let _ = writeln!(err, "egress: {problem}");
            }
            let _ = writeln!(err, "{USAGE}");
            return 2;
        }
    };
    let plan = match plan_from(&args) {
        Ok(plan) => plan,
        Err(problem) => {
            let _ = writeln!(err, "egress: {problem}");
            return 2;
        }
    };
    let bundle = match plan.compose() {
        Ok(bundle) => bundle,
        Err(error) => {
            let _ = writeln!(err, "egress: cannot compose: {error}");
            return 1;
        }
    };
    for warning in &bundle.warnings {
        let _ = writeln!(err, "egress: warning: {warning}");
    }
    let text = if args.explain {
        Ok(explain(&bundle))
    } else if args.json {
        bundle.to_json(args.api_version)
    } else {
        bundle.to_yaml(args.api_version)
    };
    match text {
        Ok(text) => {
            let _ = write!(out, "{text}");
            if args.json {
                let _ = writeln!(out);
            }
            0
        }
        Err(error) => {
            let _ = writeln!(err, "egress: {error}");
            1
        }
    }
}

// ---------------------------------------------------------------------------------------
// --explain: the path of the bytes, read back from the composed objects.

/// One rule of a VirtualService, reduced to what the path needs.
struct Rule<'a> {
    kind: &'static str,
    gateways: Vec<&'a str>,
    port: Option<u32>,
    sni: Vec<&'a str>,
    destination: Option<(&'a str, Option<u32>, Option<&'a str>)>,
}

fn rules(vs: &VirtualService) -> Vec<Rule<'_>> {
    let mut out = Vec::new();
    for rule in &vs.spec.http {
        let m = rule.r#match.first();
        out.push(Rule {
            kind: "HTTP",
            gateways: m.map_or(vec![], |m| {
                m.gateways.iter().map(CompactString::as_str).collect()
            }),
            port: m.and_then(|m| m.port),
            sni: vec![],
            destination: rule
                .route
                .first()
                .and_then(|r| r.destination.as_ref())
                .map(|d| {
                    (
                        d.host.as_str(),
                        d.port.as_ref().and_then(|p| p.number),
                        d.subset.as_deref(),
                    )
                }),
        });
    }
    for rule in &vs.spec.tls {
        let m = rule.r#match.first();
        out.push(Rule {
            kind: "TLS",
            gateways: m.map_or(vec![], |m| {
                m.gateways.iter().map(CompactString::as_str).collect()
            }),
            port: m.and_then(|m| m.port),
            sni: m.map_or(vec![], |m| {
                m.sni_hosts.iter().map(CompactString::as_str).collect()
            }),
            destination: rule
                .route
                .first()
                .and_then(|r| r.destination.as_ref())
                .map(|d| {
                    (
                        d.host.as_str(),
                        d.port.as_ref().and_then(|p| p.number),
                        d.subset.as_deref(),
                    )
                }),
        });
    }
    for rule in &vs.spec.tcp {
        let m = rule.r#match.first();
        out.push(Rule {
            kind: "TCP",
            gateways: m.map_or(vec![], |m| {
                m.gateways.iter().map(CompactString::as_str).collect()
            }),
            port: m.and_then(|m| m.port),
            sni: vec![],
            destination: rule
                .route
                .first()
                .and_then(|r| r.destination.as_ref())
                .map(|d| {
                    (
                        d.host.as_str(),
                        d.port.as_ref().and_then(|p| p.number),
                        d.subset.as_deref(),
                    )
                }),
        });
    }
    out
}

/// The client TLS a DestinationRule applies to `host`, `port` and `subset`: the most specific
/// of subset port level, subset, port level, and top level.
fn client_tls<'a>(
    rules: &'a [DestinationRule],
    host: &str,
    port: Option<u32>,
    subset: Option<&str>,
) -> Option<&'a ClientTlsSettings> {
    fn from_policy(
        policy: Option<&TrafficPolicy>,
        port: Option<u32>,
    ) -> Option<&ClientTlsSettings> {
        let policy = policy?;
        let port_level = policy
            .port_level_settings
            .iter()
            .find(|p| p.port.as_ref().and_then(|s: &PortSelector| s.number) == port)
            .and_then(|p| p.tls.as_ref());
        port_level.or(policy.tls.as_ref())
    }
    let rule = rules.iter().find(|r| r.spec.host == host)?;
    let subset_policy = subset
        .and_then(|name| rule.spec.subsets.iter().find(|s| s.name == name))
        .and_then(|s| s.traffic_policy.as_deref());
    from_policy(subset_policy, port)
        .or_else(|| from_policy(rule.spec.traffic_policy.as_deref(), port))
}

fn describe_tls(tls: Option<&ClientTlsSettings>) -> String {
    let Some(tls) = tls else {
        return "no TLS added".into();
    };
    let mut out = tls
        .mode
        .as_ref()
        .map_or("DISABLE".to_owned(), |m| m.to_string());
    if let Some(sni) = &tls.sni {
        out.push_str(&format!(", SNI {sni}"));
    }
    if let Some(name) = &tls.credential_name {
        out.push_str(&format!(", client certificate from Secret {name}"));
    }
    if let Some(ca) = &tls.ca_certificates {
        out.push_str(&format!(", server verified against {ca}"));
    }
    if !tls.subject_alt_names.is_empty() {
        out.push_str(&format!(", expecting {}", tls.subject_alt_names.join(", ")));
    }
    if tls.insecure_skip_verify == Some(true) {
        out.push_str(", server NOT verified (insecureSkipVerify)");
    }
    out
}

fn server_description(gateways: &[Gateway], port: Option<u32>) -> String {
    let server = gateways
        .iter()
        .flat_map(|g| &g.spec.servers)
        .find(|s| s.port.as_ref().map(|p| p.number) == port);
    let Some(server) = server else {
        return "no listener".into();
    };
    let protocol = server.port.as_ref().map_or("?", |p| p.protocol.as_str());
    match server.tls.as_ref().and_then(|t| t.mode.as_ref()) {
        Some(mode) => format!("{protocol} listener, TLS mode {mode}"),
        None => format!("{protocol} listener"),
    }
}

fn explain(bundle: &EgressBundle) -> String {
    let mut out = String::new();
    for vs in &bundle.virtual_services {
        let all = rules(vs);
        let mesh: Vec<_> = all
            .iter()
            .filter(|r| r.gateways.contains(&"mesh"))
            .collect();
        let through: Vec<_> = all
            .iter()
            .filter(|r| !r.gateways.is_empty() && !r.gateways.contains(&"mesh"))
            .collect();
        out.push_str(&format!("{}\n", vs.spec.hosts.join(", ")));
        for first in &mesh {
            let Some((gateway_host, gateway_port, subset)) = first.destination else {
                continue;
            };
            let app_port = first
                .port
                .map_or("any port".into(), |p| format!("port {p}"));
            let what = match first.kind {
                "TLS" => format!("TLS (SNI {})", first.sni.join(", ")),
                other => other.to_owned(),
            };
            out.push_str(&format!("  1. app -> sidecar      {what} on {app_port}\n"));
            let hop = describe_tls(client_tls(
                &bundle.destination_rules,
                gateway_host,
                gateway_port,
                subset,
            ));
            out.push_str(&format!(
                "  2. sidecar -> gateway  to {gateway_host}:{} subset {}: {hop}\n",
                gateway_port.map_or("?".into(), |p| p.to_string()),
                subset.unwrap_or("-"),
            ));
            out.push_str(&format!(
                "     gateway            {}\n",
                server_description(&bundle.gateways, gateway_port)
            ));
            for second in through.iter().filter(|r| r.port == gateway_port) {
                let Some((host, port, _)) = second.destination else {
                    continue;
                };
                let tls = client_tls(&bundle.destination_rules, host, port, None);
                let hop = match (tls, second.kind) {
                    (Some(_), _) => format!("originates TLS: {}", describe_tls(tls)),
                    (None, "HTTP") => "plain HTTP".into(),
                    (None, _) => "the application's bytes, unchanged".into(),
                };
                out.push_str(&format!(
                    "  3. gateway -> {host}:{}  {} rule: {hop}\n",
                    port.map_or("?".into(), |p| p.to_string()),
                    second.kind,
                ));
            }
        }
        if mesh.is_empty() {
            out.push_str("  direct from the sidecar (no gateway)\n");
        }
    }
    if bundle.virtual_services.is_empty() {
        for entry in &bundle.service_entries {
            out.push_str(&format!("{}\n", entry.spec.hosts.join(", ")));
            for port in &entry.spec.ports {
                let host = entry.spec.hosts.first().map_or("", CompactString::as_str);
                let target = port.target_port.unwrap_or(port.number);
                let tls = describe_tls(client_tls(
                    &bundle.destination_rules,
                    host,
                    Some(port.number),
                    None,
                ));
                out.push_str(&format!(
                    "  app -> sidecar -> {host}:{target}  {} on port {}: {tls}\n",
                    port.protocol.as_deref().unwrap_or("?"),
                    port.number
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use istio_egress::manifest::{self, Object};

    fn egress(args: &[&str]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(args.iter().map(|a| a.to_string()), &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn without_flags_it_prints_tls_origination_to_api_example_com() {
        let (code, out, err) = egress(&[]);
        assert_eq!(code, 0, "{err}");
        let objects = manifest::from_str(&out).unwrap();
        assert!(objects.iter().any(|o| matches!(o, Object::Gateway(_))));
        assert!(out.contains("api.example.com"));
        assert!(out.contains("mode: SIMPLE"));
        assert!(out.contains("apiVersion: networking.istio.io/v1\n"));
    }

    #[test]
    fn flags_shape_the_route() {
        let (code, out, err) = egress(&[
            "--host",
            "db.example.com",
            "--mode",
            "tcp",
            "--port",
            "443",
            "--address",
            "203.0.113.7",
            "--namespace",
            "shop",
            "--api-version",
            "v1beta1",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("networking.istio.io/v1beta1"));
        assert!(out.contains("203.0.113.7"));
        assert!(out.contains("namespace: shop"));
    }

    #[test]
    fn json_is_a_v1_list() {
        let (code, out, _) = egress(&[
            "--format",
            "json",
            "--network-policy",
            "--namespace",
            "shop",
        ]);
        assert_eq!(code, 0);
        let list: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(list["kind"], "List");
        assert_eq!(list["apiVersion"], "v1");
        let kinds: Vec<_> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].clone())
            .collect();
        assert!(kinds.contains(&"NetworkPolicy".into()));
    }

    #[test]
    fn explain_walks_the_hops() {
        let (code, out, err) = egress(&["--explain"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("1. app -> sidecar      HTTP on port 80"),
            "{out}"
        );
        assert!(out.contains("ISTIO_MUTUAL, SNI api.example.com"), "{out}");
        assert!(out.contains("3. gateway -> api.example.com:443"), "{out}");
        assert!(out.contains("originates TLS: SIMPLE"), "{out}");
        let (_, direct, _) = egress(&["--explain", "--direct", "--mode", "tls-passthrough"]);
        assert!(
            direct.contains("app -> sidecar -> api.example.com:443"),
            "{direct}"
        );
    }

    #[test]
    fn a_spec_file_holds_many_routes() {
        let path = std::env::temp_dir().join(format!("egress-spec-{}.yaml", std::process::id()));
        std::fs::write(
            &path,
            "- hosts: [api.example.com]\n  mode: tls-origination\n\
             - hosts: [www.example.org]\n  mode: tls-passthrough\n",
        )
        .unwrap();
        let (code, out, err) = egress(&["--spec", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("www.example.org") && out.contains("api.example.com"));
        std::fs::write(
            &path,
            "- hosts: [a.example.com]\n  mode: http\n  colour: red\n",
        )
        .unwrap();
        let (code, _, err) = egress(&["--spec", path.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn errors_name_the_field_and_exit_1() {
        let (code, _, err) = egress(&["--host", "*.example.com", "--mode", "tls-passthrough"]);
        assert_eq!(code, 1);
        assert!(
            err.contains("hosts[0]") || err.contains("wildcard"),
            "{err}"
        );
        let (code, _, err) = egress(&["--mode", "tcp", "--port", "5432"]);
        assert_eq!(code, 1);
        assert!(err.contains("addresses"), "{err}");
        assert_eq!(egress(&["--mode", "ftp"]).0, 2);
        assert_eq!(egress(&["--port", "eighty"]).0, 2);
        assert_eq!(
            egress(&["--spec", "x.yaml", "--host", "a.example.com"]).0,
            2
        );
    }
}
