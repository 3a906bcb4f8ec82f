//! Unit tests of the client's errors: display, classification, and what a failed write
//! may have done.

use super::*;

fn eip_status_error() -> CloudError {
    CloudError {
        cloud: Cloud::Alibaba,
        action: "AssociateEipAddress",
        code: "IncorrectEipStatus".into(),
        message: "Current elastic IP status does not support this operation".into(),
        http_status: 400,
        request_id: Some("0ED8D006-F706-4D23-88ED-E11ED28DCAC0".into()),
        attempts: 1,
        earlier_outcome_unknown: false,
    }
}

#[test]
fn a_refusal_or_an_unsent_request_rules_a_write_out_unless_an_outcome_was_unknown() {
    let refused = ClientError::from(eip_status_error());
    assert!(
        !refused.write_may_have_landed(),
        "refused on the only attempt"
    );
    let after_unknown = ClientError::from(CloudError {
        earlier_outcome_unknown: true,
        ..eip_status_error()
    });
    assert!(
        after_unknown.write_may_have_landed(),
        "may answer a retry of an attempt that landed"
    );
    let throttled_before = ClientError::from(CloudError {
        attempts: 3,
        ..eip_status_error()
    });
    assert!(
        !throttled_before.write_may_have_landed(),
        "retries after refusals that did not run leave the refusal this call's own"
    );
    let busy = ClientError::from(CloudError {
        code: "ServiceUnavailable".into(),
        http_status: 503,
        ..eip_status_error()
    });
    assert!(
        busy.write_may_have_landed(),
        "a transient answer leaves the outcome open"
    );
    assert!(
        !ClientError::Config("no region".into()).write_may_have_landed(),
        "never sent"
    );
    assert!(ClientError::Cancelled {
        operation: "binding".into()
    }
    .write_may_have_landed());
}

#[test]
fn cloud_error_display_format() {
    let e = ClientError::from(eip_status_error());
    assert_eq!(
        e.to_string(),
        "alibaba AssociateEipAddress failed: IncorrectEipStatus: Current elastic IP \
         status does not support this operation (request id \
         0ED8D006-F706-4D23-88ED-E11ED28DCAC0)"
    );
    assert_eq!(e.code(), Some("IncorrectEipStatus"));
    assert_eq!(e.http_status(), Some(400));
    assert!(!e.is_transient());
    let no_id = CloudError {
        request_id: None,
        attempts: 1,
        ..eip_status_error()
    };
    assert!(no_id.to_string().ends_with("this operation"));
}

#[test]
fn refused_actions_and_tencent_classes() {
    let refused = ClientError::from(CloudError {
        action: "AssociateGlobalAccelerationInstance",
        code: "InvalidAction.NotFound".into(),
        message: "Specified api is not found, please check your url and method.".into(),
        http_status: 404,
        ..eip_status_error()
    });
    assert!(refused.is_action_unavailable());
    assert!(!refused.is_transient());
    assert!(!ClientError::from(eip_status_error()).is_action_unavailable());
    let tencent = |action: &'static str, code: &str| {
        ClientError::from(CloudError {
            cloud: Cloud::Tencent,
            action,
            code: code.into(),
            message: String::new(),
            http_status: 200,
            request_id: None,
            attempts: 1,
            earlier_outcome_unknown: false,
        })
    };
    use tencent_vpc::AddressCodeClass::*;
    for code in [
        "UnsupportedOperation.AddressStatusNotPermit",
        "InvalidAddressIdStatus.NotPermit",
    ] {
        assert_eq!(
            tencent("AssociateAddress", code).tencent_address_class(),
            Some(AlreadyBound)
        );
        assert_eq!(
            tencent("DisassociateAddress", code).tencent_address_class(),
            Some(NotBound)
        );
    }
    assert_eq!(
        tencent("AssociateAddress", "OperationDenied.MutexTaskRunning").tencent_address_class(),
        Some(Busy)
    );
    assert!(tencent("AssociateAddress", "OperationDenied.MutexTaskRunning").is_transient());
    assert!(tencent("DescribeTaskResult", "InternalServerError").is_transient());
    assert!(!tencent("AssociateAddress", "InvalidAction.NotFound").is_action_unavailable());
    assert_eq!(
        ClientError::from(eip_status_error()).tencent_address_class(),
        None
    );
}

#[test]
fn timeout_names_action_duration_and_cause() {
    let e = ClientError::Timeout {
        cloud: Cloud::Tencent,
        action: "AssociateAddress",
        waited: Duration::from_millis(2500),
        attempts: 3,
        last_error: Some(Box::new(ClientError::from(CloudError {
            cloud: Cloud::Tencent,
            action: "AssociateAddress",
            code: "RequestLimitExceeded".into(),
            message: "too fast".into(),
            http_status: 200,
            request_id: Some("r-1".into()),
            attempts: 1,
            earlier_outcome_unknown: false,
        }))),
    };
    assert_eq!(
        e.to_string(),
        "tencent AssociateAddress failed: deadline exceeded after 2.5s (3 attempts); \
         last error: tencent AssociateAddress failed: RequestLimitExceeded: too fast \
         (request id r-1)"
    );
    assert!(e.is_timeout());
    assert!(!e.is_transient());
    assert_eq!(e.code(), None);
}

#[test]
fn another_reader_gets_the_same_error() {
    let err = ClientError::Timeout {
        cloud: Cloud::Alibaba,
        action: "DescribeEipAddresses",
        waited: Duration::from_millis(1500),
        attempts: 3,
        last_error: Some(Box::new(ClientError::from(eip_status_error()))),
    };
    let copy = err.for_another_reader();
    assert_eq!(copy.to_string(), err.to_string());
    let ClientError::Timeout { last_error, .. } = &copy else {
        panic!("{copy:?}")
    };
    let inner = last_error.as_deref().unwrap();
    assert_eq!(inner.code(), Some("IncorrectEipStatus"));
    assert_eq!(
        inner.request_id(),
        Some("0ED8D006-F706-4D23-88ED-E11ED28DCAC0")
    );
}

#[test]
fn waiter_errors_display() {
    let failed = ClientError::ActivityFailed {
        activity_id: "asa-1".into(),
        status_code: "Failed".into(),
        status_message: "instance i-1 is not running".into(),
        error_code: "IncorrectInstanceStatus".into(),
        error_message: String::new(),
    };
    assert_eq!(
        failed.to_string(),
        "alibaba scaling activity asa-1 ended Failed: IncorrectInstanceStatus: instance \
         i-1 is not running"
    );
    assert_eq!(failed.code(), Some("IncorrectInstanceStatus"));
    let task = ClientError::TaskFailed {
        task_id: 42,
        request_id: Some("r".into()),
    };
    assert_eq!(
        task.to_string(),
        "tencent task 42 failed (DescribeTaskResult answered FAILED, request id r)"
    );
    let wait = ClientError::WaitTimeout {
        what: "waiting for EIP eip-1 to be InUse".into(),
        waited: Duration::from_secs(3),
        polls: 4,
        last_state: Some("Associating".into()),
    };
    assert_eq!(
        wait.to_string(),
        "timed out after 3.0s waiting for EIP eip-1 to be InUse (4 polls, last state: \
         Associating)"
    );
}
