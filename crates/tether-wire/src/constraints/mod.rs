//! Every documented constraint of the APIs tether uses, declared once as data.
//!
//! The provider's plan-time checks, the plan-wide policy check and the emulator all read
//! these declarations, so a rule and the error code it prevents cannot drift apart. Error
//! codes, HTTP statuses and messages are the ones the clouds' API reference pages document.
//!
//! | module | what it declares |
//! |---|---|
//! | [`alibaba_vpc`], [`alibaba_ess`], [`volcengine_vpc`], [`tencent_vpc`] | the documented errors of each API family |
//! | [`auth`] | how each cloud refuses credentials and signatures |
//! | [`eip_association`], [`havip_attachment`], [`ga_backend`], [`ess_attachment`] | the rules of each resource; the status words and limits they use are the API modules' ([`crate::api`]) |

use crate::cloud::Cloud;

pub mod alibaba_ess;
pub mod alibaba_vpc;
pub mod auth;
pub mod eip_association;
pub mod ess_attachment;
pub mod ga_backend;
pub mod havip_attachment;
pub mod tencent_vpc;
pub mod volcengine_vpc;

/// A documented error answer of a cloud API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub cloud: Cloud,
    pub code: &'static str,
    /// The HTTP status the cloud answers with (Tencent API 3.0 answers errors with 200).
    pub http_status: u16,
    pub message: &'static str,
}

const fn ali(code: &'static str, http_status: u16, message: &'static str) -> ApiError {
    ApiError {
        cloud: Cloud::Alibaba,
        code,
        http_status,
        message,
    }
}
const fn tc(code: &'static str, message: &'static str) -> ApiError {
    ApiError {
        cloud: Cloud::Tencent,
        code,
        http_status: 200,
        message,
    }
}
const fn volc(code: &'static str, http_status: u16, message: &'static str) -> ApiError {
    ApiError {
        cloud: Cloud::Volcengine,
        code,
        http_status,
        message,
    }
}

/// A string attribute limited to documented values.
#[derive(Clone, Copy, Debug)]
pub struct AllowedValues {
    pub values: &'static [&'static str],
    /// The value the API assumes when the parameter is omitted.
    pub default: Option<&'static str>,
    pub error: ApiError,
}

impl AllowedValues {
    pub fn allows(&self, value: &str) -> bool {
        self.values.contains(&value)
    }
}

/// How many items a list parameter (or a membership) may hold.
#[derive(Clone, Copy, Debug)]
pub struct CountLimit {
    pub min: usize,
    pub max: usize,
    pub error: ApiError,
}

impl CountLimit {
    pub fn allows(&self, count: usize) -> bool {
        (self.min..=self.max).contains(&count)
    }
}

/// An integer parameter's documented range.
#[derive(Clone, Copy, Debug)]
pub struct IntRange {
    pub min: i64,
    pub max: i64,
    pub default: Option<i64>,
    pub error: ApiError,
}

impl IntRange {
    pub fn allows(&self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_hold_each_seed_code() {
        let codes: Vec<&str> = alibaba_ess::ATTACH_INSTANCES
            .iter()
            .map(|e| e.code)
            .collect();
        assert!(codes.contains(&"IncorrectCapacity.MaxSize"));
        assert_eq!(alibaba_vpc::ASSOCIATE_EIP_ADDRESS.len(), 16);
        assert_eq!(alibaba_vpc::ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE.len(), 9);
        assert_eq!(volcengine_vpc::ASSOCIATE_HAVIP.len(), 18);
        assert_eq!(tencent_vpc::ASSOCIATE_ADDRESS.len(), 12);
        assert_eq!(alibaba_ess::ATTACH_INSTANCES.len(), 19);
        assert!(tencent_vpc::ASSOCIATE_ADDRESS
            .iter()
            .all(|e| e.http_status == 200));
    }

    #[test]
    fn tencent_codes_of_both_generations_classify_alike() {
        use tencent_vpc::{classify, AddressCodeClass::*};
        for code in [
            "UnsupportedOperation.AddressStatusNotPermit",
            "InvalidAddressIdStatus.NotPermit",
            "InvalidInstanceId.AlreadyBindEip",
            "InvalidPrivateIpAddress.AlreadyBindEip",
            "InvalidParameterValue.LBAlreadyBindEip",
        ] {
            assert_eq!(
                classify("AssociateAddress", code),
                Some(AlreadyBound),
                "{code}"
            );
        }
        for code in [
            "UnsupportedOperation.AddressStatusNotPermit",
            "InvalidAddressIdStatus.NotPermit",
        ] {
            assert_eq!(
                classify("DisassociateAddress", code),
                Some(NotBound),
                "{code}"
            );
        }
        for action in ["AssociateAddress", "DisassociateAddress"] {
            for code in [
                "InvalidAddressId.NotFound",
                "InvalidParameterValue.AddressNotFound",
            ] {
                assert_eq!(classify(action, code), Some(NotFound), "{action} {code}");
            }
            for code in [
                "OperationDenied.MutexTaskRunning",
                "DesOperation.MutexTaskRunning",
            ] {
                assert_eq!(classify(action, code), Some(Busy), "{action} {code}");
            }
            for code in [
                "InvalidAddressId.Blocked",
                "OperationDenied.AddressInArrears",
                "InvalidAddressIdState.InArrears",
            ] {
                assert_eq!(
                    classify(action, code),
                    Some(ArrearsOrBlocked),
                    "{action} {code}"
                );
            }
        }
        assert_eq!(
            classify("DescribeTaskResult", "InternalServerError"),
            Some(Busy)
        );
        assert_eq!(
            classify("AssociateAddress", "InvalidParameterConflict"),
            None
        );
        assert_eq!(
            classify("DescribeAddresses", "InvalidAddressIdStatus.NotPermit"),
            None
        );
    }

    #[test]
    fn an_unserved_action_is_recognised() {
        assert!(alibaba_vpc::is_action_unavailable("InvalidAction.NotFound"));
        assert!(alibaba_vpc::is_action_unavailable("InvalidApi.NotFound"));
        assert!(!alibaba_vpc::is_action_unavailable(
            "InvalidGlobalAccelerationInstanceId.NotFound"
        ));
        assert_eq!(alibaba_vpc::INVALID_ACTION_NOT_FOUND.http_status, 404);
        assert!(ga_backend::LEGACY_API_REFUSED_DETAIL.contains("InvalidAction.NotFound"));
    }

    #[test]
    fn limits_match_the_documents() {
        assert!(ess_attachment::INSTANCES_PER_CALL.allows(20));
        assert!(!ess_attachment::INSTANCES_PER_CALL.allows(21));
        assert!(!ess_attachment::INSTANCES_PER_CALL.allows(0));
        assert!(ess_attachment::LOAD_BALANCER_WEIGHT.allows(0));
        assert!(!ess_attachment::LOAD_BALANCER_WEIGHT.allows(101));
        assert!(havip_attachment::MEMBERS_PER_HAVIP.allows(10));
        assert!(!havip_attachment::MEMBERS_PER_HAVIP.allows(11));
        assert!(eip_association::ALIBABA_INSTANCE_TYPES.allows("HaVip"));
        assert!(!eip_association::ALIBABA_INSTANCE_TYPES.allows("ecsinstance"));
    }
}
