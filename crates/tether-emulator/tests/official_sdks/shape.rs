//! Part 2, request shape: the recording endpoint, sending each call with tether, comparing
//! its request with each SDK's, and the test `requests_are_shaped_as_the_official_sdks_shape_them`.

use super::*;

// ------------------------------------------------------------------------------------------
// Request shape: what tether sends against what the SDKs' typed request classes send

/// One request as a recording endpoint saw it.
#[derive(Clone, Debug)]
pub(crate) struct Wire {
    pub(crate) method: String,
    pub(crate) raw_query: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Wire {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The decoded query parameters, sorted.
    pub(crate) fn query(&self) -> Vec<(String, String)> {
        let mut pairs = tether_wire::sign::parse_query(&self.raw_query).unwrap_or_default();
        pairs.sort();
        pairs
    }

    pub(crate) fn contains(&self, token: &str) -> bool {
        self.raw_query.contains(token) || String::from_utf8_lossy(&self.body).contains(token)
    }

    /// The region of a Volcengine credential scope (`Credential=AK/date/region/service/request`).
    pub(crate) fn scope_region(&self) -> Option<String> {
        let auth = self.header("authorization")?;
        let credential = auth.split("Credential=").nth(1)?;
        credential.split(['/', ',']).nth(2).map(str::to_owned)
    }
}

/// A local endpoint that records every request and answers each with one body every SDK
/// parses as a success (Alibaba `RequestId`, Tencent `Response`, Volcengine `Result`).
pub(crate) struct Recorder {
    pub(crate) addr: std::net::SocketAddr,
    pub(crate) seen: Arc<Mutex<Vec<Wire>>>,
    pub(crate) task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    pub(crate) async fn start() -> Recorder {
        use axum::body::Bytes;
        use axum::http::{HeaderMap, Method, Uri};
        let seen: Arc<Mutex<Vec<Wire>>> = Arc::default();
        let log = seen.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let log = log.clone();
                async move {
                    let wire = Wire {
                        method: method.to_string(),
                        raw_query: uri.query().unwrap_or_default().to_owned(),
                        headers: headers
                            .iter()
                            .map(|(n, v)| {
                                (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())
                            })
                            .collect(),
                        body: body.to_vec(),
                    };
                    log.lock().expect("recorder log").push(wire);
                    (
                        [("content-type", "application/json")],
                        r#"{"RequestId":"conformance","Response":{"RequestId":"conformance"},"ResponseMetadata":{"RequestId":"conformance"},"Result":{}}"#,
                    )
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder { addr, seen, task }
    }

    /// The one recorded request that carries `token`.
    pub(crate) fn find(&self, token: &str) -> Result<Wire, String> {
        let seen = self.seen.lock().expect("recorder log");
        let mut hits = seen.iter().filter(|w| w.contains(token));
        match (hits.next(), hits.next()) {
            (Some(w), None) => Ok(w.clone()),
            (None, _) => Err(format!("no request carries {token}")),
            (Some(_), Some(_)) => Err(format!("several requests carry {token}")),
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One API call: the parameters tether is given (its own wire form, decoded into its typed
/// request) and the same call in each SDK's dialect (see `run_sdks.py`).
pub(crate) struct ShapeCase {
    pub(crate) cloud: Cloud,
    pub(crate) action: &'static str,
    /// A value only this case's requests carry.
    pub(crate) token: String,
    pub(crate) tether: tether_wire::api::RequestPayload,
    pub(crate) sdks: Vec<(Sdk, Value)>,
}

/// Decodes `payload` into tether's typed request of `(cloud, action)` and sends it with
/// `client` (the answer is irrelevant: only what went on the wire is compared).
pub(crate) async fn send_with_tether(
    client: &tether_client::Client,
    cloud: Cloud,
    action: &str,
    payload: &tether_wire::api::RequestPayload,
) -> Result<(), String> {
    use tether_wire::api::{
        alibaba_ecs, alibaba_ess, alibaba_slb, alibaba_vpc, tencent_cvm, tencent_vpc,
        volcengine_ecs, volcengine_vpc, ApiAction,
    };
    macro_rules! route {
        ($($cloud:ident $action:literal => $request:ty,)*) => {
            match (cloud, action) {
                $((Cloud::$cloud, $action) => {
                    let request = <$request as ApiAction>::decode(payload)
                        .map_err(|e| format!("tether cannot take {action} {payload:?}: {e}"))?;
                    let ctx = tether_client::CallContext::new();
                    let _ = client.call(&request, &ctx).await;
                    Ok(())
                })*
                _ => Err(format!("no tether request type for {cloud} {action}")),
            }
        };
    }
    route! {
        Alibaba "AssociateEipAddress" => alibaba_vpc::AssociateEipAddressRequest,
        Alibaba "DescribeEipAddresses" => alibaba_vpc::DescribeEipAddressesRequest,
        Alibaba "UnassociateEipAddress" => alibaba_vpc::UnassociateEipAddressRequest,
        Alibaba "AssociateGlobalAccelerationInstance" => alibaba_vpc::AssociateGlobalAccelerationInstanceRequest,
        Alibaba "DescribeGlobalAccelerationInstances" => alibaba_vpc::DescribeGlobalAccelerationInstancesRequest,
        Alibaba "UnassociateGlobalAccelerationInstance" => alibaba_vpc::UnassociateGlobalAccelerationInstanceRequest,
        Alibaba "DescribeNatGateways" => alibaba_vpc::DescribeNatGatewaysRequest,
        Alibaba "DescribeHaVips" => alibaba_vpc::DescribeHaVipsRequest,
        Alibaba "DescribeVpcs" => alibaba_vpc::DescribeVpcsRequest,
        Alibaba "AttachInstances" => alibaba_ess::AttachInstancesRequest,
        Alibaba "DetachInstances" => alibaba_ess::DetachInstancesRequest,
        Alibaba "DescribeScalingInstances" => alibaba_ess::DescribeScalingInstancesRequest,
        Alibaba "DescribeScalingActivities" => alibaba_ess::DescribeScalingActivitiesRequest,
        Alibaba "DescribeScalingGroups" => alibaba_ess::DescribeScalingGroupsRequest,
        Alibaba "DescribeScalingConfigurations" => alibaba_ess::DescribeScalingConfigurationsRequest,
        Alibaba "DescribeInstances" => alibaba_ecs::DescribeInstancesRequest,
        Alibaba "DescribeNetworkInterfaces" => alibaba_ecs::DescribeNetworkInterfacesRequest,
        Alibaba "DescribeLoadBalancers" => alibaba_slb::DescribeLoadBalancersRequest,
        Tencent "AssociateAddress" => tencent_vpc::AssociateAddressRequest,
        Tencent "DescribeAddresses" => tencent_vpc::DescribeAddressesRequest,
        Tencent "DisassociateAddress" => tencent_vpc::DisassociateAddressRequest,
        Tencent "DescribeTaskResult" => tencent_vpc::DescribeTaskResultRequest,
        Tencent "DescribeNetworkInterfaces" => tencent_vpc::DescribeNetworkInterfacesRequest,
        Tencent "DescribeInstances" => tencent_cvm::DescribeInstancesRequest,
        Volcengine "AssociateHaVip" => volcengine_vpc::AssociateHaVipRequest,
        Volcengine "DescribeHaVips" => volcengine_vpc::DescribeHaVipsRequest,
        Volcengine "DisassociateHaVip" => volcengine_vpc::DisassociateHaVipRequest,
        Volcengine "DescribeNetworkInterfaces" => volcengine_vpc::DescribeNetworkInterfacesRequest,
        Volcengine "DescribeInstances" => volcengine_ecs::DescribeInstancesRequest,
    }
}

/// The RPC parameters the classic Alibaba SDK adds to every request (signature and common
/// parameters), which tether's ACS3 requests carry in headers or not at all.
pub(crate) const CLASSIC_COMMON: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "Timestamp",
    "SignatureMethod",
    "SignatureType",
    "SignatureVersion",
    "SignatureNonce",
    "AccessKeyId",
    "Signature",
];

/// The framing both sides must agree on: a `Content-Length` exactly when the SDK sends one,
/// equal to the body's length, and no `Transfer-Encoding`.
pub(crate) fn same_framing(ours: &Wire, theirs: &Wire) -> Result<(), String> {
    for (who, w) in [("tether", ours), ("SDK", theirs)] {
        if w.header("transfer-encoding").is_some() {
            return Err(format!("{who} sent Transfer-Encoding"));
        }
        if let Some(length) = w.header("content-length") {
            if length != w.body.len().to_string() {
                return Err(format!(
                    "{who} Content-Length {length} for {} body bytes",
                    w.body.len()
                ));
            }
        }
    }
    match (
        ours.header("content-length"),
        theirs.header("content-length"),
    ) {
        (Some(_), Some(_)) | (None, None) => Ok(()),
        (o, t) => Err(format!("Content-Length: tether {o:?}, SDK {t:?}")),
    }
}

pub(crate) fn same<T: PartialEq + std::fmt::Debug>(
    what: &str,
    ours: T,
    theirs: T,
) -> Result<(), String> {
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("{what}: tether {ours:?}, SDK {theirs:?}"))
    }
}

/// Compares tether's request with one SDK's: method, parameter placement and names, list
/// encoding, value formats, region placement and framing.
pub(crate) fn compare_shape(sdk: Sdk, ours: &Wire, theirs: &Wire) -> Result<(), String> {
    same("method", &ours.method, &theirs.method)?;
    same_framing(ours, theirs)?;
    match sdk {
        Sdk::AlibabaTea => {
            // Both ACS3: action and version in headers, parameters in the query, empty body.
            // One quirk of the Python tea runtime: it renders a boolean model field with
            // Python's `str()`, `True`/`False`, where the API documents (and tether, and the
            // other SDKs) write `true`/`false`; the API reads both.
            let python_bool = |(k, v): (String, String)| match v.as_str() {
                "True" | "False" => (k, v.to_ascii_lowercase()),
                _ => (k, v),
            };
            let theirs_query: Vec<_> = theirs.query().into_iter().map(python_bool).collect();
            same("query parameters", ours.query(), theirs_query)?;
            for h in ["x-acs-action", "x-acs-version"] {
                same(h, ours.header(h), theirs.header(h))?;
            }
            same("body", &ours.body, &theirs.body)
        }
        Sdk::AliyunClassic => {
            // RPC: the same parameters in the query, next to the classic common ones.
            let mut rpc: Vec<(String, String)> = theirs
                .query()
                .into_iter()
                .filter(|(k, _)| !CLASSIC_COMMON.contains(&k.as_str()))
                .collect();
            rpc.sort();
            same("query parameters", ours.query(), rpc)?;
            let action = theirs
                .query()
                .into_iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v);
            same(
                "action",
                ours.header("x-acs-action").map(str::to_owned),
                action,
            )?;
            same("body", &ours.body, &theirs.body)
        }
        Sdk::TencentCommon | Sdk::TencentTyped => {
            same("query", &ours.raw_query, &theirs.raw_query)?;
            let body = |w: &Wire| serde_json::from_slice::<Value>(&w.body).unwrap_or(Value::Null);
            same("JSON body", body(ours), body(theirs))?;
            for h in ["content-type", "x-tc-action", "x-tc-version", "x-tc-region"] {
                same(h, ours.header(h), theirs.header(h))?;
            }
            Ok(())
        }
        Sdk::Volcengine => {
            same("query parameters", ours.query(), theirs.query())?;
            same(
                "credential-scope region",
                ours.scope_region(),
                theirs.scope_region(),
            )?;
            same("body", &ours.body, &theirs.body)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_shaped_as_the_official_sdks_shape_them() {
    let Some(python) = sdk_python() else { return };
    let cases = shape_cases();
    let sdk_side = Recorder::start().await;
    let tether_side = Recorder::start().await;

    // The SDKs, all in one python run.
    let mut sdk_cases = Vec::new();
    for case in &cases {
        for (sdk, params) in &case.sdks {
            let product = find_action(case.cloud, case.action)
                .unwrap_or_else(|| panic!("{} is not a {} API", case.action, case.cloud))
                .service;
            sdk_cases.push(json!({
                "id": format!("{}-{}-{}", sdk.name(), case.action, case.token),
                "sdk": sdk.name(),
                "action": case.action,
                "product": product,
                "params": params,
            }));
        }
    }
    let input = json!({
        "port": sdk_side.addr.port(),
        "access_key": AK,
        "secret_key": SK,
        "cases": sdk_cases,
    });
    let results = tokio::task::spawn_blocking(move || run_script(&python, &input))
        .await
        .expect("python runner thread");
    let mut failures: Vec<String> = results
        .iter()
        .filter(|r| r.get("crash").is_some())
        .map(|r| format!("{}: the SDK could not send it:\n{}", r["id"], r["crash"]))
        .collect();

    // tether, in each cloud's region as the SDK runs use them.
    let base = format!("http://{}", tether_side.addr);
    let mut clients = BTreeMap::new();
    for (cloud, region) in [
        (Cloud::Alibaba, "cn-hangzhou"),
        (Cloud::Tencent, "ap-guangzhou"),
        (Cloud::Volcengine, "cn-beijing"),
    ] {
        let config = tether_client::ClientConfig::new(
            cloud,
            region,
            tether_wire::sign::Credentials::new(AK, SK),
        )
        .with_endpoint(base.clone())
        .with_max_retries(0);
        clients.insert(
            cloud.name(),
            tether_client::Client::new(config).expect("client"),
        );
    }
    for case in &cases {
        if let Err(e) = send_with_tether(
            &clients[case.cloud.name()],
            case.cloud,
            case.action,
            &case.tether,
        )
        .await
        {
            failures.push(e);
        }
    }

    let mut compared: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for case in &cases {
        let ours = match tether_side.find(&case.token) {
            Ok(w) => w,
            Err(e) => {
                failures.push(format!("tether {} {}: {e}", case.cloud, case.action));
                continue;
            }
        };
        for (sdk, _) in &case.sdks {
            // Each SDK's request carries the token too; the two SDKs of a cloud are told apart
            // by their signature scheme.
            let theirs = sdk_side
                .seen
                .lock()
                .expect("recorder log")
                .iter()
                .filter(|w| w.contains(&case.token) && sdk_signed(*sdk, w))
                .cloned()
                .collect::<Vec<_>>();
            // The two Tencent clients send the same bytes: both requests are compared.
            let expected = if sdk.cloud() == Cloud::Tencent { 2 } else { 1 };
            let outcome = if theirs.len() == expected {
                theirs
                    .iter()
                    .try_for_each(|one| compare_shape(*sdk, &ours, one))
            } else {
                Err(format!(
                    "{} SDK requests carry {}",
                    theirs.len(),
                    case.token
                ))
            };
            match outcome {
                Ok(()) => {
                    compared.entry(sdk.name()).or_default().insert(case.action);
                }
                Err(why) => failures.push(format!(
                    "{} {} via {}: {why}",
                    case.cloud,
                    case.action,
                    sdk.name()
                )),
            }
        }
    }
    let apis: BTreeSet<(Cloud, &str)> = cases.iter().map(|c| (c.cloud, c.action)).collect();
    for info in ACTIONS.iter() {
        if !apis.contains(&(info.cloud, info.action)) {
            failures.push(format!(
                "{} {} has no request-shape case",
                info.cloud, info.action
            ));
        }
    }
    report(&format!(
        "request shapes: {}/{} APIs; tether's request identical in method, parameter placement, names, list encoding, value formats, region placement and framing to {}",
        apis.len(),
        ACTIONS.len(),
        compared
            .iter()
            .map(|(sdk, actions)| format!("{sdk} ({} APIs)", actions.len()))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    assert!(
        failures.is_empty(),
        "{} request-shape differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `w` can have been sent by `sdk` (the classic Alibaba SDK signs in the query, the tea
/// SDK with an ACS3 header; the two Tencent clients send the same bytes).
pub(crate) fn sdk_signed(sdk: Sdk, w: &Wire) -> bool {
    match sdk {
        Sdk::AliyunClassic => w.raw_query.contains("Signature="),
        Sdk::AlibabaTea => w
            .header("authorization")
            .is_some_and(|a| a.starts_with("ACS3-")),
        Sdk::TencentCommon | Sdk::TencentTyped | Sdk::Volcengine => true,
    }
}
