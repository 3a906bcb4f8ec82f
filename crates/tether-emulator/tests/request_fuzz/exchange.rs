//! Sending and checking: the exchange over TCP or in process, parsing the raw answer, and the
//! property every answer must hold (a cloud envelope).

use super::*;

// ------------------------------------------------------------------------------------------
// Sending and checking

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: Vec<u8>,
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").ok_or("chunk size line not terminated")?;
        let size_text = std::str::from_utf8(&data[..line_end]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("chunk size {size_text:?}: {e}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err("chunk truncated".into());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

pub(crate) fn parse_answer(raw: &[u8]) -> Result<Answer, String> {
    let end = find(raw, b"\r\n\r\n").ok_or_else(|| {
        format!(
            "no complete HTTP answer ({} bytes: {:?})",
            raw.len(),
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|e| format!("answer head: {e}"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut content_type = String::new();
    let mut content_length = None;
    let mut is_chunked = false;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.to_string(),
            "content-length" => content_length = value.parse::<usize>().ok(),
            "transfer-encoding" => is_chunked = value.eq_ignore_ascii_case("chunked"),
            _ => {}
        }
    }
    let rest = &raw[end + 4..];
    let body = if is_chunked {
        dechunk(rest)?
    } else {
        let len = content_length.unwrap_or(rest.len());
        if rest.len() < len {
            return Err(format!("body truncated: {} of {len} bytes", rest.len()));
        }
        rest[..len].to_vec()
    };
    Ok(Answer {
        status,
        content_type,
        body,
    })
}

pub(crate) async fn exchange(addr: SocketAddr, wire: &Wire) -> Result<Answer, String> {
    let run = async {
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .write_all(&wire.head)
            .await
            .map_err(|e| format!("write head: {e}"))?;
        // The emulator may answer (and close) before reading a body it refuses.
        let _ = stream.write_all(&wire.body).await;
        if wire.half_close {
            let _ = stream.shutdown().await;
        }
        let mut raw = Vec::new();
        let read = stream.read_to_end(&mut raw).await;
        match (read, raw.is_empty()) {
            (Err(e), true) => Err(format!("no answer: {e}")),
            (Ok(_), true) => Err("connection closed without an answer".to_string()),
            _ => parse_answer(&raw),
        }
    };
    tokio::time::timeout(EXCHANGE_TIMEOUT, run)
        .await
        .map_err(|_| format!("no answer within {EXCHANGE_TIMEOUT:?} (hung connection)"))?
}

/// A request body that ends in an error after its bytes, as hyper's does when the
/// connection closes before the declared `Content-Length`.
pub(crate) struct CutShort {
    pub(crate) data: Option<axum::body::Bytes>,
    pub(crate) declared: u64,
}

impl http_body::Body for CutShort {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(Some(match self.data.take() {
            Some(data) => Ok(http_body::Frame::data(data)),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed before the message completed",
            )),
        }))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.declared)
    }
}

/// The exchange without a socket: the raw request parsed with httparse (what hyper uses),
/// then served by the emulator's router in this process.
pub(crate) async fn exchange_in_process(
    router: &axum::Router,
    wire: &Wire,
) -> Result<Answer, String> {
    use tower::ServiceExt;
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(&wire.head) {
        Ok(httparse::Status::Complete(_)) => {}
        other => {
            return Err(format!(
                "the HTTP layer would refuse the request head: {other:?}"
            ))
        }
    }
    let mut builder = axum::http::Request::builder()
        .method(parsed.method.unwrap_or("GET"))
        .uri(parsed.path.unwrap_or("/"));
    let mut declared = None;
    let mut is_chunked = false;
    for h in parsed.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            declared = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok());
        }
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            is_chunked = true;
        }
        builder = builder.header(h.name, h.value);
    }
    let body = if is_chunked {
        axum::body::Body::from(dechunk(&wire.body)?)
    } else if wire.half_close {
        axum::body::Body::new(CutShort {
            data: Some(wire.body.clone().into()),
            declared: declared.unwrap_or(0),
        })
    } else {
        axum::body::Body::from(wire.body.clone())
    };
    let request = builder
        .body(body)
        .map_err(|e| format!("the HTTP layer would refuse: {e}"))?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| format!("router: {e}"))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| format!("answer body: {e}"))?
        .to_vec();
    Ok(Answer {
        status,
        content_type,
        body,
    })
}

pub(crate) fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// The answer is the route's error envelope (or its success shape, for signed requests).
pub(crate) fn check_answer(wire: &Wire, answer: &Answer) -> Result<(), String> {
    let text = String::from_utf8_lossy(&answer.body);
    let fail = |why: &str| {
        Err(format!(
            "{why}: route {:?}, HTTP {}, content-type {:?}, body {}",
            wire.route,
            answer.status,
            answer.content_type,
            text.chars().take(400).collect::<String>()
        ))
    };
    if answer.status >= 500 {
        return fail("server error");
    }
    let size_code = ["RequestEntityTooLarge", "RequestSizeLimitExceeded"]
        .iter()
        .any(|c| text.contains(c));
    if size_code != wire.oversized {
        return fail(if wire.oversized {
            "an oversized body is not refused as too large"
        } else {
            "a body within the limit is refused as too large"
        });
    }
    if wire.route == Route::Alibaba && answer.content_type.starts_with("text/xml") {
        let ok = text.starts_with("<?xml");
        let is_error = text.contains("<Error>");
        let fields = ["<RequestId>", "<HostId>", "<Code>", "<Message>"]
            .iter()
            .all(|f| text.contains(f));
        return match (ok, is_error) {
            (true, true) if fields && answer.status >= 400 => Ok(()),
            (true, false)
                if wire.signed && answer.status == 200 && text.contains("<RequestId>") =>
            {
                Ok(())
            }
            _ => fail("not an Alibaba XML envelope"),
        };
    }
    let body: Value = match serde_json::from_slice(&answer.body) {
        Ok(v) => v,
        Err(_) => return fail("body is not JSON"),
    };
    match wire.route {
        Route::Tencent => {
            if answer.status != 200 || answer.content_type != "application/json" {
                return fail("Tencent answers HTTP 200 with Content-Type application/json");
            }
            if str_at(&body, "/Response/RequestId").is_none_or(str::is_empty) {
                return fail("no Response.RequestId");
            }
            match body.pointer("/Response/Error") {
                Some(e) if e["Code"].is_string() && e["Message"].is_string() => Ok(()),
                Some(_) => fail("malformed Response.Error"),
                None if wire.signed => Ok(()),
                None => fail("success for an unsigned request"),
            }
        }
        Route::Alibaba => {
            if answer.status == 200 && body.get("Code").is_none() {
                return if wire.signed && str_at(&body, "/RequestId").is_some_and(|r| !r.is_empty())
                {
                    Ok(())
                } else {
                    fail("success without RequestId, or for an unsigned request")
                };
            }
            let fields = ["/RequestId", "/HostId", "/Code", "/Message"]
                .iter()
                .all(|p| str_at(&body, p).is_some());
            if answer.status >= 400 && fields && body.get("Recommend").is_some() {
                Ok(())
            } else {
                fail("not an Alibaba error envelope")
            }
        }
        Route::Volcengine => {
            let meta = &body["ResponseMetadata"];
            if !meta["RequestId"].is_string() {
                return fail("no ResponseMetadata.RequestId");
            }
            match meta.get("Error") {
                Some(e) if e["Code"].is_string() && e["Message"].is_string() => {
                    if answer.status >= 400 {
                        Ok(())
                    } else {
                        fail("Volcengine error with a success status")
                    }
                }
                Some(_) => fail("malformed ResponseMetadata.Error"),
                None if wire.signed && answer.status == 200 && body.get("Result").is_some() => {
                    Ok(())
                }
                None => fail("success for an unsigned request, or without Result"),
            }
        }
        Route::Unknown => {
            if answer.status == 400 && body["Code"] == "UnrecognizedRequest" {
                Ok(())
            } else {
                fail("expected UnrecognizedRequest")
            }
        }
    }
}
