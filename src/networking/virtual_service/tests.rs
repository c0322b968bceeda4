use serde_json::json;

use super::*;
use crate::networking::{Duration, StringMatch};

#[test]
fn oneof_conflicts_are_read_errors() {
    let cases = [
        json!({ "redirect": { "port": 8443, "derivePort": "FROM_REQUEST_PORT" } }),
        json!({ "directResponse": { "status": 200, "body": { "string": "ok", "bytes": "b2s=" } } }),
        json!({ "fault": { "delay": { "fixedDelay": "1s", "exponentialDelay": "2s" } } }),
        json!({ "fault": { "abort": { "httpStatus": 503, "grpcStatus": "UNAVAILABLE" } } }),
    ];
    for case in cases {
        let error = serde_json::from_value::<HttpRoute>(case.clone()).unwrap_err();
        assert!(error.to_string().contains("only one of"), "{case}: {error}");
    }
}

#[test]
fn oneof_branches_round_trip() {
    let route = json!({
        "redirect": { "uri": "/new", "port": 8443, "redirectCode": 308 },
        "directResponse": { "status": 503, "body": { "bytes": "b2s=" } },
        "fault": {
            "delay": { "exponentialDelay": "2s", "percent": 5 },
            "abort": { "http2Error": "REFUSED_STREAM", "percentage": { "value": 1.5 } },
        },
    });
    let read: HttpRoute = serde_json::from_value(route.clone()).unwrap();
    let redirect = read.redirect.as_ref().unwrap();
    assert_eq!(redirect.redirect_port, Some(RedirectPort::Port(8443)));
    assert_eq!(
        read.direct_response.as_ref().unwrap().body,
        Some(HttpBody::bytes("b2s="))
    );
    let fault = read.fault.as_ref().unwrap();
    assert_eq!(
        fault.delay.as_ref().unwrap().http_delay_type,
        Some(DelayType::ExponentialDelay(Duration::from_secs(2)))
    );
    assert_eq!(
        fault.abort.as_ref().unwrap().error_type,
        Some(AbortError::Http2Error("REFUSED_STREAM".into()))
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), route);
}

#[test]
fn integral_percentages_are_written_without_a_fraction() {
    let route = json!({
        "mirrorPercentage": { "value": 50 },
        "mirrors": [{ "destination": { "host": "shadow" }, "percentage": { "value": 12.5 } }],
    });
    let read: HttpRoute = serde_json::from_value(route.clone()).unwrap();
    assert_eq!(read.mirror_percentage, Some(Percent::new(50.0)));
    assert_eq!(
        serde_json::to_string(&read.mirror_percentage).unwrap(),
        r#"{"value":50}"#
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), route);

    let yaml = "value: 50\n";
    let percent: Percent = serde_saphyr::from_str(yaml).unwrap();
    assert_eq!(serde_saphyr::to_string(&percent).unwrap(), yaml);
}

#[test]
fn mirror_percent_reads_both_spellings_and_writes_camel_case() {
    let snake: HttpRoute = serde_json::from_value(json!({ "mirror_percent": 20 })).unwrap();
    let camel: HttpRoute = serde_json::from_value(json!({ "mirrorPercent": 20 })).unwrap();
    assert_eq!(snake.mirror_percent, Some(20));
    assert_eq!(snake, camel);
    assert_eq!(
        serde_json::to_value(&snake).unwrap(),
        json!({ "mirrorPercent": 20 })
    );
}

#[test]
fn empty_objects_round_trip() {
    for text in [
        "{}",
        r#"{"match":[{}],"route":[{}],"redirect":{},"directResponse":{"status":0,"body":{}},"delegate":{},"rewrite":{"uriRegexRewrite":{}},"retries":{},"fault":{"delay":{},"abort":{}},"mirror":{"host":""},"mirrors":[{}],"mirrorPercentage":{},"corsPolicy":{"allowOrigins":[{}]},"headers":{"request":{},"response":{}}}"#,
    ] {
        let route: HttpRoute = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&route).unwrap(), text);
    }
    assert_eq!(serde_json::to_string(&HttpRoute::default()).unwrap(), "{}");
    let spec: VirtualServiceSpec =
        serde_json::from_str(r#"{"tls":[{}],"tcp":[{"match":[{}]}]}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&spec).unwrap(),
        r#"{"tls":[{}],"tcp":[{"match":[{}]}]}"#
    );
}

#[test]
fn builders_compose_a_spec() {
    let spec = VirtualServiceSpec::builder()
        .hosts(vec!["api.example.com".to_string()])
        .tls(vec![
            TlsRoute::builder()
                .r#match(vec![
                    TlsMatchAttributes::builder()
                        .sni_hosts(vec!["api.example.com".to_string()])
                        .port(443)
                        .build(),
                ])
                .route(vec![
                    RouteDestination::builder()
                        .destination(Destination::new("api.example.com").port(443))
                        .build(),
                ])
                .build(),
        ])
        .http(vec![
            HttpRoute::builder()
                .r#match(vec![
                    HttpMatchRequest::builder()
                        .uri(StringMatch::prefix("/v1"))
                        .build(),
                ])
                .route(vec![
                    HttpRouteDestination::builder()
                        .destination(Destination::new("api.example.com").port(443))
                        .build(),
                ])
                .build(),
        ])
        .build();
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["tls"][0]["match"][0]["sniHosts"][0], "api.example.com");
    assert_eq!(json["http"][0]["match"][0]["uri"]["prefix"], "/v1");
    assert_eq!(
        json["http"][0]["route"][0]["destination"]["port"]["number"],
        443
    );
}

#[test]
fn schema_keeps_types_and_formats() {
    let schema = serde_json::to_value(schemars::schema_for!(VirtualServiceSpec)).unwrap();
    let defs = &schema["$defs"];
    let value_type = &defs["Percent"]["properties"]["value"]["type"];
    assert!(
        value_type == "number" || value_type == &json!(["number", "null"]),
        "{value_type}"
    );
    assert_eq!(defs["HttpBody"]["properties"]["bytes"]["format"], "byte");
    for (def, key) in [
        ("HttpRedirect", "derivePort"),
        ("Delay", "fixedDelay"),
        ("Abort", "httpStatus"),
    ] {
        assert!(
            defs[def]["properties"][key].is_object(),
            "{def}.{key}: {}",
            defs[def]
        );
    }
}

#[test]
fn boxed_parts_are_built_unboxed_and_read_through_as_deref() {
    let route = HttpRoute::builder()
        .redirect(HttpRedirect::default())
        .direct_response(HttpDirectResponse::default())
        .delegate(Delegate::default())
        .rewrite(HttpRewrite::default())
        .fault(HttpFaultInjection::default())
        .cors_policy(CorsPolicy::default())
        .build();
    assert_eq!(route.redirect.as_deref(), Some(&HttpRedirect::default()));
    assert_eq!(
        route.direct_response.as_deref(),
        Some(&HttpDirectResponse::default())
    );
    assert_eq!(route.delegate.as_deref(), Some(&Delegate::default()));
    assert_eq!(route.rewrite.as_deref(), Some(&HttpRewrite::default()));
    assert_eq!(route.fault.as_deref(), Some(&HttpFaultInjection::default()));
    assert_eq!(route.cors_policy.as_deref(), Some(&CorsPolicy::default()));
    let destination = HttpRouteDestination::builder()
        .destination(Destination::new("a.example.com"))
        .headers(Headers::default())
        .build();
    assert_eq!(destination.headers.as_deref(), Some(&Headers::default()));
    let text = serde_json::to_string(&route).unwrap();
    let read: HttpRoute = serde_json::from_str(&text).unwrap();
    assert_eq!(read, route);
}
