//! The unsigned JSON admin endpoints under `/_emulator/` (behind the admin token when one
//! is set, see `remote.rs`):
//!
//! | endpoint | what |
//! |---|---|
//! | `GET /_emulator/state` | the whole inventory, associations, tasks, activities, tokens |
//! | `GET /_emulator/calls[?cloud=&action=&since=SEQ]` | `{"calls": [...]}`, oldest first |
//! | `DELETE /_emulator/calls` | clears the call log |
//! | `GET /_emulator/faults` | the fault configuration |
//! | `POST /_emulator/faults` | partial update of the fault configuration and delays |
//! | `POST /_emulator/mutate` | one mutation object, or an array of them, applied in order |
//! | `POST /_emulator/reset` | back to the fixtures (faults and delays back to the start values) |
//!
//! Mutations (`"op"` selects one) are the out-of-band changes a user could make in a
//! console, to test drift: `unbind_eip`, `unbind_ga`, `remove_havip_member`,
//! `detach_scaling_instance`, `delete`, `set_eip`, `set_instance`, `set_group`,
//! `set_havip`, `set_ga`, and `settle` (finish every transition now). Deleting something
//! also releases what was bound to it, as the clouds do.
//!
//! This module owns the endpoints; the mutations live in `mutations`.

mod mutations;

pub use mutations::{apply, Kind, Mutation};

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tether_wire::cloud::Cloud;

use crate::body::{self, BodyError};
use crate::clock::now_ms;
use crate::faults::{FaultState, FaultUpdate};
use crate::server::App;
use crate::services;
use crate::state::{
    derived_ga_status, derived_havip_status, status, CloudInventory, Inventory, World,
};

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Reads an admin request's JSON body within the emulator's body limits.
async fn parse_body<T: serde::de::DeserializeOwned>(app: &App, body: Body) -> Result<T, Response> {
    let bytes = body::read(body, app.max_body, app.limits.body_timeout)
        .await
        .map_err(|e| {
            let status = match e {
                BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                BodyError::Incomplete => StatusCode::BAD_REQUEST,
                BodyError::TimedOut { .. } => StatusCode::REQUEST_TIMEOUT,
                BodyError::LengthRequired => StatusCode::LENGTH_REQUIRED,
            };
            error(status, e.sentence())
        })?;
    parse_json(&bytes).map_err(|e| error(StatusCode::BAD_REQUEST, e))
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let text = if body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        body
    };
    let de = &mut serde_json::Deserializer::from_slice(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        format!(
            "{}: {}",
            if path == "." { "(body)" } else { &path },
            e.inner()
        )
    })
}

/// `GET /_emulator/state`.
pub async fn get_state(State(app): State<Arc<App>>) -> Response {
    let mut inner = app.lock();
    services::advance(&mut inner.world, now_ms());
    Json(inner.world.persisted()).into_response()
}

/// Filters of `GET /_emulator/calls`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallsQuery {
    pub cloud: Option<String>,
    pub action: Option<String>,
    /// Only calls with a larger sequence number.
    pub since: Option<u64>,
}

/// `GET /_emulator/calls`.
pub async fn get_calls(State(app): State<Arc<App>>, Query(q): Query<CallsQuery>) -> Response {
    let inner = app.lock();
    let calls: Vec<&crate::server::CallRecord> = inner
        .calls
        .iter()
        .filter(|c| {
            q.cloud
                .as_ref()
                .is_none_or(|cl| c.cloud.map(|x| x.name()) == Some(cl.as_str()))
                && q.action.as_ref().is_none_or(|a| *a == c.action)
                && q.since.is_none_or(|s| c.seq > s)
        })
        .collect();
    let stats = inner.calls.stats();
    Json(json!({
        "calls": calls,
        "bytes": stats.bytes,
        "max_bytes": stats.max_bytes,
        "max_calls": stats.max_records,
        "dropped": stats.dropped,
    }))
    .into_response()
}

/// `DELETE /_emulator/calls`.
pub async fn delete_calls(State(app): State<Arc<App>>) -> Response {
    let n = app.lock().calls.clear();
    Json(json!({ "cleared": n })).into_response()
}

/// `GET /_emulator/faults`.
pub async fn get_faults(State(app): State<Arc<App>>) -> Response {
    let inner = app.lock();
    Json(inner.world.faults.config.clone()).into_response()
}

/// `POST /_emulator/faults`.
pub async fn post_faults(State(app): State<Arc<App>>, body: Body) -> Response {
    let update: FaultUpdate = match parse_body(&app, body).await {
        Ok(u) => u,
        Err(answer) => return answer,
    };
    let mut inner = app.lock();
    match inner.world.faults.update(update) {
        Ok(()) => Json(inner.world.faults.config.clone()).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// `POST /_emulator/reset`.
pub async fn post_reset(State(app): State<Arc<App>>) -> Response {
    let mut inner = app.lock();
    let counters = inner.world.counters.clone();
    let mut world = World::new(
        app.fixtures.clone(),
        FaultState::new(app.initial_faults.clone()),
    );
    world.counters = counters;
    inner.world = world;
    inner.nonces.clear();
    inner.calls.clear();
    if let Err(e) = app.persist(&inner.world) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    Json(json!({ "reset": true })).into_response()
}

/// Unknown `/_emulator/…` path.
pub async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown admin endpoint; see /_emulator/state, /_emulator/calls, /_emulator/faults, /_emulator/mutate, /_emulator/reset",
    )
}

/// `POST /_emulator/mutate`.
pub async fn post_mutate(State(app): State<Arc<App>>, body: Body) -> Response {
    let value: Value = match parse_body(&app, body).await {
        Ok(v) => v,
        Err(answer) => return answer,
    };
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut mutations = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match serde_path_to_error::deserialize::<_, Mutation>(item) {
            Ok(m) => mutations.push(m),
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    format!("mutation {i}: {}: {}", e.path(), e.inner()),
                )
            }
        }
    }
    let mut inner = app.lock();
    services::advance(&mut inner.world, now_ms());
    let snapshot = inner.world.clone();
    let n = mutations.len();
    for (i, m) in mutations.into_iter().enumerate() {
        if let Err(e) = apply(&mut inner.world, m) {
            inner.world = snapshot;
            return error(StatusCode::NOT_FOUND, format!("mutation {i}: {e}"));
        }
    }
    if let Err(e) = app.persist(&inner.world) {
        inner.world = snapshot;
        return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    Json(json!({ "applied": n })).into_response()
}
