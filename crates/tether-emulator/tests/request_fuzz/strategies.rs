//! What is generated: the vocabularies (parameter names and values, headers, content types,
//! authorization prefixes, methods, paths) and the proptest strategies building a `Spec`.

use super::*;

pub(crate) const PARAM_NAMES: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "RegionId",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "AllocationId",
    "InstanceId",
    "InstanceId.1",
    "InstanceId.0",
    "InstanceId.99999999999999999999",
    "InstanceType",
    "PrivateIpAddress",
    "PageSize",
    "PageNumber",
    "ScalingGroupId",
    "ScalingGroupId.1",
    "LoadBalancerWeight.1",
    "GlobalAccelerationInstanceId",
    "BackendServerId",
    "BackendServerRegionId",
    "HaVipId",
    "HaVipIds.1",
    "NextToken",
    "MaxResults",
    "ClientToken",
    "TagFilters.1.Key",
    "TagFilters.1.Values.1",
    "Tag.1.Key",
    "DryRun",
    "IgnoreInvalidInstance",
];

pub(crate) const PARAM_VALUES: &[&str] = &[
    "",
    "cn-hangzhou",
    "cn-beijing",
    "XML",
    "xml",
    "JSON",
    "2016-04-28",
    "2014-08-28",
    "2020-04-01",
    "2017-03-12",
    "HMAC-SHA1",
    "tether-demo",
    "eip-hzfree001",
    "i-hzapp001",
    "asg-hzweb",
    "havip-bjdemo001",
    "-1",
    "0",
    "1",
    "101",
    "1e3",
    "4294967296",
    "99999999999999999999999",
    "true",
    "yes",
    "null",
    "[1,2]",
    "{\"a\":1}",
    "2024-01-01T00:00:00Z",
    "NetworkInterface",
    "EcsInstance",
];

pub(crate) const RAW_QUERY: &[&str] = &[
    "%",
    "%G1",
    "%zz=%",
    "a=%E2%82",
    "%FF%FE=%C0%AF",
    "&&&",
    "===",
    "a=b=c",
    "+++=+",
    "Action",
    "Action=",
    "Action=DescribeEipAddresses",
    "Action=DescribeHaVips",
    "Version=2016-04-28",
    "Version=2014-08-28",
    "Version=2020-04-01",
    "Signature=abc",
    "SignatureMethod=HMAC-SHA1",
    "AccessKeyId=tether-demo",
    "Format=XML",
    "Timestamp=2024-01-01T00:00:00Z",
    "SignatureNonce=n",
    "RegionId=cn-hangzhou",
    "PageSize=abc",
    "%00=%00",
    "%0D%0A=%0D%0A",
];

pub(crate) const HEADER_NAMES: &[&str] = &[
    "authorization",
    "x-tc-action",
    "x-tc-version",
    "x-tc-region",
    "x-tc-timestamp",
    "x-tc-language",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-date",
    "x-content-sha256",
    "x-sdk-request",
    "content-type",
];

pub(crate) const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "text/plain",
    "application/xml",
    "multipart/form-data; boundary=x",
];

pub(crate) const AUTH_PREFIXES: &[&str] = &[
    "TC3-HMAC-SHA256 Credential=tether-demo/2024-01-01/vpc/tc3_request, SignedHeaders=content-type;host, Signature=",
    "TC3-HMAC-SHA256 Credential=",
    "TC3-",
    "ACS3-HMAC-SHA256 Credential=tether-demo,SignedHeaders=host;x-acs-action;x-acs-version,Signature=",
    "ACS3-HMAC-SHA256 ",
    "ACS3-",
    "HMAC-SHA256 Credential=tether-demo/20240101/cn-beijing/vpc/request, SignedHeaders=host;x-date, Signature=",
    "HMAC-SHA256 Credential=/////, SignedHeaders=, Signature=",
    "HMAC-SHA256",
    "   TC3-HMAC-SHA256 Credential=tether-demo",
    "Basic dGV0aGVyOmRlbW8=",
    "",
];

pub(crate) const METHODS: &[&str] = &[
    "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
];
pub(crate) const PATHS: &[&str] = &[
    "/",
    "/",
    "/",
    "/?",
    "/x/y",
    "/%FF%FE",
    "/a%20b",
    "//",
    "/index.html",
];
pub(crate) const TENCENT_FIELDS: &[&str] = &[
    "AddressId",
    "AddressIds",
    "InstanceId",
    "NetworkInterfaceId",
    "PrivateIpAddress",
    "Filters",
    "Offset",
    "Limit",
    "TaskId",
    "DealName",
    "EipDirectConnection",
    "InstanceRegion",
    "ReallocateNormalPublicIp",
    "Colour",
];

pub(crate) fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(ACTIONS.iter().map(|a| a.action.to_string()).collect::<Vec<_>>()),
        1 => "[A-Za-z.]{0,24}",
    ]
}

pub(crate) fn version_for(
    cloud_versions: &'static [&'static str],
) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(cloud_versions).prop_map(str::to_string),
        1 => "[0-9a-z-]{0,12}",
    ]
}

pub(crate) fn text_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => proptest::sample::select(PARAM_VALUES).prop_map(|v| v.as_bytes().to_vec()),
        2 => "[ -~]{0,24}".prop_map(String::into_bytes),
        1 => vec(any::<u8>(), 0..max),
        1 => "\\PC{0,12}".prop_map(String::into_bytes),
    ]
}

pub(crate) fn query_part() -> impl Strategy<Value = QueryPart> {
    prop_oneof![
        6 => (
            prop_oneof![
                3 => proptest::sample::select(PARAM_NAMES).prop_map(|n| n.as_bytes().to_vec()),
                1 => text_bytes(16),
            ],
            text_bytes(32)
        )
            .prop_map(|(n, v)| QueryPart::Pair(n, v)),
        3 => proptest::sample::select(RAW_QUERY).prop_map(QueryPart::Raw),
        1 => (
            proptest::sample::select(&["InstanceId", "HaVipIds", "ScalingGroupId", "X"][..]),
            100usize..2500
        )
            .prop_map(|(n, k)| QueryPart::Huge(n, k)),
    ]
}

pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        proptest::sample::select(PARAM_VALUES).prop_map(|s| json!(s)),
        "\\PC{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec(
                (
                    prop_oneof![
                        3 => proptest::sample::select(TENCENT_FIELDS).prop_map(str::to_string),
                        1 => "[A-Za-z]{0,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

pub(crate) fn body_spec() -> impl Strategy<Value = BodySpec> {
    prop_oneof![
        4 => Just(BodySpec::Empty),
        2 => vec(any::<u8>(), 0..600).prop_map(BodySpec::Bytes),
        4 => json_value().prop_map(BodySpec::Json),
        2 => (json_value(), 0u16..1000).prop_map(|(v, f)| BodySpec::TruncatedJson(v, f)),
        2 => vec(query_part(), 0..12).prop_map(BodySpec::Form),
        1 => (
            proptest::sample::select(&["AddressIds", "Filters", "Colour"][..]),
            100usize..4000
        )
            .prop_map(|(k, n)| BodySpec::HugeJson(k, n)),
        1 => (1usize..3000).prop_map(BodySpec::Oversized),
    ]
}

pub(crate) fn header() -> impl Strategy<Value = (String, Vec<u8>)> {
    let value = prop_oneof![
        3 => text_bytes(24),
        // Printable and non-ASCII (obs-text) bytes; no CR, LF or NUL (they would break
        // the framing rather than test the emulator).
        2 => vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff], 0..48),
    ];
    prop_oneof![
        3 => (proptest::sample::select(AUTH_PREFIXES), text_bytes(40)).prop_map(|(p, rest)| {
            let mut v = p.as_bytes().to_vec();
            v.extend(rest.into_iter().filter(|b| *b >= 0x20 && *b != 0x7f));
            ("authorization".to_string(), v)
        }),
        4 => (proptest::sample::select(HEADER_NAMES), value.clone()).prop_map(|(n, v)| {
            (n.to_string(), v.into_iter().filter(|b| *b >= 0x20 && *b != 0x7f).collect())
        }),
        2 => proptest::sample::select(CONTENT_TYPES)
            .prop_map(|c| ("content-type".to_string(), c.as_bytes().to_vec())),
        1 => ("x-[a-z0-9-]{1,12}", value).prop_map(|(n, v)| {
            (n, v.into_iter().filter(|b| *b >= 0x20 && *b != 0x7f).collect())
        }),
    ]
}

pub(crate) fn framing() -> impl Strategy<Value = Framing> {
    prop_oneof![
        8 => Just(Framing::Exact),
        1 => (1usize..64).prop_map(Framing::Truncated),
        1 => (1usize..300).prop_map(Framing::Chunked),
    ]
}

pub(crate) fn raw_spec() -> impl Strategy<Value = RawSpec> {
    (
        proptest::sample::select(METHODS),
        proptest::sample::select(PATHS),
        vec(query_part(), 0..16),
        vec(header(), 0..8),
        body_spec(),
        framing(),
    )
        .prop_map(|(method, path, query, headers, body, framing)| RawSpec {
            method,
            path,
            query,
            headers,
            body,
            framing,
        })
}

pub(crate) fn signed_params() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(
        (
            prop_oneof![
                4 => proptest::sample::select(PARAM_NAMES).prop_map(str::to_string),
                1 => "[A-Za-z0-9.]{1,12}",
            ],
            prop_oneof![
                3 => proptest::sample::select(PARAM_VALUES).prop_map(str::to_string),
                1 => "\\PC{0,16}",
            ],
        ),
        0..10,
    )
}

/// Correctly signed, well-formed Describe calls (they succeed).
pub(crate) fn well_formed() -> impl Strategy<Value = Spec> {
    prop_oneof![
        (
            any::<bool>(),
            proptest::sample::select(
                &[
                    ("DescribeEipAddresses", "2016-04-28"),
                    ("DescribeGlobalAccelerationInstances", "2016-04-28"),
                    ("DescribeScalingGroups", "2014-08-28"),
                    ("DescribeScalingInstances", "2014-08-28"),
                    ("DescribeScalingActivities", "2014-08-28"),
                ][..]
            ),
            1u32..=50,
            any::<bool>()
        )
            .prop_map(|(classic, (action, version), size, xml)| {
                let mut params = vec![
                    ("RegionId".to_string(), HZ.to_string()),
                    ("PageSize".to_string(), size.to_string()),
                ];
                if xml {
                    params.push(("Format".to_string(), "XML".to_string()));
                }
                Spec::Alibaba {
                    classic,
                    action: action.to_string(),
                    version: version.to_string(),
                    params,
                }
            }),
        (1u64..=100, 0u64..80).prop_map(|(limit, offset)| Spec::Tencent {
            action: "DescribeAddresses".into(),
            region: Some(GZ),
            body: json!({"Limit": limit, "Offset": offset})
                .to_string()
                .into_bytes(),
        }),
        (1u32..=100).prop_map(|size| Spec::Volcengine {
            action: "DescribeHaVips".into(),
            version: "2020-04-01".into(),
            params: vec![("PageSize".to_string(), size.to_string())],
        }),
    ]
}

pub(crate) fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        1 => well_formed(),
        6 => raw_spec().prop_map(Spec::Raw),
        1 => (
            any::<bool>(),
            action_name(),
            version_for(&["2016-04-28", "2014-08-28"]),
            signed_params()
        )
            .prop_map(|(classic, action, version, params)| Spec::Alibaba {
                classic,
                action,
                version,
                params: params
                    .into_iter()
                    .filter(|(k, _)| !["Signature", "SignatureNonce", "AccessKeyId", "Timestamp",
                        "SignatureMethod", "SignatureVersion", "Action", "Version"].contains(&k.as_str()))
                    .collect(),
            }),
        1 => (
            action_name(),
            prop_oneof![4 => Just(Some(GZ)), 1 => Just(None), 1 => Just(Some("xx-nowhere-1"))],
            prop_oneof![
                4 => json_value().prop_map(|v| v.to_string().into_bytes()),
                1 => "\\PC{0,40}".prop_map(String::into_bytes),
            ]
        )
            .prop_map(|(action, region, body)| Spec::Tencent { action, region, body }),
        1 => (action_name(), version_for(&["2020-04-01"]), signed_params()).prop_map(
            |(action, version, params)| Spec::Volcengine {
                action,
                version,
                params: params
                    .into_iter()
                    .filter(|(k, _)| k != "Action" && k != "Version")
                    .collect(),
            }
        ),
    ]
}
