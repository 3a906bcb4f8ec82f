//! Documented errors of Tencent Cloud VPC (2017-03-12) AssociateAddress (its API reference's
//! error table) and the API 3.0 error-code lists of the four EIP APIs (AssociateAddress,
//! DisassociateAddress, DescribeAddresses, DescribeTaskResult; tencentcloud-sdk-go
//! `vpc/v20170312`).
//! API 3.0 answers errors with HTTP 200 and `Response.Error`.
//!
//! The cloud answers some situations with either of two codes, an older one (in the first API
//! 3.0 reference of AssociateAddress) and the current one (the SDKs' lists); both occur live:
//!
//! | situation | current code | older code |
//! |---|---|---|
//! | the EIP's status does not allow the operation (bound, busy, or not bound for an unbind) | `UnsupportedOperation.AddressStatusNotPermit` | `InvalidAddressIdStatus.NotPermit` |
//! | the EIP is in arrears | `OperationDenied.AddressInArrears` | `InvalidAddressIdState.InArrears` |
//!
//! [`classify`] sorts every code of the lists that matters to a binding into
//! [`AddressCodeClass`]es, both generations alike.

use super::{tc, ApiError};

pub const INVALID_ADDRESS_ID_NOT_FOUND: ApiError = tc(
    "InvalidAddressId.NotFound",
    "The specified EIP does not exist.",
);
pub const INVALID_ADDRESS_ID_BLOCKED: ApiError = tc(
    "InvalidAddressId.Blocked",
    "The specified EIP is blocked and cannot be bound until it is unblocked.",
);
pub const INVALID_ADDRESS_ID_STATE_IN_ARREARS: ApiError = tc(
    "InvalidAddressIdState.InArrears",
    "The specified EIP is in arrears.",
);
pub const INVALID_ADDRESS_ID_STATUS_NOT_PERMIT: ApiError = tc(
    "InvalidAddressIdStatus.NotPermit",
    "The EIP cannot be bound in its current status; only an EIP in status UNBIND can be bound.",
);
pub const INVALID_INSTANCE_ID_NOT_FOUND: ApiError = tc(
    "InvalidInstanceId.NotFound",
    "The specified instance ID does not exist.",
);
pub const INVALID_INSTANCE_ID_ALREADY_BIND_EIP: ApiError = tc(
    "InvalidInstanceId.AlreadyBindEip",
    "The specified instance is already bound to an EIP; unbind it first.",
);
pub const INVALID_INSTANCE_NOT_SUPPORTED: ApiError = tc(
    "InvalidInstance.NotSupported",
    "The instance cannot be bound to an EIP in its current state.",
);
pub const INVALID_NETWORK_INTERFACE_ID_NOT_FOUND: ApiError = tc(
    "InvalidNetworkInterfaceId.NotFound",
    "The specified NetworkInterfaceId does not exist, or the PrivateIpAddress is not on it.",
);
pub const INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP: ApiError = tc(
    "InvalidPrivateIpAddress.AlreadyBindEip",
    "The private IP of the network interface is already bound to an EIP.",
);
pub const INVALID_PARAMETER_CONFLICT: ApiError = tc(
    "InvalidParameterConflict",
    "The two parameters conflict: an EIP binds either to an instance or to a private IP of a network interface.",
);
pub const MISSING_PARAMETER: ApiError = tc(
    "MissingParameter",
    "NetworkInterfaceId and PrivateIpAddress must be given together.",
);
pub const MISSING_RESOURCE_ID: ApiError = tc(
    "MissingResourceId",
    "Either InstanceId, or NetworkInterfaceId with PrivateIpAddress, must be given.",
);
/// Common parameter error of API 3.0.
pub const INVALID_PARAMETER_VALUE: ApiError =
    tc("InvalidParameterValue", "The parameter value is invalid.");

/// Current code for an EIP whose status does not allow the operation (AssociateAddress:
/// not `UNBIND`; DisassociateAddress: not `BIND`/`BIND_ENI`).
pub const UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT: ApiError = tc(
    "UnsupportedOperation.AddressStatusNotPermit",
    "The EIP status does not permit this operation.",
);
/// Current code for an EIP in arrears.
pub const OPERATION_DENIED_ADDRESS_IN_ARREARS: ApiError = tc(
    "OperationDenied.AddressInArrears",
    "The EIP is in arrears; the operation is not allowed.",
);
/// Another task holds the EIP (transient).
pub const OPERATION_DENIED_MUTEX_TASK_RUNNING: ApiError = tc(
    "OperationDenied.MutexTaskRunning",
    "Mutex task is running, please try later.",
);
/// The same, as some regions spell it (tencentcloud terraform issue #233; transient).
pub const DES_OPERATION_MUTEX_TASK_RUNNING: ApiError = tc(
    "DesOperation.MutexTaskRunning",
    "Mutex task is running, please try later.",
);
pub const INVALID_PARAMETER_VALUE_ADDRESS_NOT_FOUND: ApiError = tc(
    "InvalidParameterValue.AddressNotFound",
    "The EIP does not exist.",
);
pub const INVALID_PARAMETER_VALUE_NETWORK_INTERFACE_NOT_FOUND: ApiError = tc(
    "InvalidParameterValue.NetworkInterfaceNotFound",
    "The network interface does not exist.",
);
pub const INVALID_PARAMETER_VALUE_LB_ALREADY_BIND_EIP: ApiError = tc(
    "InvalidParameterValue.LBAlreadyBindEip",
    "The load balancer is already bound to an EIP.",
);
pub const INVALID_PARAMETER_VALUE_INSTANCE_NORMAL_PUBLIC_IP_BLOCKED: ApiError = tc(
    "InvalidParameterValue.InstanceNormalPublicIpBlocked",
    "The instance's normal public IP is blocked.",
);
pub const FAILED_OPERATION_TASK_FAILED: ApiError =
    tc("FailedOperation.TaskFailed", "The task failed.");
/// DescribeTaskResult's internal error (transient).
pub const INTERNAL_SERVER_ERROR: ApiError = tc(
    "InternalServerError",
    "An internal error occurred; please retry.",
);

/// Both codes of an EIP whose status does not allow the operation, current first: pass
/// them to `CallContext::retry_also` while a transition of the EIP is under way.
pub const ADDRESS_STATUS_NOT_PERMIT_CODES: &[&str] = &[
    UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT.code,
    INVALID_ADDRESS_ID_STATUS_NOT_PERMIT.code,
];

/// What an EIP API error means for a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressCodeClass {
    /// AssociateAddress: the EIP, the instance, the private IP or the load balancer is
    /// already bound (or the EIP is mid-transition): the binding may already be ours.
    AlreadyBound,
    /// DisassociateAddress: the EIP is not bound (already unbound, or mid-transition).
    NotBound,
    /// The EIP, the instance or the network interface does not exist.
    NotFound,
    /// Another task holds the EIP; retrying later succeeds (the client retries these).
    Busy,
    /// The EIP (or the instance's public IP) is in arrears or blocked: nothing tether
    /// can change.
    ArrearsOrBlocked,
}

/// Classifies an error `code` of `action` (`AssociateAddress`, `DisassociateAddress`,
/// `DescribeAddresses`, `DescribeTaskResult`); `None` for codes outside the classes.
pub fn classify(action: &str, code: &str) -> Option<AddressCodeClass> {
    use AddressCodeClass::*;
    if code == OPERATION_DENIED_MUTEX_TASK_RUNNING.code
        || code == DES_OPERATION_MUTEX_TASK_RUNNING.code
        || code == INTERNAL_SERVER_ERROR.code
    {
        return Some(Busy);
    }
    if [
        INVALID_ADDRESS_ID_BLOCKED.code,
        INVALID_ADDRESS_ID_STATE_IN_ARREARS.code,
        OPERATION_DENIED_ADDRESS_IN_ARREARS.code,
        INVALID_PARAMETER_VALUE_INSTANCE_NORMAL_PUBLIC_IP_BLOCKED.code,
    ]
    .contains(&code)
    {
        return Some(ArrearsOrBlocked);
    }
    if [
        INVALID_ADDRESS_ID_NOT_FOUND.code,
        INVALID_PARAMETER_VALUE_ADDRESS_NOT_FOUND.code,
        INVALID_INSTANCE_ID_NOT_FOUND.code,
        INVALID_NETWORK_INTERFACE_ID_NOT_FOUND.code,
        INVALID_PARAMETER_VALUE_NETWORK_INTERFACE_NOT_FOUND.code,
    ]
    .contains(&code)
    {
        return Some(NotFound);
    }
    let status = ADDRESS_STATUS_NOT_PERMIT_CODES.contains(&code);
    match action {
        "AssociateAddress"
            if status
                || code == INVALID_INSTANCE_ID_ALREADY_BIND_EIP.code
                || code == INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP.code
                || code == INVALID_PARAMETER_VALUE_LB_ALREADY_BIND_EIP.code =>
        {
            Some(AlreadyBound)
        }
        "DisassociateAddress" if status => Some(NotBound),
        _ => None,
    }
}

/// Every documented error of AssociateAddress (its API reference's error table).
pub const ASSOCIATE_ADDRESS: &[ApiError] = &[
    INVALID_ADDRESS_ID_NOT_FOUND,
    INVALID_ADDRESS_ID_BLOCKED,
    INVALID_ADDRESS_ID_STATE_IN_ARREARS,
    INVALID_ADDRESS_ID_STATUS_NOT_PERMIT,
    INVALID_INSTANCE_ID_NOT_FOUND,
    INVALID_INSTANCE_ID_ALREADY_BIND_EIP,
    INVALID_INSTANCE_NOT_SUPPORTED,
    INVALID_NETWORK_INTERFACE_ID_NOT_FOUND,
    INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP,
    INVALID_PARAMETER_CONFLICT,
    MISSING_PARAMETER,
    MISSING_RESOURCE_ID,
];
