//! Waiters (Tencent task, ESS scaling activity, EIP status, the generic poll loop) and
//! pagination against a local scripted endpoint.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use tether_client::{
    poll_until, ActivityOutcome, CallContext, CancellationToken, ClientError, Cloud, PollStep,
};
use tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest;
use tether_wire::api::tencent_vpc::{DescribeAddressesRequest, DisassociateAddressRequest};
use tether_wire::api::Paginated;

const POLL: Duration = Duration::from_millis(5);

fn task_server_script(final_result: &'static str) -> impl Fn(&Recorded, usize) -> (u16, String) {
    move |r, _| match r.action.as_str() {
        "DisassociateAddress" => tencent_ok(json!({"TaskId": "4711"})),
        "DescribeTaskResult" => {
            let body = r.json_body();
            assert_eq!(
                body,
                json!({"TaskId": 4711}),
                "TaskId is sent as an integer"
            );
            // RUNNING twice, then the final result.
            let polls = POLLS.fetch_add(1, Ordering::SeqCst) + 1;
            let result = if polls <= 2 { "RUNNING" } else { final_result };
            tencent_ok(json!({"TaskId": 4711, "Result": result}))
        }
        other => panic!("unexpected {other}"),
    }
}

static POLLS: AtomicU32 = AtomicU32::new(0);

#[tokio::test]
async fn tencent_task_running_then_success_and_running_then_failed() {
    // Both cases in one test: they share the POLLS counter.
    for (final_result, ok) in [("SUCCESS", true), ("FAILED", false)] {
        POLLS.store(0, Ordering::SeqCst);
        let server = MockCloud::start(Cloud::Tencent, task_server_script(final_result)).await;
        let client = server.client(8);
        let ctx = CallContext::new().with_timeout(Duration::from_secs(10));
        let write = client
            .call(
                &DisassociateAddressRequest {
                    address_id: "eip-1".into(),
                    ..Default::default()
                },
                &ctx,
            )
            .await
            .unwrap();
        assert_eq!(write.task_id, "4711");
        let waited = client.wait_tencent_task(&write.task_id, POLL, &ctx).await;
        assert_eq!(server.count_of("DescribeTaskResult"), 3);
        if ok {
            let resp = waited.unwrap();
            assert!(resp.is_success());
            assert_eq!(resp.task_id, 4711);
        } else {
            let err = waited.unwrap_err();
            let ClientError::TaskFailed {
                task_id,
                request_id,
            } = &err
            else {
                panic!("{err:?}")
            };
            assert_eq!(*task_id, 4711);
            assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
            assert!(err.to_string().contains("task 4711"), "{err}");
        }
    }
}

#[tokio::test]
async fn tencent_task_id_must_be_numeric() {
    let server = MockCloud::start(Cloud::Tencent, |_, _| tencent_ok(json!({}))).await;
    let err = server
        .client(0)
        .wait_tencent_task("not-a-number", POLL, &CallContext::new())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::WaitFailed { .. }), "{err:?}");
    assert_eq!(server.count(), 0);
}

/// An ESS endpoint whose activity `asa-1` is InProgress for two polls, then `final_status`.
async fn activity_server(final_status: &'static str) -> MockCloud {
    MockCloud::start(Cloud::Alibaba, move |r, n| {
        assert_eq!(r.action, "DescribeScalingActivities");
        assert_eq!(r.param("ScalingActivityId.1"), Some("asa-1"));
        assert_eq!(r.param("RegionId"), Some("cn-hangzhou"));
        let (status, message, code) = if n <= 2 {
            ("InProgress", "", "")
        } else {
            match final_status {
                "Successful" => (
                    "Successful",
                    "\"Add\" \"2\" ECS instance(s) successfully.",
                    "",
                ),
                "Warning" => (
                    "Warning",
                    "1 of 2 instances were ignored: i-2 is not running.",
                    "",
                ),
                "Failed" => (
                    "Failed",
                    "Instance i-2 is not running.",
                    "IncorrectInstanceStatus",
                ),
                "Rejected" => (
                    "Rejected",
                    "The scaling group is not active.",
                    "IncorrectScalingGroupStatus",
                ),
                _ => ("InProgress", "", ""),
            }
        };
        alibaba_ok(json!({
            "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "ScalingActivities": {"ScalingActivity": [{
                "ScalingActivityId": "asa-1",
                "ScalingGroupId": "asg-1",
                "StatusCode": status,
                "StatusMessage": message,
                "Progress": if status == "InProgress" { 50 } else { 100 },
                "ErrorCode": code,
            }]}
        }))
    })
    .await
}

#[tokio::test]
async fn ess_activity_in_progress_then_successful() {
    let server = activity_server("Successful").await;
    let outcome = server
        .client(8)
        .wait_scaling_activity(
            "asa-1",
            POLL,
            &CallContext::new().with_timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, ActivityOutcome::Successful(_)),
        "{outcome:?}"
    );
    assert_eq!(outcome.activity().progress, 100);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn ess_activity_in_progress_then_warning() {
    let server = activity_server("Warning").await;
    let outcome = server
        .client(8)
        .wait_scaling_activity(
            "asa-1",
            POLL,
            &CallContext::new().with_timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let ActivityOutcome::Warning {
        status_message,
        activity,
    } = &outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        status_message,
        "1 of 2 instances were ignored: i-2 is not running."
    );
    assert_eq!(activity.status_code, "Warning");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn ess_activity_in_progress_then_failed_or_rejected() {
    for (status, code, message) in [
        (
            "Failed",
            "IncorrectInstanceStatus",
            "Instance i-2 is not running.",
        ),
        (
            "Rejected",
            "IncorrectScalingGroupStatus",
            "The scaling group is not active.",
        ),
    ] {
        let server = activity_server(status).await;
        let err = server
            .client(8)
            .wait_scaling_activity(
                "asa-1",
                POLL,
                &CallContext::new().with_timeout(Duration::from_secs(10)),
            )
            .await
            .unwrap_err();
        let ClientError::ActivityFailed {
            activity_id,
            status_code,
            status_message,
            error_code,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(activity_id, "asa-1");
        assert_eq!(status_code, status);
        assert_eq!(status_message, message);
        assert_eq!(error_code, code);
        assert_eq!(err.code(), Some(code));
        assert_eq!(
            err.to_string(),
            format!("alibaba scaling activity asa-1 ended {status}: {code}: {message}")
        );
        assert_eq!(server.count(), 3);
    }
}

#[tokio::test]
async fn ess_activity_wait_times_out() {
    let server = activity_server("never").await;
    let limit = Duration::from_millis(500);
    let err = server
        .client(8)
        .wait_scaling_activity(
            "asa-1",
            Duration::from_millis(40),
            &CallContext::new().with_timeout(limit),
        )
        .await
        .unwrap_err();
    let ClientError::WaitTimeout {
        what,
        waited,
        polls,
        last_state,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(what, "waiting for scaling activity asa-1");
    assert!(*waited <= limit + Duration::from_millis(500), "{waited:?}");
    // The last poll may have been cut by the deadline before reaching the server.
    let seen = server.count() as u32;
    assert!(
        *polls == seen || *polls == seen + 1,
        "{polls} polls, {seen} requests"
    );
    assert_eq!(last_state.as_deref(), Some("InProgress (50%)"));
    assert!(err.to_string().starts_with("timed out after "), "{err}");
    assert!(err.is_timeout());
}

#[tokio::test]
async fn eip_status_associating_then_in_use() {
    let server = MockCloud::start(Cloud::Alibaba, |r, n| {
        assert_eq!(r.param("AllocationId"), Some("eip-1"));
        let status = if n <= 2 { "Associating" } else { "InUse" };
        eip_page(&[("eip-1", status)], 1, 1, 10)
    })
    .await;
    let eip = server
        .client(8)
        .wait_eip_status(
            "eip-1",
            &["InUse"],
            POLL,
            &CallContext::new().with_timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    assert_eq!(eip.status, "InUse");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn eip_status_of_a_missing_eip_fails() {
    let server = MockCloud::start(Cloud::Alibaba, |_, _| eip_page(&[], 0, 1, 10)).await;
    let err = server
        .client(8)
        .wait_eip_status("eip-9", &["Available"], POLL, &CallContext::new())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::WaitFailed { .. }), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn poll_until_stops_when_cancelled() {
    let cancel = CancellationToken::new();
    let polls = Arc::new(AtomicU32::new(0));
    let counter = polls.clone();
    let trigger = cancel.clone();
    let err = poll_until::<(), _, _>(
        "waiting for nothing",
        Duration::from_secs(60),
        None,
        &cancel,
        move || {
            let counter = counter.clone();
            let trigger = trigger.clone();
            async move {
                // Cancel from inside the first poll: the 60 s sleep must not happen.
                if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                    trigger.cancel();
                }
                Ok(PollStep::Pending {
                    state: "idle".into(),
                })
            }
        },
    )
    .await
    .unwrap_err();
    assert!(err.is_cancelled());
    assert_eq!(err.to_string(), "waiting for nothing cancelled");
    assert_eq!(polls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_poll_cut_by_the_wait_deadline_reports_the_wait() {
    let cancel = CancellationToken::new();
    let deadline = std::time::Instant::now();
    let err = poll_until::<(), _, _>(
        "waiting for EIP eip-1 to be InUse",
        POLL,
        Some(deadline),
        &cancel,
        || async {
            Err(ClientError::Timeout {
                cloud: Cloud::Alibaba,
                action: "DescribeEipAddresses",
                waited: Duration::from_millis(1),
                attempts: 1,
                last_error: None,
            })
        },
    )
    .await
    .unwrap_err();
    let ClientError::WaitTimeout { what, polls, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(what, "waiting for EIP eip-1 to be InUse");
    assert_eq!(*polls, 1);
}

#[tokio::test]
async fn poll_until_returns_the_first_done_value() {
    let cancel = CancellationToken::new();
    let polls = AtomicU32::new(0);
    let value = poll_until(
        "waiting for three",
        Duration::from_millis(1),
        None,
        &cancel,
        || {
            let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                Ok(if n == 3 {
                    PollStep::Done(n)
                } else {
                    PollStep::Pending {
                        state: n.to_string(),
                    }
                })
            }
        },
    )
    .await
    .unwrap();
    assert_eq!(value, 3);
}

#[tokio::test]
async fn collect_all_follows_alibaba_page_numbers() {
    const TOTAL: usize = 25;
    let server = MockCloud::start(Cloud::Alibaba, |r, _| {
        let page: usize = r.param("PageNumber").unwrap_or("1").parse().unwrap();
        let size: usize = r.param("PageSize").unwrap_or("10").parse().unwrap();
        let ids: Vec<String> = (1..=TOTAL)
            .skip((page - 1) * size)
            .take(size)
            .map(|i| format!("eip-{i}"))
            .collect();
        let items: Vec<(&str, &str)> = ids.iter().map(|i| (i.as_str(), "InUse")).collect();
        eip_page(&items, TOTAL, page as u32, size as u32)
    })
    .await;
    let client = server.client(0);
    let req = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    };
    let all = client
        .collect_all(req.clone(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(all.len(), TOTAL);
    assert_eq!(all[24].allocation_id, "eip-25");
    assert_eq!(server.count(), 3);
    // With the largest page, one call.
    let all = client
        .collect_all(req.with_max_page_size(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(all.len(), TOTAL);
    assert_eq!(server.count(), 4);
    assert_eq!(server.requests()[3].param("PageSize"), Some("100"));
}

#[tokio::test]
async fn collect_all_follows_tencent_offsets() {
    const TOTAL: usize = 45;
    let server = MockCloud::start(Cloud::Tencent, |r, _| {
        let body = r.json_body();
        let offset = body["Offset"].as_u64().unwrap_or(0) as usize;
        let limit = body["Limit"].as_u64().unwrap_or(20) as usize;
        let set: Vec<_> = (offset..TOTAL.min(offset + limit))
            .map(|i| json!({"AddressId": format!("eip-{i}"), "AddressStatus": "BIND"}))
            .collect();
        tencent_ok(json!({"TotalCount": TOTAL, "AddressSet": set}))
    })
    .await;
    let all = server
        .client(0)
        .collect_all(DescribeAddressesRequest::default(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(all.len(), TOTAL);
    assert_eq!(all[44].address_id, "eip-44");
    assert_eq!(server.count(), 3);
}
