//! The log of API calls behind `GET /_emulator/calls`, bounded so that hours of traffic
//! (or a flood of junk) cannot grow the emulator's memory:
//!
//! - by count ([`DEFAULT_MAX_RECORDS`]) and by approximate heap bytes
//!   ([`DEFAULT_MAX_BYTES`], `--call-log-bytes`); the oldest calls go first;
//! - an unauthenticated or rejected request (no valid signature, no recognisable cloud,
//!   undecodable parameters, a body too large, slow or cut short) keeps only a summary: its
//!   parameters are not stored, only its size;
//! - an authenticated call keeps its parameters up to [`MAX_PARAMS_BYTES`]; larger ones are
//!   replaced by a note with their count and size;
//! - the texts taken from a request (action, version, region, access key id) are cut to
//!   [`MAX_FIELD_BYTES`].
//!
//! Sequence numbers keep counting across `DELETE /_emulator/calls` and `/_emulator/reset`,
//! so a client's `since=` cursor stays valid.

use std::collections::VecDeque;
use std::mem::size_of;

use serde::Serialize;
use serde_json::{json, Value};
use tether_wire::cloud::Cloud;

/// Default largest number of calls kept.
pub const DEFAULT_MAX_RECORDS: usize = 10_000;
/// Default bound of the log's approximate heap size.
pub const DEFAULT_MAX_BYTES: usize = 16 << 20;
/// Largest parameters kept for one authenticated call (approximate heap bytes).
pub const MAX_PARAMS_BYTES: usize = 64 << 10;
/// Longest action, version, region or access key id kept, in bytes.
pub const MAX_FIELD_BYTES: usize = 128;

/// Heap overhead assumed per JSON object entry (B-tree node share, key header).
const ENTRY_OVERHEAD: usize = 48;

/// One entry of `GET /_emulator/calls`.
#[derive(Clone, Debug, Serialize)]
pub struct CallRecord {
    pub seq: u64,
    /// UTC, `2024-01-02T03:04:05Z`.
    pub time: String,
    pub time_ms: u64,
    /// `alibaba`, `tencent`, `volcengine`, or null when the request matched no cloud.
    pub cloud: Option<Cloud>,
    pub action: String,
    pub version: String,
    pub region: String,
    pub access_key_id: String,
    /// Whether the signature was valid. Unauthenticated calls keep no parameters.
    pub authenticated: bool,
    /// Size of the query string plus the body, in bytes.
    pub request_bytes: usize,
    /// The action's parameters (no signature, nonce, timestamp or token); null when the call
    /// was not authenticated.
    pub params: Value,
    pub http_status: u16,
    /// `Success` or the error code answered.
    pub code: String,
    pub request_id: String,
    /// `throttle` or `server_error` when the answer was an injected fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub injected: Option<&'static str>,
}

impl CallRecord {
    /// Applies the per-call bounds: cuts the request's texts, drops the parameters of an
    /// unauthenticated call and replaces oversized ones by a note.
    pub fn bounded(mut self) -> CallRecord {
        for field in [
            &mut self.action,
            &mut self.version,
            &mut self.region,
            &mut self.access_key_id,
            &mut self.code,
        ] {
            truncate(field, MAX_FIELD_BYTES);
        }
        if !self.authenticated {
            self.params = Value::Null;
        } else if json_bytes(&self.params) > MAX_PARAMS_BYTES {
            let count = match &self.params {
                Value::Object(m) => m.len(),
                Value::Array(a) => a.len(),
                _ => 1,
            };
            self.params = json!({
                "omitted": format!("parameters larger than {MAX_PARAMS_BYTES} bytes are not kept"),
                "count": count,
            });
        }
        self
    }

    /// Approximate heap bytes the record holds.
    pub fn approx_bytes(&self) -> usize {
        size_of::<CallRecord>()
            + self.time.capacity()
            + self.action.capacity()
            + self.version.capacity()
            + self.region.capacity()
            + self.access_key_id.capacity()
            + self.code.capacity()
            + self.request_id.capacity()
            + json_bytes(&self.params)
    }
}

/// Cuts `text` to at most `max` bytes, on a character boundary.
fn truncate(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text.shrink_to_fit();
}

/// Approximate heap bytes of a JSON value (beyond the `Value` itself where it is inline).
pub fn json_bytes(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
        Value::String(s) => s.capacity(),
        Value::Array(items) => {
            items.capacity() * size_of::<Value>() + items.iter().map(json_bytes).sum::<usize>()
        }
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| ENTRY_OVERHEAD + k.capacity() + size_of::<Value>() + json_bytes(v))
            .sum(),
    }
}

/// The bounded log.
#[derive(Debug)]
pub struct CallLog {
    records: VecDeque<(CallRecord, usize)>,
    bytes: usize,
    max_bytes: usize,
    max_records: usize,
    next_seq: u64,
    dropped: u64,
}

/// What `GET /_emulator/calls` reports about the log besides the calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LogStats {
    /// Approximate heap bytes of the calls kept.
    pub bytes: usize,
    pub max_bytes: usize,
    pub max_records: usize,
    /// Calls dropped (oldest first) to stay within the bounds since start.
    pub dropped: u64,
}

impl CallLog {
    pub fn new(max_bytes: usize, max_records: usize) -> CallLog {
        CallLog {
            records: VecDeque::new(),
            bytes: 0,
            max_bytes,
            max_records,
            next_seq: 0,
            dropped: 0,
        }
    }

    /// Appends a call (bounded first), numbering it, and drops the oldest calls beyond the
    /// bounds.
    pub fn push(&mut self, record: CallRecord) {
        let mut record = record.bounded();
        self.next_seq += 1;
        record.seq = self.next_seq;
        let size = record.approx_bytes();
        self.bytes += size;
        self.records.push_back((record, size));
        while self.records.len() > self.max_records || self.bytes > self.max_bytes {
            match self.records.pop_front() {
                Some((_, size)) => {
                    self.bytes -= size;
                    self.dropped += 1;
                }
                None => break,
            }
        }
        if self.records.is_empty() {
            // A bound smaller than one record: keep nothing rather than grow.
            self.records.shrink_to_fit();
        }
    }

    /// Removes every call; returns how many there were.
    pub fn clear(&mut self) -> usize {
        let n = self.records.len();
        self.records = VecDeque::new();
        self.bytes = 0;
        n
    }

    pub fn iter(&self) -> impl Iterator<Item = &CallRecord> {
        self.records.iter().map(|(r, _)| r)
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn stats(&self) -> LogStats {
        LogStats {
            bytes: self.bytes,
            max_bytes: self.max_bytes,
            max_records: self.max_records,
            dropped: self.dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(authenticated: bool, params: Value) -> CallRecord {
        CallRecord {
            seq: 0,
            time: String::new(),
            time_ms: 0,
            cloud: Some(Cloud::Tencent),
            action: "A".repeat(1000),
            version: String::new(),
            region: "é".repeat(100),
            access_key_id: String::new(),
            authenticated,
            request_bytes: 0,
            params,
            http_status: 200,
            code: "Success".into(),
            request_id: "r".into(),
            injected: None,
        }
    }

    #[test]
    fn unauthenticated_calls_keep_no_parameters_and_texts_are_cut() {
        let r = record(false, json!({"a": "b"})).bounded();
        assert!(r.params.is_null());
        assert_eq!(r.action.len(), MAX_FIELD_BYTES);
        assert!(r.region.len() <= MAX_FIELD_BYTES && r.region.chars().all(|c| c == 'é'));
    }

    #[test]
    fn oversized_parameters_become_a_note() {
        let big: serde_json::Map<String, Value> = (0..5000)
            .map(|i| (format!("k{i}"), Value::from("v")))
            .collect();
        let r = record(true, Value::Object(big)).bounded();
        assert_eq!(r.params["count"], 5000);
        assert!(r.approx_bytes() < 2048);
        let small = record(true, json!({"a": "b"})).bounded();
        assert_eq!(small.params, json!({"a": "b"}));
    }

    #[test]
    fn bounded_by_bytes_and_count_oldest_first() {
        let one = record(true, json!({"a": "x".repeat(1000)}))
            .bounded()
            .approx_bytes();
        let mut log = CallLog::new(one * 5 + one / 2, 100);
        for _ in 0..12 {
            log.push(record(true, json!({"a": "x".repeat(1000)})));
        }
        assert_eq!(log.len(), 5);
        assert!(log.stats().bytes <= log.stats().max_bytes);
        assert_eq!(log.stats().dropped, 7);
        assert_eq!(log.iter().next().map(|r| r.seq), Some(8));
        let mut by_count = CallLog::new(usize::MAX, 3);
        for _ in 0..5 {
            by_count.push(record(true, Value::Null));
        }
        assert_eq!(by_count.len(), 3);
        assert_eq!(by_count.clear(), 3);
        assert!(by_count.is_empty());
        by_count.push(record(true, Value::Null));
        assert_eq!(by_count.iter().next().map(|r| r.seq), Some(6));
    }
}
