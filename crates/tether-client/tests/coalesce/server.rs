//! The local endpoint: verifies every signature, records every request (`Req`), answers
//! through a responder, and can hold its answers until the test releases them.

use super::*;

/// One request as the endpoint saw it.
#[derive(Clone, Debug)]
pub(crate) struct Req {
    pub(crate) action: String,
    /// Query parameters without `Action` / `Version`.
    pub(crate) params: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) signature_ok: bool,
}

impl Req {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The IDs this Describe asked for.
    pub(crate) fn ids(&self) -> Vec<String> {
        match self.action.as_str() {
            "DescribeEipAddresses" => DescribeEipAddressesRequest::from_params(&self.params)
                .map(|r| r.allocation_ids)
                .unwrap_or_default(),
            "DescribeAddresses" => DescribeAddressesRequest::from_json(&self.body)
                .map(|r| r.address_ids)
                .unwrap_or_default(),
            "DescribeHaVips" => DescribeHaVipsRequest::from_params(&self.params)
                .map(|r| r.ha_vip_ids)
                .unwrap_or_default(),
            "DescribeScalingGroups" => DescribeScalingGroupsRequest::from_params(&self.params)
                .map(|r| r.scaling_group_ids)
                .unwrap_or_default(),
            "DescribeScalingInstances" => {
                DescribeScalingInstancesRequest::from_params(&self.params)
                    .map(|r| r.instance_ids)
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

pub(crate) type Responder = Box<dyn Fn(&Req) -> (u16, String) + Send + Sync>;

pub(crate) struct Shared {
    pub(crate) cloud: Cloud,
    pub(crate) responder: Responder,
    pub(crate) log: Mutex<Vec<Req>>,
    pub(crate) arrived: watch::Sender<usize>,
    /// `true`: answer; `false`: hold answers until released.
    pub(crate) gate: watch::Sender<bool>,
    /// Requests up to this number are answered even while the gate is closed.
    pub(crate) free_until: AtomicUsize,
}

pub(crate) struct Server {
    pub(crate) cloud: Cloud,
    pub(crate) addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    pub(crate) task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub(crate) async fn start(
        cloud: Cloud,
        responder: impl Fn(&Req) -> (u16, String) + Send + Sync + 'static,
    ) -> Server {
        let shared = Arc::new(Shared {
            cloud,
            responder: Box::new(responder),
            log: Mutex::new(Vec::new()),
            arrived: watch::channel(0).0,
            gate: watch::channel(true).0,
            free_until: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            cloud,
            addr,
            shared,
            task,
        }
    }

    pub(crate) fn client(&self, max_retries: u32) -> Client {
        Client::new(
            ClientConfig::new(self.cloud, region(self.cloud), credentials(SECRET))
                .with_endpoint(format!("http://{}", self.addr))
                .with_max_retries(max_retries)
                .with_backoff(fast_backoff())
                .with_request_timeout(Duration::from_secs(10)),
        )
        .unwrap()
    }

    pub(crate) fn calls(&self) -> Vec<Req> {
        let log = self.shared.log.lock().unwrap().clone();
        assert!(
            log.iter().all(|r| r.signature_ok),
            "a request was badly signed"
        );
        log
    }

    pub(crate) fn calls_of(&self, action: &str) -> Vec<Req> {
        self.calls()
            .into_iter()
            .filter(|r| r.action == action)
            .collect()
    }

    /// Holds answers (requests are still recorded) until [`Server::release`].
    pub(crate) fn hold(&self) {
        self.hold_after(0);
    }

    /// Answers requests up to the `n`-th in all, and holds the later ones until
    /// [`Server::release`].
    pub(crate) fn hold_after(&self, n: usize) {
        self.shared.free_until.store(n, Ordering::SeqCst);
        self.shared.gate.send_replace(false);
    }

    pub(crate) fn release(&self) {
        self.shared.gate.send_replace(true);
    }

    /// Waits until `n` requests have arrived (answered or held).
    pub(crate) async fn wait_for_calls(&self, n: usize) {
        let mut rx = self.shared.arrived.subscribe();
        tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|c| *c >= n))
            .await
            .expect("requests did not arrive in time")
            .expect("server gone");
    }
}

pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let common::SignedRequest {
        query,
        verified,
        action,
        ..
    } = common::read_signed(shared.cloud, &method, &uri, &headers, &body);
    let signature_ok = verified.map(|v| v.signature_matches).unwrap_or(false);
    let req = Req {
        action: action.clone(),
        params: query
            .into_iter()
            .filter(|(n, _)| n != "Action" && n != "Version")
            .collect(),
        body: body.to_vec(),
        signature_ok,
    };
    let total = {
        let mut log = shared.log.lock().unwrap();
        log.push(req.clone());
        log.len()
    };
    shared.arrived.send_replace(total);
    if total > shared.free_until.load(Ordering::SeqCst) {
        let mut gate = shared.gate.subscribe();
        let _ = gate.wait_for(|open| *open).await;
    }
    let (status, text) = if signature_ok {
        (shared.responder)(&req)
    } else {
        signature_error(shared.cloud, &action)
    };
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}
