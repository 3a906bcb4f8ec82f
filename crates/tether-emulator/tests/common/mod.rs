//! Test harness: starts an emulator in-process on 127.0.0.1:0 and signs requests the way
//! each cloud's SDKs do, with `tether_wire::sign`.

#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tether_emulator::{fixtures, start, EmulatorConfig, Inventory, RunningEmulator};
use tether_wire::api::find_action;
use tether_wire::cloud::Cloud;
use tether_wire::sign::{
    alibaba_acs3, alibaba_rpc_v1, tencent_tc3, volcengine, Credentials, RequestToSign,
};

pub const AK: &str = "tether-demo";
pub const SK: &str = "tether-demo-secret";
pub const HZ: &str = "cn-hangzhou";
pub const SH: &str = "cn-shanghai";
pub const GZ: &str = "ap-guangzhou";
pub const BJ: &str = "cn-beijing";

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

static NONCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn nonce() -> String {
    let n = NONCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("nonce-{}-{n}-{}", std::process::id(), now_secs())
}

/// One error case of a table: expected code, HTTP status, request parameters.
pub type Case<'a> = (&'a str, u16, Vec<(&'a str, &'a str)>);

/// An answer, decoded.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub content_type: String,
    pub text: String,
    pub body: Value,
}

impl Resp {
    /// The error code in any of the three envelopes.
    pub fn code(&self) -> Option<String> {
        let b = &self.body;
        b.get("Code")
            .or_else(|| b.pointer("/Response/Error/Code"))
            .or_else(|| b.pointer("/ResponseMetadata/Error/Code"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The error message in any of the three envelopes.
    pub fn message(&self) -> String {
        let b = &self.body;
        b.get("Message")
            .or_else(|| b.pointer("/Response/Error/Message"))
            .or_else(|| b.pointer("/ResponseMetadata/Error/Message"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }

    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert!(
            self.status == 200 && self.code().is_none(),
            "expected success, got {} {}",
            self.status,
            self.text
        );
        &self.body
    }

    #[track_caller]
    pub fn expect(&self, status: u16, code: &str) -> &Self {
        assert_eq!(
            (self.status, self.code().as_deref()),
            (status, Some(code)),
            "expected {status} {code}, got {}",
            self.text
        );
        self
    }
}

/// A running emulator and a client for it.
pub struct Emu {
    pub running: RunningEmulator,
    pub url: String,
    pub host: String,
    pub http: reqwest::Client,
}

/// The demo fixtures plus objects that only tests need (foreign owners, broken load
/// balancers, full DB whitelists, ...).
pub fn test_fixtures() -> Inventory {
    let mut v: Value = serde_json::from_str(fixtures::EXAMPLE).expect("example fixtures parse");
    let hz = &mut v["alibaba"]["regions"][HZ];
    let push = |v: &mut Value, key: &str, items: Value| {
        let arr = v[key].as_array_mut().expect("array");
        arr.extend(items.as_array().cloned().unwrap_or_default());
    };
    push(
        hz,
        "eips",
        json!([{"id": "eip-hzforeign", "ip": "47.96.9.9", "foreign_owner": true}]),
    );
    push(
        hz,
        "instances",
        json!([{"id": "i-hzforeign", "vpc_id": "vpc-hzdemo", "subnet_id": "vsw-hza", "private_ip": "10.0.1.9", "foreign_owner": true}]),
    );
    push(
        hz,
        "havips",
        json!([{"id": "havip-hzcreating", "ip": "10.0.1.251", "vpc_id": "vpc-hzdemo", "subnet_id": "vsw-hza", "status": "Creating"}]),
    );
    push(
        hz,
        "slb_instances",
        json!([
            {"id": "lb-hzinactive", "vpc_id": "vpc-hzdemo", "status": "inactive"},
            {"id": "lb-hznohc", "vpc_id": "vpc-hzdemo", "health_check": false},
            {"id": "lb-hzothervpc", "vpc_id": "vpc-hzother"}
        ]),
    );
    hz["db_instances"] = json!([
        {"id": "rm-hzlocked", "status": "Locked"},
        {"id": "rm-hzfull", "security_ip_quota": 1, "security_ips_used": 1}
    ]);
    let group = |id: &str, extra: Value| {
        let mut g = json!({"id": id, "min_size": 0, "max_size": 10, "vpc_id": "vpc-hzdemo", "vswitch_ids": ["vsw-hza"]});
        if let (Some(g), Some(e)) = (g.as_object_mut(), extra.as_object()) {
            for (k, x) in e {
                g.insert(k.clone(), x.clone());
            }
        }
        g
    };
    push(
        hz,
        "scaling_groups",
        json!([
            group("asg-hzunauth", json!({"ess_authorized": false})),
            group(
                "asg-hzlbdown",
                json!({"load_balancer_ids": ["lb-hzinactive"]})
            ),
            group("asg-hzlbnohc", json!({"load_balancer_ids": ["lb-hznohc"]})),
            group(
                "asg-hzlbclassic",
                json!({"load_balancer_ids": ["lb-hzclassic"]})
            ),
            group(
                "asg-hzlbvpc",
                json!({"load_balancer_ids": ["lb-hzothervpc"]})
            ),
            group("asg-hzdbdown", json!({"db_instance_ids": ["rm-hzlocked"]})),
            group("asg-hzdbfull", json!({"db_instance_ids": ["rm-hzfull"]})),
            group("asg-hzsgfull", json!({"security_group_capacity": 0})),
            group(
                "asg-hzclassicgroup",
                json!({"vpc_id": "", "vswitch_ids": []})
            ),
            group(
                "asg-hzmultitype",
                json!({"scaling_configurations": [
                    {"id": "asc-hzold", "instance_types": ["ecs.c5.large"], "lifecycle_state": "Inactive"},
                    {"id": "asc-hznew", "name": "two-types", "instance_types": ["ecs.g6.large", "ecs.g6.xlarge"], "lifecycle_state": "Active"}
                ]})
            )
        ]),
    );
    push(
        hz,
        "nat_gateways",
        json!([{"id": "ngw-hzcreating", "vpc_id": "vpc-hzdemo", "status": "Creating"}]),
    );
    push(
        &mut v["alibaba"]["regions"][SH],
        "instances",
        json!([{"id": "i-shforeign", "vpc_id": "vpc-shdemo", "subnet_id": "vsw-sha", "private_ip": "10.1.1.9", "foreign_owner": true}]),
    );

    fixtures::parse(&v.to_string()).expect("test fixtures are valid")
}

impl Emu {
    pub async fn start_config(config: EmulatorConfig) -> Emu {
        let running = start(config).await.expect("emulator starts");
        let host = running.addr().to_string();
        let url = running.url();
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("http client");
        Emu {
            running,
            url,
            host,
            http,
        }
    }

    pub async fn start(fixtures: Inventory, delay_ms: u64) -> Emu {
        let mut config = EmulatorConfig::new(fixtures);
        config.async_delay_ms = delay_ms;
        Emu::start_config(config).await
    }

    /// Test fixtures, transitions settle at once.
    pub async fn instant() -> Emu {
        Emu::start(test_fixtures(), 0).await
    }

    /// Test fixtures, transitions take an hour (finish them with [`Emu::settle`]).
    pub async fn slow() -> Emu {
        Emu::start(test_fixtures(), 3_600_000).await
    }

    pub async fn stop(self) {
        self.running.shutdown().await.expect("clean shutdown");
    }

    async fn decode(resp: reqwest::Response) -> Resp {
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            content_type,
            text,
            body,
        }
    }

    fn creds(ak: &str, sk: &str) -> Credentials {
        Credentials::new(ak, sk)
    }

    /// Alibaba ACS3 call with full control.
    pub async fn acs3_raw(
        &self,
        action: &str,
        version: &str,
        params: &[(&str, &str)],
        creds: &Credentials,
        timestamp: u64,
        nonce: &str,
    ) -> Resp {
        let mut req = RequestToSign::new("POST", self.host.clone(), "/");
        for (k, v) in params {
            req = req.query_param(*k, *v);
        }
        let parts = alibaba_acs3::sign(
            &req,
            creds,
            &alibaba_acs3::Acs3Params {
                action: action.into(),
                version: version.into(),
                timestamp,
                nonce: nonce.into(),
            },
        )
        .expect("sign");
        let mut url = format!("{}/", self.url);
        if !parts.query_string.is_empty() {
            url = format!("{url}?{}", parts.query_string);
        }
        // An empty POST states its length, as the SDKs send it (a bare one gets 411).
        let mut rb = self.http.post(url).header("Content-Length", "0");
        for (k, v) in &parts.headers {
            rb = rb.header(k.as_str(), v.as_str());
        }
        Emu::decode(rb.send().await.expect("send")).await
    }

    /// Alibaba ACS3 call with the default key (version from the action).
    pub async fn ali(&self, action: &str, params: &[(&str, &str)]) -> Resp {
        let version = find_action(Cloud::Alibaba, action)
            .map(|a| a.version)
            .unwrap_or("2016-04-28");
        self.acs3_raw(
            action,
            version,
            params,
            &Emu::creds(AK, SK),
            now_secs(),
            &nonce(),
        )
        .await
    }

    /// Alibaba classic RPC (HMAC-SHA1) call; returns the answer and the string to sign.
    pub async fn rpc_raw(
        &self,
        params: &[(&str, &str)],
        creds: &Credentials,
        timestamp: u64,
        nonce: &str,
    ) -> (Resp, String) {
        let mut req = RequestToSign::new("POST", self.host.clone(), "/");
        for (k, v) in params {
            req = req.query_param(*k, *v);
        }
        let parts = alibaba_rpc_v1::sign(
            &req,
            creds,
            &alibaba_rpc_v1::RpcV1Params {
                timestamp,
                nonce: nonce.into(),
            },
        )
        .expect("sign");
        let mut all: Vec<(String, String)> = req.query.clone();
        all.extend(
            parts
                .query
                .iter()
                .filter(|(k, _)| k != "Signature")
                .cloned(),
        );
        let sts = alibaba_rpc_v1::string_to_sign("POST", &all);
        let url = format!("{}/?{}", self.url, parts.query_string);
        let sent = self.http.post(url).header("Content-Length", "0").send();
        let resp = Emu::decode(sent.await.expect("send")).await;
        (resp, sts)
    }

    /// Tencent TC3 call with full control.
    pub async fn tc3_raw(
        &self,
        action: &str,
        region: Option<&str>,
        body: &str,
        creds: &Credentials,
        timestamp: u64,
    ) -> Resp {
        let req = RequestToSign::new("POST", self.host.clone(), "/")
            .header("Content-Type", "application/json")
            .body(body.as_bytes().to_vec());
        let parts = tencent_tc3::sign(
            &req,
            creds,
            &tencent_tc3::Tc3Params {
                service: "vpc".into(),
                action: action.into(),
                version: "2017-03-12".into(),
                region: region.map(str::to_string),
                timestamp,
                sign_action_header: false,
                unsigned_payload: false,
            },
        )
        .expect("sign");
        let mut rb = self
            .http
            .post(format!("{}/", self.url))
            .header("Content-Type", "application/json")
            .body(body.to_string());
        for (k, v) in &parts.headers {
            rb = rb.header(k.as_str(), v.as_str());
        }
        Emu::decode(rb.send().await.expect("send")).await
    }

    /// Tencent call in ap-guangzhou with the default key.
    pub async fn tc(&self, action: &str, body: Value) -> Resp {
        self.tc3_raw(
            action,
            Some(GZ),
            &body.to_string(),
            &Emu::creds(AK, SK),
            now_secs(),
        )
        .await
    }

    /// Volcengine call with full control.
    pub async fn volc_raw(
        &self,
        params: &[(&str, &str)],
        region: &str,
        creds: &Credentials,
        timestamp: u64,
    ) -> Resp {
        let mut req =
            RequestToSign::new("GET", self.host.clone(), "/").header("Content-Type", "text/plain");
        for (k, v) in params {
            req = req.query_param(*k, *v);
        }
        let parts = volcengine::sign(
            &req,
            creds,
            &volcengine::VolcParams {
                region: region.into(),
                service: "vpc".into(),
                timestamp,
            },
        )
        .expect("sign");
        let mut rb = self
            .http
            .get(format!("{}/?{}", self.url, parts.query_string))
            .header("Content-Type", "text/plain");
        for (k, v) in &parts.headers {
            rb = rb.header(k.as_str(), v.as_str());
        }
        Emu::decode(rb.send().await.expect("send")).await
    }

    /// Volcengine call in cn-beijing with the default key.
    pub async fn volc(&self, action: &str, params: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("Action", action), ("Version", "2020-04-01")];
        all.extend_from_slice(params);
        self.volc_raw(&all, BJ, &Emu::creds(AK, SK), now_secs())
            .await
    }

    pub async fn admin_get(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("send");
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.expect("json")
    }

    pub async fn admin_post(&self, path: &str, body: Value) -> Resp {
        Emu::decode(
            self.http
                .post(format!("{}{path}", self.url))
                .json(&body)
                .send()
                .await
                .expect("send"),
        )
        .await
    }

    pub async fn admin_delete(&self, path: &str) -> Value {
        self.http
            .delete(format!("{}{path}", self.url))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("json")
    }

    pub async fn mutate(&self, body: Value) {
        let r = self.admin_post("/_emulator/mutate", body).await;
        assert_eq!(r.status, 200, "mutate: {}", r.text);
    }

    /// Finishes every transition now.
    pub async fn settle(&self) {
        self.mutate(json!({"op": "settle"})).await;
    }

    pub async fn faults(&self, body: Value) -> Value {
        let r = self.admin_post("/_emulator/faults", body).await;
        assert_eq!(r.status, 200, "faults: {}", r.text);
        r.body
    }

    pub async fn state(&self) -> Value {
        self.admin_get("/_emulator/state").await
    }

    /// An EIP's status in DescribeEipAddresses.
    pub async fn ali_eip(&self, id: &str) -> Value {
        let r = self
            .ali(
                "DescribeEipAddresses",
                &[("RegionId", HZ), ("AllocationId", id)],
            )
            .await;
        r.ok()["EipAddresses"]["EipAddress"][0].clone()
    }

    /// A Tencent address.
    pub async fn tc_address(&self, id: &str) -> Value {
        let r = self
            .tc("DescribeAddresses", json!({"AddressIds": [id]}))
            .await;
        r.ok()["Response"]["AddressSet"][0].clone()
    }
}
