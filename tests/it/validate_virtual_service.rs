//! The webhook's VirtualService rules (V1–V49): one table row (or more) per rule, the
//! unreachable-rule analysis, and the Istio sample objects that must pass cleanly.

use crate::support;

use istio_egress::manifest::{Manifest, Object};
use istio_egress::validate::{Severity, Validate, codes};
use support::*;

/// A whole VirtualService in namespace `shop` whose `spec` is the given flow mapping.
macro_rules! vs {
    ($spec:literal) => {
        concat!(
            "apiVersion: networking.istio.io/v1\n",
            "kind: VirtualService\n",
            "metadata: {name: route, namespace: shop}\n",
            "spec: ",
            $spec,
            "\n"
        )
    };
}

const CASES: &[Case] = &[
    Case {
        rule: "V1",
        pass: vs!("{http: [{route: [{destination: {host: a.example.com}}]}]}"),
        fail: vs!("{gateways: [shop/gw], http: [{route: [{destination: {host: a.example.com}}]}]}"),
        path: "spec.gateways",
    },
    Case {
        rule: "V2",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tls",
    },
    Case {
        rule: "V3",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!("{tcp: [{route: [{destination: {host: a.example.com}}]}]}"),
        path: "spec.tcp",
    },
    Case {
        rule: "V4",
        pass: vs!(
            "{hosts: [a.example.com], gateways: [shop/gw, mesh], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], gateways: [shop/Bad_gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.gateways[0]",
    },
    Case {
        rule: "V4",
        pass: vs!(
            "{hosts: [a.example.com], gateways: [gw.shop.svc.cluster.local], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], gateways: [/gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.gateways[0]",
    },
    Case {
        rule: "V5",
        pass: vs!(
            "{hosts: [a.example.com], gateways: [shop/gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], gateways: [gw.shop], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.gateways[0]",
    },
    Case {
        rule: "V6",
        pass: vs!(
            "{hosts: [a.example.com], gateways: [shop/gw], http: [{match: [{headers: {'@request.auth.claims.sub': {exact: alice}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{headers: {'@request.auth.claims.sub': {exact: alice}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].headers.@request.auth.claims.sub",
    },
    Case {
        rule: "V7",
        pass: vs!(
            "{hosts: [10.1.2.3, '*.example.com'], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com, bad_host.example.com], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.hosts[1]",
    },
    Case {
        rule: "V7",
        pass: vs!(
            "{hosts: [outbound_.443_._.a.example.com], gateways: [shop/gw], tls: [{match: [{sniHosts: [outbound_.443_._.a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [outbound_.443_._.a.example.com], gateways: [shop/gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.hosts[0]",
    },
    Case {
        rule: "V8",
        pass: vs!(
            "{hosts: ['*'], gateways: [shop/gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: ['*'], gateways: [shop/gw, mesh], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.hosts[0]",
    },
    Case {
        rule: "V9",
        pass: vs!(
            "{hosts: [a.example.com, b.example.com], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: ['*.example.com', a.example.com], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.hosts[1]",
    },
    Case {
        rule: "V10",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!("{hosts: [a.example.com]}"),
        path: "spec",
    },
    Case {
        rule: "V12",
        pass: vs!(
            "{hosts: [a.example.com], exportTo: [., other], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], exportTo: [., shop], http: [{route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.exportTo",
    },
    Case {
        rule: "V13",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}}], route: [{destination: {host: a.example.com}}]}, {route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}]}, {route: [{destination: {host: b.example.com}}]}]}"
        ),
        path: "spec.http[1]",
    },
    Case {
        rule: "V13",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /a}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[1].match[0]",
    },
    Case {
        rule: "V13",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{match: [{port: 5432}], route: [{destination: {host: a.example.com}}]}, {match: [{port: 5433}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tcp: [{match: [{port: 5432}], route: [{destination: {host: a.example.com}}]}, {match: [{port: 5432}], route: [{destination: {host: b.example.com}}]}]}"
        ),
        path: "spec.tcp[1]",
    },
    Case {
        rule: "V13",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com], port: 443}], route: [{destination: {host: a.example.com}}]}, {match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}, {match: [{sniHosts: [a.example.com]}], route: [{destination: {host: b.example.com}}]}]}"
        ),
        path: "spec.tls[1]",
    },
    Case {
        rule: "V14",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}, name: one}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /b}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}, name: one}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /a}, name: two}, {uri: {prefix: /b}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[1].match[0]",
    },
    Case {
        rule: "V14",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /debugs}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /debug}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /debug}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /debugs}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[1].match[0]",
    },
    Case {
        rule: "V15",
        pass: vs!("{hosts: [a.example.com], http: [{delegate: {name: d, namespace: shop}}]}"),
        fail: vs!(
            "{hosts: [a.example.com], http: [{delegate: {name: d}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].route",
    },
    Case {
        rule: "V16",
        pass: vs!("{http: [{route: [{destination: {host: a.example.com}}]}]}"),
        fail: vs!("{http: [{delegate: {name: d}, route: [{destination: {host: a.example.com}}]}]}"),
        path: "spec.http[0].delegate",
    },
    Case {
        rule: "V17",
        pass: vs!("{hosts: [a.example.com], http: [{redirect: {uri: /new}}]}"),
        fail: vs!("{hosts: [a.example.com], http: [{redirect: {uri: /new}, rewrite: {uri: /x}}]}"),
        path: "spec.http[0].rewrite",
    },
    Case {
        rule: "V18",
        pass: vs!("{hosts: [a.example.com], http: [{directResponse: {status: 204}}]}"),
        fail: vs!(
            "{hosts: [a.example.com], http: [{directResponse: {status: 204}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].route",
    },
    Case {
        rule: "V19",
        pass: vs!("{hosts: [a.example.com], http: [{redirect: {authority: b.example.com}}]}"),
        fail: vs!("{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}}]}]}"),
        path: "spec.http[0]",
    },
    Case {
        rule: "V20",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrors: [{destination: {host: m.example.com}}]}]}"
        ),
        path: "spec.http[0].mirrors",
    },
    Case {
        rule: "V21",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{headers: {x-user: {regex: '^a.*'}, ':authority': {exact: a}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{headers: {x-user: {regex: 'a('}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].headers.x-user.regex",
    },
    Case {
        rule: "V21",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{headers: {x-user: {exact: a}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{headers: {'x user': {exact: a}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].headers.x user",
    },
    Case {
        rule: "V22",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{withoutHeaders: {x-user: {regex: '*'}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{withoutHeaders: {x-user: {prefix: ''}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].withoutHeaders.x-user.prefix",
    },
    Case {
        rule: "V23",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: ''}, method: {exact: GET}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{method: {prefix: ''}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].method.prefix",
    },
    Case {
        rule: "V23",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{queryParams: {v: {regex: '^[0-9]+$'}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{queryParams: {v: {regex: ''}}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].queryParams.v.regex",
    },
    Case {
        rule: "V24",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{port: 8080, sourceNamespace: shop}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{port: 70000}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].port",
    },
    Case {
        rule: "V24",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{gateways: [shop/gw]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{gateways: [shop/gw, shop/bad_gw]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].match[0].gateways[1]",
    },
    Case {
        rule: "V25",
        pass: vs!(
            "{hosts: [a.example.com], http: [{headers: {request: {set: {x-id: '%REQ(x-request-id)%'}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{headers: {request: {set: {':path': /x}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].headers.request.set.:path",
    },
    Case {
        rule: "V25",
        pass: vs!(
            "{hosts: [a.example.com], http: [{headers: {response: {add: {x-load: '100%%'}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{headers: {response: {add: {x-load: '100%'}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].headers.response.add.x-load",
    },
    Case {
        rule: "V25",
        pass: vs!(
            "{hosts: [a.example.com], http: [{headers: {request: {remove: [x-debug]}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{headers: {request: {remove: [x-debug, Host]}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].headers.request.remove[1]",
    },
    Case {
        rule: "V26",
        pass: vs!(
            "{hosts: [a.example.com], http: [{headers: {request: {set: {host: b.example.com}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{rewrite: {authority: c.example.com}, headers: {request: {set: {host: b.example.com}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].headers.request.set.host",
    },
    Case {
        rule: "V27",
        pass: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {allowOrigins: [{exact: 'https://a.example.com'}], allowMethods: [GET, '*'], allowHeaders: ['*', x-id], maxAge: 24h}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {allowMethods: [GET, FETCH]}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].corsPolicy.allowMethods[1]",
    },
    Case {
        rule: "V27",
        pass: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {maxAge: 2s}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {maxAge: 1500ms}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].corsPolicy.maxAge",
    },
    Case {
        rule: "V27",
        pass: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {allowOrigins: [{regex: 'https://.*[.]example[.]com'}]}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{corsPolicy: {allowOrigins: [{prefix: ''}]}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].corsPolicy.allowOrigins[0]",
    },
    Case {
        rule: "V28",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {delay: {fixedDelay: 1s}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault",
    },
    Case {
        rule: "V29",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {httpStatus: 503, percentage: {value: 10}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {httpStatus: 700}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.abort.httpStatus",
    },
    Case {
        rule: "V29",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {grpcStatus: UNAVAILABLE}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {grpcStatus: GONE}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.abort.grpcStatus",
    },
    Case {
        rule: "V29",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {httpStatus: 500, percentage: {value: 100}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {httpStatus: 500, percentage: {value: 101}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.abort.percentage.value",
    },
    Case {
        rule: "V30",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {httpStatus: 503}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {abort: {percentage: {value: 5}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.abort",
    },
    Case {
        rule: "V31",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {delay: {fixedDelay: 5s, percentage: {value: 0.5}}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {delay: {exponentialDelay: 5s}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.delay.exponentialDelay",
    },
    Case {
        rule: "V31",
        pass: vs!(
            "{hosts: [a.example.com], http: [{fault: {delay: {fixedDelay: 2ms}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{fault: {delay: {fixedDelay: 500us}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].fault.delay.fixedDelay",
    },
    Case {
        rule: "V32",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrorPercentage: {value: 20}}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrorPercent: 101}]}"
        ),
        path: "spec.http[0].mirrorPercent",
    },
    Case {
        rule: "V33",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrorPercentage: {value: 100}}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrorPercentage: {value: 100.5}}]}"
        ),
        path: "spec.http[0].mirrorPercentage.value",
    },
    Case {
        rule: "V34",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com, subset: v2}}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: '*'}}]}"
        ),
        path: "spec.http[0].mirror.host",
    },
    Case {
        rule: "V35",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirrors: [{destination: {host: m.example.com}, percentage: {value: 10}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirrors: [{percentage: {value: 10}}]}]}"
        ),
        path: "spec.http[0].mirrors[0].destination",
    },
    Case {
        rule: "V35",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirrors: [{destination: {host: m.example.com, port: {number: 8080}}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirrors: [{destination: {host: m.example.com, port: {number: 0}}}]}]}"
        ),
        path: "spec.http[0].mirrors[0].destination.port.number",
    },
    Case {
        rule: "V36",
        pass: vs!("{hosts: [a.example.com], http: [{redirect: {uri: /new, redirectCode: 308}}]}"),
        fail: vs!("{hosts: [a.example.com], http: [{redirect: {uri: /new, redirectCode: 200}}]}"),
        path: "spec.http[0].redirect.redirectCode",
    },
    Case {
        rule: "V36",
        pass: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /old}}], redirect: {prefixRewrite: /new}}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{match: [{uri: {exact: /old}}], redirect: {prefixRewrite: /new}}]}"
        ),
        path: "spec.http[0].redirect.prefixRewrite",
    },
    Case {
        rule: "V36",
        pass: vs!("{hosts: [a.example.com], http: [{redirect: {derivePort: FROM_REQUEST_PORT}}]}"),
        fail: vs!("{hosts: [a.example.com], http: [{redirect: {redirectCode: 301}}]}"),
        path: "spec.http[0].redirect",
    },
    Case {
        rule: "V37",
        pass: vs!(
            "{hosts: [a.example.com], http: [{directResponse: {status: 503, body: {string: unavailable}}}]}"
        ),
        fail: vs!("{hosts: [a.example.com], http: [{directResponse: {status: 100}}]}"),
        path: "spec.http[0].directResponse.status",
    },
    Case {
        rule: "V38",
        pass: vs!(
            "{hosts: [a.example.com], http: [{retries: {attempts: 3, retryOn: '5xx,503,reset-before-request', perTryTimeout: 2s}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{retries: {attempts: 3, retryOn: '5xx,599'}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].retries.retryOn",
    },
    Case {
        rule: "V38",
        pass: vs!(
            "{hosts: [a.example.com], http: [{retries: {attempts: 0}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{retries: {retryOn: connect-failure}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].retries",
    },
    Case {
        rule: "V39",
        pass: vs!(
            "{hosts: [a.example.com], http: [{rewrite: {authority: b.example.com}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{rewrite: {}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].rewrite",
    },
    Case {
        rule: "V39",
        pass: vs!(
            "{hosts: [a.example.com], http: [{rewrite: {uriRegexRewrite: {match: '^/api/(.*)', rewrite: '/\\1'}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{rewrite: {uriRegexRewrite: {match: '^/api/(.*', rewrite: '/\\1'}}, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].rewrite.uriRegexRewrite.match",
    },
    Case {
        rule: "V40",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com, subset: v1, port: {number: 443}}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com, subset: Bad_Subset}}]}]}"
        ),
        path: "spec.http[0].route[0].destination.subset",
    },
    Case {
        rule: "V41",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, weight: 0}, {destination: {host: b.example.com}, weight: 100}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, weight: 0}, {destination: {host: b.example.com}, weight: 0}]}]}"
        ),
        path: "spec.http[0].route",
    },
    Case {
        rule: "V41",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, headers: {response: {set: {x-served-by: a}}}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, headers: {response: {set: {host: a}}}}]}]}"
        ),
        path: "spec.http[0].route[0].headers.response.set.host",
    },
    Case {
        rule: "V41",
        pass: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, weight: 10}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}, weight: -1}]}]}"
        ),
        path: "spec.http[0].route[0].weight",
    },
    Case {
        rule: "V42",
        pass: vs!(
            "{hosts: [a.example.com], http: [{timeout: 1.5s, route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], http: [{timeout: 1.5ms, route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.http[0].timeout",
    },
    Case {
        rule: "V43",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!("{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}]}]}"),
        path: "spec.tls[0].route",
    },
    Case {
        rule: "V44",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com], port: 443}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{port: 443}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tls[0].match[0].sniHosts",
    },
    Case {
        rule: "V45",
        pass: vs!(
            "{hosts: ['*.example.com'], tls: [{match: [{sniHosts: [a.example.com, '*.example.com']}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [b.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tls[0].match[0].sniHosts[0]",
    },
    Case {
        rule: "V45",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com, 10.0.0.1]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tls[0].match[0].sniHosts[1]",
    },
    Case {
        rule: "V46",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com], destinationSubnets: [10.0.0.0/8]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com], destinationSubnets: [10.0.0.0/33]}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tls[0].match[0].destinationSubnets[0]",
    },
    Case {
        rule: "V47",
        pass: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a.example.com, port: {number: 443}}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: '*'}}]}]}"
        ),
        path: "spec.tls[0].route[0].destination.host",
    },
    Case {
        rule: "V48",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{match: [{port: 5432, sourceLabels: {app: web}}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tcp: [{match: [{port: 70000}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        path: "spec.tcp[0].match[0].port",
    },
    Case {
        rule: "V49",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{match: [{port: 5432}], route: [{destination: {host: a.example.com}}]}]}"
        ),
        fail: vs!("{hosts: [a.example.com], tcp: [{match: [{port: 5432}]}]}"),
        path: "spec.tcp[0].route",
    },
    Case {
        rule: "V49",
        pass: vs!(
            "{hosts: [a.example.com], tcp: [{route: [{destination: {host: a.example.com}, weight: 50}, {destination: {host: b.example.com}, weight: 50}]}]}"
        ),
        fail: vs!(
            "{hosts: [a.example.com], tcp: [{route: [{destination: {host: a.example.com}}, {destination: {host: b.example.com}}]}]}"
        ),
        path: "spec.tcp[0].route",
    },
];

/// Rules that cannot fire on typed input, and why.
const UNREACHABLE_RULES: &[&str] = &[
    // V11, "no null http route": a typed list of HTTP routes cannot hold a null entry (a
    // `null` item does not read as an `HttpRoute`).
    "V11",
];

#[test]
fn every_rule_has_a_case() {
    assert_covers(CASES, (1..=49).map(|n| format!("V{n}")), UNREACHABLE_RULES);
}

/// Every VirtualService of the egress canon and of Istio's validation dataset is accepted.
#[test]
fn istio_samples_have_no_errors() {
    let mut seen = 0;
    for folder in ["egress-canon", "validation-dataset"] {
        for file in fixtures(folder) {
            let text = std::fs::read_to_string(&file).unwrap();
            let manifest = Manifest::parse(&text);
            for object in manifest.objects() {
                let Object::VirtualService(vs) = object else {
                    continue;
                };
                seen += 1;
                let report = vs.validate();
                assert!(
                    !report.has_errors(),
                    "{}: {:?} has errors:\n{report}",
                    file.display(),
                    vs.metadata.name
                );
            }
        }
    }
    assert!(seen >= 13, "only {seen} VirtualServices read");
}

#[test]
fn unreachable_rules_and_ineffective_matches_use_their_codes() {
    let report = report_for(vs!(
        "{hosts: [a.example.com], http: [{name: all, route: [{destination: {host: a.example.com}}]}, {name: late, match: [{uri: {exact: /x}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /a}}], route: [{destination: {host: a.example.com}}]}]}"
    ));
    let unreachable: Vec<_> = report.of_rule("V13").collect();
    assert_eq!(unreachable.len(), 2, "{report}");
    for finding in &unreachable {
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.code, codes::VIRTUAL_SERVICE_UNREACHABLE_RULE);
    }
    assert_eq!(
        unreachable[0].message,
        "virtualService rule \"late\" not used (route without matches defined before)"
    );
    assert_eq!(unreachable[0].path.to_string(), "spec.http[1].match[0]");

    let report = report_for(vs!(
        "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /debug}}], route: [{destination: {host: a.example.com}}]}, {name: more, match: [{uri: {prefix: /debugs}, name: m}], route: [{destination: {host: a.example.com}}]}]}"
    ));
    let ineffective: Vec<_> = report.of_rule("V14").collect();
    assert_eq!(ineffective.len(), 1, "{report}");
    assert_eq!(ineffective[0].severity, Severity::Info);
    assert_eq!(
        ineffective[0].code,
        codes::VIRTUAL_SERVICE_INEFFECTIVE_MATCH
    );
    assert_eq!(
        ineffective[0].message,
        "virtualService rule \"more\" match \"m\" of prefix /debugs is not used (duplicate/overlapping match in rule #0 of prefix /debug on #0)"
    );
}

#[test]
fn prefix_overlap_respects_other_match_fields() {
    let report = report_for(vs!(
        "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /debug}, headers: {x-env: {exact: dev}}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /debugs}}], route: [{destination: {host: a.example.com}}]}]}"
    ));
    assert_eq!(report.of_rule("V14").count(), 0, "{report}");
    let report = report_for(vs!(
        "{hosts: [a.example.com], http: [{match: [{uri: {prefix: /debug}, method: {exact: POST}}], route: [{destination: {host: a.example.com}}]}, {match: [{uri: {prefix: /debugs}}], route: [{destination: {host: a.example.com}}]}]}"
    ));
    assert_eq!(report.of_rule("V14").count(), 0, "{report}");
}

#[test]
fn messages_read_like_istio() {
    let cases = [
        (
            vs!(
                "{hosts: ['*.example.com', a.example.com], http: [{route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V9",
            "duplicate hosts in virtual service: *.example.com & a.example.com",
        ),
        (
            vs!("{hosts: [a.example.com], http: [{match: [{uri: {prefix: /a}}]}]}"),
            "V19",
            "HTTP route, redirect or direct_response is required",
        ),
        (
            vs!(
                "{hosts: [a.example.com], http: [{retries: {attempts: 2, retryOn: 'gateway-error,bogus'}, route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V38",
            "\"bogus\" is not a valid retryOn policy",
        ),
        (
            vs!(
                "{hosts: [a.example.com], gateways: [gw.shop], http: [{route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V5",
            "using legacy gatewayName format \"gw.shop\"; prefer the <namespace>/<name> format: \"shop/gw\"",
        ),
        (
            vs!(
                "{hosts: [a.example.com], http: [{match: [{headers: {'@request.auth.claims.sub': {exact: a}}}], route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V6",
            "JWT claim based routing (key: @request.auth.claims.sub) is only supported for gateway, found no gateways: []",
        ),
        (
            vs!(
                "{hosts: [a.example.com], tls: [{match: [{sniHosts: [b.example.com]}], route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V45",
            "SNI host \"b.example.com\" is not a compatible subset of any of the virtual service hosts: [a.example.com]",
        ),
    ];
    for (yaml, rule, message) in cases {
        let report = report_for(yaml);
        assert!(
            report.of_rule(rule).any(|f| f.message == message),
            "{rule}: no {message:?} in\n{report}"
        );
    }
}

#[test]
fn severities_follow_the_catalogue() {
    let warned = [
        (
            vs!(
                "{hosts: [a.example.com], gateways: [gw.shop], http: [{route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V5",
        ),
        (
            vs!(
                "{hosts: [a.example.com], http: [{fault: {abort: {}}, route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V30",
        ),
        (
            vs!(
                "{hosts: [a.example.com], http: [{route: [{destination: {host: a.example.com}}], mirror: {host: m.example.com}, mirrorPercent: 5}]}"
            ),
            "V32",
        ),
        (
            vs!(
                "{hosts: [a.example.com], tls: [{match: [{sniHosts: [10.0.0.1]}], route: [{destination: {host: a.example.com}}]}]}"
            ),
            "V45",
        ),
    ];
    for (yaml, rule) in warned {
        let report = report_for(yaml);
        let findings: Vec<_> = report.of_rule(rule).collect();
        assert!(!findings.is_empty(), "{rule}: nothing in\n{report}");
        assert!(
            findings.iter().all(|f| f.severity == Severity::Warning),
            "{rule}: {report}"
        );
        assert!(!report.has_errors(), "{rule}: {report}");
    }
}

#[test]
fn every_problem_is_reported() {
    let report = report_for(vs!(
        "{hosts: [bad_host.example.com], http: [{timeout: 1.5ms, retries: {attempts: -1}, route: [{destination: {host: '*', subset: Bad_Subset}, weight: -2}]}]}"
    ));
    for (rule, path) in [
        ("V7", "spec.hosts[0]"),
        ("V42", "spec.http[0].timeout"),
        ("V38", "spec.http[0].retries.attempts"),
        ("V40", "spec.http[0].route[0].destination.host"),
        ("V40", "spec.http[0].route[0].destination.subset"),
        ("V41", "spec.http[0].route[0].weight"),
    ] {
        assert!(
            report.of_rule(rule).any(|f| f.path.to_string() == path),
            "{rule} at {path} missing from\n{report}"
        );
    }
}

#[test]
fn gateway_api_routes_skip_destination_checks() {
    let yaml = concat!(
        "apiVersion: networking.istio.io/v1\n",
        "kind: VirtualService\n",
        "metadata: {name: route, namespace: shop, annotations: {internal.istio.io/route-semantics: gateway}}\n",
        "spec: {hosts: [a.example.com], gateways: [shop/My_Gateway], http: [{route: [{destination: {host: a.example.com, port: {number: 0}}}]}]}\n",
    );
    let report = report_for(yaml);
    assert_eq!(report.of_rule("V40").count(), 0, "{report}");
    assert_eq!(report.of_rule("V4").count(), 0, "{report}");
}

#[test]
fn gateway_references_stop_after_a_name_without_namespace() {
    let report = report_for(vs!(
        "{hosts: [a.example.com], gateways: [mesh, shop/Bad_gw], http: [{route: [{destination: {host: a.example.com}}]}]}"
    ));
    assert_eq!(report.of_rule("V4").count(), 0, "{report}");
}
