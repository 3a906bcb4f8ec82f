//! Reading request bodies within bounds: at most `--max-body-bytes` (a larger declared
//! `Content-Length` is refused before anything is read) and within the body timeout (a body
//! sent slowly, or never, cannot hold a connection and its handler).

use std::time::Duration;

use axum::body::{Body, HttpBody};

/// Why a request body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// More than the limit (declared or sent).
    #[error("the request body exceeds {limit} bytes")]
    TooLarge { limit: usize },
    /// The body broke off (e.g. the connection ended before `Content-Length` bytes).
    #[error("the request body ended before its declared length")]
    Incomplete,
    /// The body did not arrive completely within the body timeout.
    #[error("the request body did not arrive within {} s", .timeout.as_secs_f64())]
    TimedOut { timeout: Duration },
    /// A POST/PUT/PATCH with neither `Content-Length` nor `Transfer-Encoding`.
    #[error("the request states neither Content-Length nor Transfer-Encoding")]
    LengthRequired,
}

/// Whether a request of this method must state how its body is framed: every method that
/// defines a body (RFC 9110 §8.6) must carry `Content-Length` or `Transfer-Encoding`, even
/// for an empty body, or a strict gateway answers 411.
pub fn lacks_framing(method: &axum::http::Method, headers: &axum::http::HeaderMap) -> bool {
    use axum::http::{header, Method};
    let body_method = *method == Method::POST || *method == Method::PUT || *method == Method::PATCH;
    body_method
        && !headers.contains_key(header::CONTENT_LENGTH)
        && !headers.contains_key(header::TRANSFER_ENCODING)
}

impl BodyError {
    /// The error as a sentence, for an answer's message.
    pub fn sentence(&self) -> String {
        let text = self.to_string();
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => text,
        }
    }
}

/// Reads the whole body: at most `limit` bytes, within `timeout`.
pub async fn read(mut body: Body, limit: usize, timeout: Duration) -> Result<Vec<u8>, BodyError> {
    let too_large = BodyError::TooLarge { limit };
    if body.size_hint().lower() > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(too_large);
    }
    let read_all = async {
        let mut out = Vec::new();
        while let Some(frame) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|_| BodyError::Incomplete)?;
            if let Ok(data) = frame.into_data() {
                if out.len().saturating_add(data.len()) > limit {
                    return Err(too_large);
                }
                out.extend_from_slice(&data);
            }
        }
        Ok(out)
    };
    tokio::time::timeout(timeout, read_all)
        .await
        .unwrap_or(Err(BodyError::TimedOut { timeout }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn limits() {
        let second = Duration::from_secs(1);
        assert_eq!(
            read(Body::from("abc"), 3, second).await,
            Ok(b"abc".to_vec())
        );
        assert_eq!(
            read(Body::from("abcd"), 3, second).await,
            Err(BodyError::TooLarge { limit: 3 })
        );
        assert_eq!(
            BodyError::TooLarge { limit: 3 }.sentence(),
            "The request body exceeds 3 bytes."
        );
        let short = Duration::from_millis(20);
        assert_eq!(
            read(Body::new(Stalled), 3, short).await,
            Err(BodyError::TimedOut { timeout: short })
        );
    }

    /// A body whose data never comes.
    struct Stalled;

    impl HttpBody for Stalled {
        type Data = axum::body::Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            std::task::Poll::Pending
        }
    }
}
