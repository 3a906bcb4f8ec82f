//! Who may reach the emulator: by default it listens on loopback only, and refuses another
//! address unless the user opts in (`--allow-remote`). The admin endpoints (`/_emulator/…`)
//! are not signed, so with `--allow-remote` they require an [`AdminToken`]: given with
//! `--admin-token` (or `TETHER_EMULATOR_ADMIN_TOKEN`), or generated at start and printed
//! once on stderr. A token given explicitly is enforced on loopback too.
//!
//! Clients send it as `Authorization: Bearer <token>` or `X-Emulator-Token: <token>`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::server::App;

/// Header carrying the admin token (besides `Authorization: Bearer`).
pub const TOKEN_HEADER: &str = "x-emulator-token";

/// Whether `addr` can only be reached from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().to_canonical().is_loopback()
}

/// Why no admin token could be made.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the operating system's random source failed: {0}")]
    Random(getrandom::Error),
    #[error("the admin token must be 16 to 256 visible ASCII characters")]
    Malformed,
}

/// The secret that guards `/_emulator/…`. Its `Debug` form does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(…)")
    }
}

impl AdminToken {
    /// A fresh token: 32 random bytes, hex.
    pub fn generate() -> Result<AdminToken, TokenError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(TokenError::Random)?;
        Ok(AdminToken(hex::encode(bytes)))
    }

    /// A token chosen by the user.
    pub fn new(text: &str) -> Result<AdminToken, TokenError> {
        let ok = (16..=256).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(AdminToken(text.to_string()))
        } else {
            Err(TokenError::Malformed)
        }
    }

    /// The token's text, to print once at start.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Whether the request's headers carry this token (compared in constant time).
    pub fn accepts(&self, headers: &HeaderMap) -> bool {
        let bearer = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().strip_prefix("Bearer "))
            .map(str::trim);
        let header = headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        [bearer, header]
            .into_iter()
            .flatten()
            .any(|given| bool::from(given.as_bytes().ct_eq(self.0.as_bytes())))
    }
}

/// Middleware of the admin routes: passes the request on when no token is required or the
/// right one is given, else answers 401 without saying more.
pub async fn require_admin_token(
    State(app): State<Arc<App>>,
    req: Request,
    next: Next,
) -> Response {
    match app.admin_token() {
        Some(token) if !token.accepts(req.headers()) => (
            StatusCode::UNAUTHORIZED,
            [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
            Json(json!({
                "error": "the admin API requires the token printed at start: send `Authorization: Bearer <token>` or `X-Emulator-Token: <token>`"
            })),
        )
            .into_response(),
        _ => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_addresses() {
        for a in [
            "127.0.0.1:1",
            "127.5.6.7:1",
            "[::1]:1",
            "[::ffff:127.0.0.1]:1",
        ] {
            assert!(is_loopback(&a.parse().unwrap()), "{a}");
        }
        for a in ["0.0.0.0:1", "[::]:1", "10.0.0.1:1", "[::ffff:10.0.0.1]:1"] {
            assert!(!is_loopback(&a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn tokens() {
        let t = AdminToken::generate().unwrap();
        assert_eq!(t.reveal().len(), 64);
        assert_ne!(t, AdminToken::generate().unwrap());
        assert!(!format!("{t:?}").contains(t.reveal()));
        let mut h = HeaderMap::new();
        assert!(!t.accepts(&h));
        h.insert(
            "authorization",
            format!("Bearer {}", t.reveal()).parse().unwrap(),
        );
        assert!(t.accepts(&h));
        let mut h = HeaderMap::new();
        h.insert(TOKEN_HEADER, t.reveal().parse().unwrap());
        assert!(t.accepts(&h));
        h.insert(TOKEN_HEADER, "0".repeat(64).parse().unwrap());
        assert!(!t.accepts(&h));
        assert!(AdminToken::new("short").is_err());
        assert!(AdminToken::new("with space in the middle").is_err());
        assert!(AdminToken::new("a-long-enough-token").is_ok());
    }
}
