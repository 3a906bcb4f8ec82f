//! Client tokens (`ClientToken`) of the write APIs that document one (Alibaba
//! Associate/UnassociateEipAddress, ESS Attach/DetachInstances, Volcengine
//! Associate/DisassociateHaVip).
//!
//! - the same token with the same parameters gets the first call's answer again, without
//!   doing anything;
//! - the same token with other parameters is refused with `IdempotentParameterMismatch`;
//! - the same token while the first call's asynchronous work is still under way is refused
//!   with `IdempotentProcessing` (HTTP 412 on Volcengine, 400 on Alibaba).
//!
//! Only successful answers are remembered, so a call that failed can be retried with its
//! token. Tokens are scoped by cloud, access key and action. A token is forgotten once a
//! later successful write changes the same thing (the same EIP, the same scaling group, the
//! same HaVip member): a client that derives its tokens deterministically (tether does, per
//! association) can then re-create an association after deleting it, while a retry of a
//! call whose answer was lost still gets that answer.
//!
//! Each of these writes first checks its token's syntax ([`check_token_syntax`]), refusing
//! a malformed one with its own service's error.

use serde::{Deserialize, Serialize};

use crate::answer::Failure;

/// At most this many tokens are remembered (oldest dropped first).
pub const MAX_ENTRIES: usize = 10_000;
/// The documented maximum length of a client token (ASCII characters).
pub const MAX_TOKEN_LEN: usize = 64;

/// One remembered token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencyEntry {
    /// `cloud:access_key:action:token`.
    pub key: String,
    /// What the call changed (see [`resource_key`]).
    #[serde(default)]
    pub resource: String,
    /// The call's parameters (token excluded), canonicalised.
    pub fingerprint: String,
    /// When the asynchronous work the call started is finished.
    pub settle_at_ms: u64,
    /// HTTP status of the stored answer.
    pub http_status: u16,
    /// The stored answer body.
    pub body: serde_json::Value,
}

/// What a token lookup decided.
#[derive(Debug, PartialEq)]
pub enum TokenCheck {
    /// Unknown token: run the call.
    Fresh,
    /// Same token, same parameters, finished: answer this again.
    Replay {
        http_status: u16,
        body: serde_json::Value,
    },
    /// Same token, same parameters, still under way.
    Processing,
    /// Same token, different parameters.
    Mismatch,
}

/// Whether a client token is well-formed (1..=64 printable ASCII characters).
pub fn token_is_valid(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= MAX_TOKEN_LEN
        && token.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
}

/// A write's check of its optional client token: `Ok` when the token is absent or
/// well-formed (see [`token_is_valid`]), else the service's own refusal `malformed`.
pub fn check_token_syntax(
    token: Option<&str>,
    malformed: impl FnOnce() -> Failure,
) -> Result<(), Failure> {
    match token {
        Some(t) if !token_is_valid(t) => Err(malformed()),
        _ => Ok(()),
    }
}

/// The canonical fingerprint of a parameter list: sorted `name=value` lines without the
/// token itself.
pub fn fingerprint(params: &[(String, String)]) -> String {
    let mut lines: Vec<String> = params
        .iter()
        .filter(|(k, _)| k != "ClientToken")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    lines.sort();
    lines.join("\n")
}

/// Looks a token up.
pub fn check(entries: &[IdempotencyEntry], key: &str, fp: &str, now_ms: u64) -> TokenCheck {
    match entries.iter().find(|e| e.key == key) {
        None => TokenCheck::Fresh,
        Some(e) if e.fingerprint != fp => TokenCheck::Mismatch,
        Some(e) if e.settle_at_ms > now_ms => TokenCheck::Processing,
        Some(e) => TokenCheck::Replay {
            http_status: e.http_status,
            body: e.body.clone(),
        },
    }
}

/// What a write changes, for forgetting tokens: the EIP, the scaling group or the HaVip
/// member its parameters name.
pub fn resource_key(action: &str, params: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    match action {
        "AssociateEipAddress" | "UnassociateEipAddress" => {
            Some(format!("alibaba-eip:{}", get("AllocationId")))
        }
        "AttachInstances" | "DetachInstances" => {
            Some(format!("ess-group:{}", get("ScalingGroupId")))
        }
        "AssociateHaVip" | "DisassociateHaVip" => {
            Some(format!("havip:{}:{}", get("HaVipId"), get("InstanceId")))
        }
        _ => None,
    }
}

/// Forgets the tokens of earlier writes to `resource`.
pub fn forget_resource(entries: &mut Vec<IdempotencyEntry>, resource: &str) {
    entries.retain(|e| e.resource != resource);
}

/// Forgets the tokens of earlier writes to `resource` (a [`resource_key`]) made with any
/// access key: an out-of-band change undid what they did.
pub fn forget_resource_for_any_key(entries: &mut Vec<IdempotencyEntry>, resource: &str) {
    let suffix = format!(":{resource}");
    entries.retain(|e| !e.resource.ends_with(&suffix));
}

/// Remembers a successful answer.
pub fn remember(entries: &mut Vec<IdempotencyEntry>, entry: IdempotencyEntry) {
    entries.retain(|e| e.key != entry.key);
    entries.push(entry);
    if entries.len() > MAX_ENTRIES {
        let excess = entries.len() - MAX_ENTRIES;
        entries.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_rules() {
        assert!(token_is_valid("123e4567-e89b-12d3-a456-426655440000"));
        assert!(!token_is_valid(&"x".repeat(65)));
        assert!(!token_is_valid("tökén"));
        assert!(!token_is_valid(""));
    }

    #[test]
    fn lookup_outcomes() {
        let params = vec![
            ("A".to_string(), "1".to_string()),
            ("ClientToken".to_string(), "t".to_string()),
        ];
        let fp = fingerprint(&params);
        assert_eq!(fp, "A=1");
        let mut entries = Vec::new();
        assert_eq!(check(&entries, "k", &fp, 0), TokenCheck::Fresh);
        remember(
            &mut entries,
            IdempotencyEntry {
                key: "k".into(),
                resource: "r".into(),
                fingerprint: fp.clone(),
                settle_at_ms: 100,
                http_status: 200,
                body: serde_json::json!({"RequestId": "r"}),
            },
        );
        assert_eq!(check(&entries, "k", &fp, 50), TokenCheck::Processing);
        assert_eq!(check(&entries, "k", "A=2", 50), TokenCheck::Mismatch);
        assert!(matches!(
            check(&entries, "k", &fp, 100),
            TokenCheck::Replay { .. }
        ));
        forget_resource(&mut entries, "r");
        assert_eq!(check(&entries, "k", &fp, 100), TokenCheck::Fresh);
        assert_eq!(
            resource_key(
                "DetachInstances",
                &[("ScalingGroupId".into(), "asg-1".into())]
            ),
            Some("ess-group:asg-1".into())
        );
    }
}
