//! Every documented constraint of the APIs tether uses, declared once as data.
//!
//! The provider's plan-time checks, the plan-wide policy check and the emulator all read
//! these declarations, so a rule and the error code it prevents cannot drift apart. Error
//! codes, HTTP statuses and messages are the ones the clouds document (see `shared/seeds`).

use crate::cloud::Cloud;

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

/// Documented errors of Alibaba Cloud VPC (2016-04-28): EIP and global acceleration APIs.
pub mod alibaba_vpc {
    use super::{ali, ApiError};

    pub const INVALID_ASSOCIATION_DUPLICATED: ApiError = ali(
        "InvalidAssociation.Duplicated",
        400,
        "Specified instance already is associated.",
    );
    pub const OPERATION_DENIED_NOT_IN_VPC: ApiError =
        ali("OperationDenied", 400, "Specified instance is not in VPC.");
    pub const OPERATION_DENIED_DEFAULT_VPC: ApiError = ali(
        "OperationDenied",
        400,
        "Eip of default vpc not allow this operation",
    );
    pub const INVALID_PARAMETER_MISMATCH: ApiError = ali(
        "InvalidParameter.Mismatch",
        400,
        "Specified elastic IP address and ECS instance are not in the same region.",
    );
    pub const INCORRECT_EIP_STATUS: ApiError = ali(
        "IncorrectEipStatus",
        400,
        "Current elastic IP status does not support this operation",
    );
    pub const INVALID_INSTANCE_ID_NOT_FOUND: ApiError = ali(
        "InvalidInstanId.NotFound",
        404,
        "Specified instance does not exist.",
    );
    pub const INCORRECT_INSTANCE_STATUS: ApiError = ali(
        "IncorrectInstanceStatus",
        400,
        "Current instance status does not support this operation.",
    );
    pub const INVALID_INSTANCE_TYPE_VALUE_NOT_SUPPORTED: ApiError = ali(
        "InvalidInstanceType.ValueNotSupported",
        400,
        "The specified value of InstanceType is not supported.",
    );
    pub const INCORRECT_HAVIP_STATUS: ApiError = ali(
        "IncorrectHaVipStatus",
        400,
        "HaVip can be operated by this action only when it's status is Available or InUse.",
    );
    pub const INVALID_PARAMETER: ApiError = ali(
        "InvalidParameter",
        400,
        "The specified parameter is not valid.",
    );
    pub const FORBBIDEN: ApiError = ali("Forbbiden", 400, "The eip instance owener error");
    pub const INVALID_BINDING_STATUS: ApiError = ali(
        "InvalidBindingStatus",
        400,
        "The eip binding status invalid.",
    );
    pub const BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP: ApiError = ali(
        "BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP",
        400,
        "The instance may have portMap or already bind eip.",
    );
    pub const BIND_INSTANCE_OWENER_ERROR: ApiError =
        ali("BIND_INSTANCE_OWENER_ERROR", 400, "Cannot operate the eip.");
    pub const INVALID_ALLOCATION_ID_NOT_FOUND: ApiError = ali(
        "InvalidAllocationId.NotFound",
        404,
        "Specified allocation ID is not found",
    );
    pub const INVALID_PARAMS_NOT_FOUND: ApiError =
        ali("InvalidParams.NotFound", 400, "instance not found");

    pub const INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND: ApiError = ali(
        "InvalidGlobalAccelerationInstanceId.NotFound",
        404,
        "The specified GlobalAccelerationInstanceId is not found.",
    );
    pub const INVALID_BACKEND_SERVER_ID_NOT_FOUND: ApiError = ali(
        "InvalidBackendServerId.NotFound",
        404,
        "The specified BackendServerId is not found.",
    );
    pub const INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS: ApiError = ali(
        "IncorrectGlobalAccelerationInstanceIdStatus",
        400,
        "Current GlobalAccelerationInstance status does not support this operation.",
    );
    pub const INVALID_BACKEND_SERVER_ID_NOT_IN_VPC: ApiError = ali(
        "InvalidBackendServerId.NotInVPC",
        400,
        "The specified BackendServerId is not in VPC.",
    );
    pub const TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE: ApiError = ali(
        "TaskConflict.AssociateGlobalAccelerationInstance",
        400,
        "Operate too frequent.",
    );
    pub const INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID: ApiError = ali(
        "InvalidBackendServerRegionId.EqualRegionId",
        400,
        "The specified BackendServerRegionId can not be the same as RegionId.",
    );
    pub const INVALID_BACKEND_SERVER_TYPE_NOT_FOUND: ApiError = ali(
        "InvalidBackendServerType.NotFound",
        400,
        "The specified BackendServerType is not supported.",
    );

    /// The API gateway's answer to an action it does not serve: a removed or unpublished
    /// API, or one the account may no longer call (the legacy AssociateGlobalAccelerationInstance).
    pub const INVALID_ACTION_NOT_FOUND: ApiError = ali(
        "InvalidAction.NotFound",
        404,
        "Specified api is not found, please check your url and method.",
    );
    /// The same answer as older gateways spell it.
    pub const INVALID_API_NOT_FOUND: ApiError = ali(
        "InvalidApi.NotFound",
        404,
        "Specified api is not found, please check your url and method.",
    );

    /// Whether `code` says the cloud does not serve the called action at all (not that a
    /// resource is missing).
    pub fn is_action_unavailable(code: &str) -> bool {
        code == INVALID_ACTION_NOT_FOUND.code || code == INVALID_API_NOT_FOUND.code
    }

    /// Every documented error of AssociateEipAddress (seed 003).
    pub const ASSOCIATE_EIP_ADDRESS: &[ApiError] = &[
        INVALID_ASSOCIATION_DUPLICATED,
        OPERATION_DENIED_NOT_IN_VPC,
        INVALID_PARAMETER_MISMATCH,
        INCORRECT_EIP_STATUS,
        INVALID_INSTANCE_ID_NOT_FOUND,
        INCORRECT_INSTANCE_STATUS,
        INVALID_INSTANCE_TYPE_VALUE_NOT_SUPPORTED,
        INCORRECT_HAVIP_STATUS,
        INVALID_PARAMETER,
        OPERATION_DENIED_DEFAULT_VPC,
        FORBBIDEN,
        INVALID_BINDING_STATUS,
        BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP,
        BIND_INSTANCE_OWENER_ERROR,
        INVALID_ALLOCATION_ID_NOT_FOUND,
        INVALID_PARAMS_NOT_FOUND,
    ];

    /// Every documented error of AssociateGlobalAccelerationInstance (seed 000).
    pub const ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE: &[ApiError] = &[
        INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND,
        INVALID_BACKEND_SERVER_ID_NOT_FOUND,
        INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS,
        INVALID_BACKEND_SERVER_ID_NOT_IN_VPC,
        TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE,
        INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID,
        INVALID_ASSOCIATION_DUPLICATED,
        INVALID_BACKEND_SERVER_TYPE_NOT_FOUND,
        INVALID_PARAMETER,
    ];
}

/// Documented errors of Alibaba Cloud Auto Scaling (2014-08-28).
pub mod alibaba_ess {
    use super::{ali, ApiError};

    pub const INVALID_SCALING_GROUP_ID_NOT_FOUND: ApiError = ali(
        "InvalidScalingGroupId.NotFound",
        404,
        "The specified scaling group does not exist.",
    );
    pub const FORBIDDEN_UNAUTHORIZED: ApiError = ali(
        "Forbidden.Unauthorized",
        403,
        "A required authorization for the specified action is not supplied.",
    );
    pub const INCORRECT_SCALING_GROUP_STATUS: ApiError = ali(
        "IncorrectScalingGroupStatus",
        400,
        "The current status of the specified scaling group does not support this action.",
    );
    pub const INVALID_INSTANCE_ID_NOT_FOUND: ApiError = ali(
        "InvalidInstanceId.NotFound",
        404,
        "Instance \"{instance}\" does not exist.",
    );
    pub const INVALID_INSTANCE_ID_REGION_MISMATCH: ApiError = ali(
        "InvalidInstanceId.RegionMismatch",
        400,
        "Instance \"{instance}\" and the specified scaling group are not in the same Region.",
    );
    pub const INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH: ApiError = ali(
        "InvalidInstanceId.InstanceTypeMismatch",
        400,
        "Instance \"{instance}\" and existing active scaling configurations have different instance types.",
    );
    pub const INCORRECT_INSTANCE_STATUS: ApiError = ali(
        "IncorrectInstanceStatus",
        400,
        "The current status of instance \"{instance}\" does not support this action.",
    );
    pub const INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH: ApiError = ali(
        "InvalidInstanceId.NetworkTypeMismatch",
        400,
        "The network type of instance \"{instance}\" does not support this action.",
    );
    pub const INVALID_INSTANCE_ID_VPC_MISMATCH: ApiError = ali(
        "InvalidInstanceId.VPCMismatch",
        400,
        "Instance \"{instance}\" and the specified scaling group are not in the same VPC.",
    );
    pub const INVALID_INSTANCE_ID_IN_USE: ApiError = ali(
        "InvalidInstanceId.InUse",
        400,
        "Instance \"{instance}\" is already attached to another scaling group.",
    );
    pub const SCALING_ACTIVITY_IN_PROGRESS: ApiError = ali(
        "ScalingActivityInProgress",
        400,
        "You cannot delete a scaling group or launch a new scaling activity while there is a scaling activity in progress for the specified scaling group.",
    );
    pub const INCORRECT_LOAD_BALANCER_STATUS: ApiError = ali(
        "IncorrectLoadBalancerStatus",
        400,
        "The current status of the specified load balancer does not support this action.",
    );
    pub const INCORRECT_LOAD_BALANCER_HEALTH_CHECK: ApiError = ali(
        "IncorrectLoadBalancerHealthCheck",
        400,
        "The current health check type of specified load balancer does not support this action.",
    );
    pub const INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE: ApiError = ali(
        "InvalidLoadBalancerId.IncorrectInstanceNetworkType",
        400,
        "The network type of the instance in specified load balancer does not support this action.",
    );
    pub const INVALID_LOAD_BALANCER_ID_VPC_MISMATCH: ApiError = ali(
        "InvalidLoadBalancerId.VPCMismatch",
        400,
        "he specified virtual switch and the instance in specified load balancer are not in the same VPC.",
    );
    pub const INCORRECT_DB_INSTANCE_STATUS: ApiError = ali(
        "IncorrectDBInstanceStatus",
        400,
        "The current status of DB instance \"{instance}\" does not support this action.",
    );
    pub const QUOTA_EXCEEDED_DB_INSTANCE_SECURITY_IP: ApiError = ali(
        "QuotaExceeded.DBInstanceSecurityIP",
        400,
        "Security IP quota exceeded in DB instance \"{instance}\".",
    );
    pub const QUOTA_EXCEEDED_SECURITY_GROUP_INSTANCE: ApiError = ali(
        "QuotaExceeded.SecurityGroupInstance",
        400,
        "Instance quota exceeded in the specified security group.",
    );
    pub const INCORRECT_CAPACITY_MAX_SIZE: ApiError = ali(
        "IncorrectCapacity.MaxSize",
        400,
        "To attach the instances, the total capacity will be greater than the MaxSize.",
    );
    /// DetachInstances: detaching would take the group below MinSize (reference notes).
    pub const INCORRECT_CAPACITY_MIN_SIZE: ApiError = ali(
        "IncorrectCapacity.MinSize",
        400,
        "To detach the instances, the total capacity will be lesser than the MinSize.",
    );
    /// Gateway-level parameter error (used for list sizes and ranges outside the documented ones).
    pub const INVALID_PARAMETER: ApiError = ali(
        "InvalidParameter",
        400,
        "The specified parameter is not valid.",
    );

    /// Every documented error of AttachInstances (seed 004).
    pub const ATTACH_INSTANCES: &[ApiError] = &[
        INVALID_SCALING_GROUP_ID_NOT_FOUND,
        FORBIDDEN_UNAUTHORIZED,
        INCORRECT_SCALING_GROUP_STATUS,
        INVALID_INSTANCE_ID_NOT_FOUND,
        INVALID_INSTANCE_ID_REGION_MISMATCH,
        INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH,
        INCORRECT_INSTANCE_STATUS,
        INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH,
        INVALID_INSTANCE_ID_VPC_MISMATCH,
        INVALID_INSTANCE_ID_IN_USE,
        SCALING_ACTIVITY_IN_PROGRESS,
        INCORRECT_LOAD_BALANCER_STATUS,
        INCORRECT_LOAD_BALANCER_HEALTH_CHECK,
        INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE,
        INVALID_LOAD_BALANCER_ID_VPC_MISMATCH,
        INCORRECT_DB_INSTANCE_STATUS,
        QUOTA_EXCEEDED_DB_INSTANCE_SECURITY_IP,
        QUOTA_EXCEEDED_SECURITY_GROUP_INSTANCE,
        INCORRECT_CAPACITY_MAX_SIZE,
    ];
}

/// Documented errors of Volcengine VPC (2020-04-01) AssociateHaVip (seed 001).
pub mod volcengine_vpc {
    use super::{volc, ApiError};

    pub const IDEMPOTENT_PARAMETER_MISMATCH: ApiError = volc(
        "IdempotentParameterMismatch",
        400,
        "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).",
    );
    pub const INVALID_HAVIP_INVALID_STATUS: ApiError = volc(
        "InvalidHaVip.InvalidStatus",
        400,
        "The specified HaVip is not in the correct status for the request.",
    );
    pub const INVALID_HAVIP_NOT_SUPPORT: ApiError = volc(
        "InvalidHaVip.NotSupport",
        400,
        "The specified HaVip does not support this operation",
    );
    pub const INVALID_INSTANCE_HAVIP_MISMATCH: ApiError = volc(
        "InvalidInstance.HaVipMismatch",
        400,
        "The specified instance and HaVip are in different subnets.",
    );
    pub const INVALID_INSTANCE_INVALID_STATUS: ApiError = volc(
        "InvalidInstance.InvalidStatus",
        400,
        "The specified instance is not in the correct status for the request.",
    );
    pub const INVALID_INSTANCE_TYPE_MALFORMED: ApiError = volc(
        "InvalidInstanceType.Malformed",
        400,
        "The specified instance type is malformed.",
    );
    pub const INVALID_PARAMETER_CLIENT_TOKEN_MALFORMED: ApiError = volc(
        "InvalidParameter.ClientTokenMalformed",
        400,
        "The specified parameter ClientToken is malformed.",
    );
    pub const LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE: ApiError = volc(
        "LimitExceeded.HaVipsPerInstance",
        400,
        "You've reached the limit on the number of HaVips that you can associate with an instance.",
    );
    pub const LIMIT_EXCEEDED_INSTANCES_PER_HAVIP: ApiError = volc(
        "LimitExceeded.InstancesPerHaVip",
        400,
        "You've reached the limit on the number of instances that you can associate with a HaVip.",
    );
    pub const FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS: ApiError = volc(
        "Forbidden",
        403,
        "You are not authorized to perform operations on the specified elastic network interface. The specified elastic network interface is not attached to ECS.",
    );
    pub const FORBIDDEN_MULTIPLE_INSTANCE_TYPES: ApiError = volc(
        "Forbidden",
        403,
        "You are not authorized to perform operations on the specified HaVip. Cannot bind HaVip to multiple instance types.",
    );
    pub const FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE: ApiError = volc(
        "Forbidden",
        403,
        "You are not authorized to perform operations on the specified elastic network interface. Cannot associate HaVip with two elastic network interface in the same ECS instance.",
    );
    pub const FORBIDDEN_SERVICE_MANAGED_ENI: ApiError = volc(
        "Forbidden",
        403,
        "You are not authorized to perform operations on the specified elastic network interface. The specified elastic network interface is a service-managed elastic network interface.",
    );
    pub const FORBIDDEN_INSTANCE_HAS_HAVIP: ApiError = volc(
        "Forbidden",
        403,
        "You are not authorized to perform operations on the specified instance. The specified instance is associated with a HaVip.",
    );
    pub const INVALID_ENI_ID_NOT_FOUND: ApiError = volc(
        "InvalidEniId.NotFound",
        404,
        "The specified elastic network interface does not exist.",
    );
    pub const INVALID_HAVIP_NOT_FOUND: ApiError = volc(
        "InvalidHaVip.NotFound",
        404,
        "The specified HaVip does not exist.",
    );
    pub const INVALID_INSTANCE_NOT_FOUND: ApiError = volc(
        "InvalidInstance.NotFound",
        404,
        "The specified instance does not exist.",
    );
    pub const IDEMPOTENT_PROCESSING: ApiError = volc(
        "IdempotentProcessing",
        412,
        "The request uses the same client token as a previous one that is still in process.",
    );
    /// Documented in the error list of the API reference (not in the seed's table).
    pub const INVALID_ENI_INVALID_STATUS: ApiError = volc(
        "InvalidEni.InvalidStatus",
        400,
        "The specified elastic network interface is not in the correct status for the request.",
    );

    /// Every documented error of AssociateHaVip (seed 001).
    pub const ASSOCIATE_HAVIP: &[ApiError] = &[
        IDEMPOTENT_PARAMETER_MISMATCH,
        INVALID_HAVIP_INVALID_STATUS,
        INVALID_HAVIP_NOT_SUPPORT,
        INVALID_INSTANCE_HAVIP_MISMATCH,
        INVALID_INSTANCE_INVALID_STATUS,
        INVALID_INSTANCE_TYPE_MALFORMED,
        INVALID_PARAMETER_CLIENT_TOKEN_MALFORMED,
        LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE,
        LIMIT_EXCEEDED_INSTANCES_PER_HAVIP,
        FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS,
        FORBIDDEN_MULTIPLE_INSTANCE_TYPES,
        FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE,
        FORBIDDEN_SERVICE_MANAGED_ENI,
        FORBIDDEN_INSTANCE_HAS_HAVIP,
        INVALID_ENI_ID_NOT_FOUND,
        INVALID_HAVIP_NOT_FOUND,
        INVALID_INSTANCE_NOT_FOUND,
        IDEMPOTENT_PROCESSING,
    ];
}

/// Documented errors of Tencent Cloud VPC (2017-03-12) AssociateAddress (seed 002) and the
/// API 3.0 error-code lists of the four EIP APIs (AssociateAddress, DisassociateAddress,
/// DescribeAddresses, DescribeTaskResult; tencentcloud-sdk-go `vpc/v20170312`).
/// API 3.0 answers errors with HTTP 200 and `Response.Error`.
///
/// The cloud answers some situations with either of two codes, an older one (the first API
/// 3.0 documents, seed 002) and the current one (the SDKs' lists); both occur live:
///
/// | situation | current code | older code |
/// |---|---|---|
/// | the EIP's status does not allow the operation (bound, busy, or not bound for an unbind) | `UnsupportedOperation.AddressStatusNotPermit` | `InvalidAddressIdStatus.NotPermit` |
/// | the EIP is in arrears | `OperationDenied.AddressInArrears` | `InvalidAddressIdState.InArrears` |
///
/// [`classify`] sorts every code of the lists that matters to a binding into
/// [`AddressCodeClass`]es, both generations alike.
pub mod tencent_vpc {
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

    /// Every documented error of AssociateAddress (seed 002).
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
}

/// Rules of `tether_eip_association`.
pub mod eip_association {
    use super::*;

    /// Alibaba AssociateEipAddress `InstanceType`.
    pub const ALIBABA_INSTANCE_TYPES: AllowedValues = AllowedValues {
        values: &[
            "EcsInstance",
            "SlbInstance",
            "Nat",
            "NetworkInterface",
            "HaVip",
            "IpAddress",
        ],
        default: Some("EcsInstance"),
        error: alibaba_vpc::INVALID_INSTANCE_TYPE_VALUE_NOT_SUPPORTED,
    };
    /// Alibaba AssociateEipAddress `Mode` (only with InstanceType NetworkInterface).
    pub const ALIBABA_MODES: AllowedValues = AllowedValues {
        values: &["NAT", "MULTI_BINDED", "BINDED"],
        default: Some("NAT"),
        error: alibaba_vpc::INVALID_PARAMETER,
    };
    /// The instance type `mode` applies to.
    pub const ALIBABA_MODE_INSTANCE_TYPE: &str = "NetworkInterface";
    /// EIP statuses from which AssociateEipAddress succeeds.
    pub const ALIBABA_BINDABLE_STATUS: &str = "Available";
    /// Tencent AddressStatus from which AssociateAddress succeeds.
    pub const TENCENT_BINDABLE_STATUS: &str = "UNBIND";
    /// A private IP must be a dotted-quad IPv4 address.
    pub const PRIVATE_IP_SYNTAX_ERROR_ALIBABA: ApiError = alibaba_vpc::INVALID_PARAMETER;
    pub const PRIVATE_IP_SYNTAX_ERROR_TENCENT: ApiError = tencent_vpc::INVALID_PARAMETER_VALUE;
}

/// Rules of `tether_havip_attachment`.
pub mod havip_attachment {
    use super::*;

    pub const INSTANCE_TYPES: AllowedValues = AllowedValues {
        values: &["EcsInstance", "NetworkInterface"],
        default: Some("EcsInstance"),
        error: volcengine_vpc::INVALID_INSTANCE_TYPE_MALFORMED,
    };
    /// At most 10 ECS instances or 10 ENIs on one HaVip.
    pub const MEMBERS_PER_HAVIP: CountLimit = CountLimit {
        min: 0,
        max: 10,
        error: volcengine_vpc::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP,
    };
    /// One HaVip holds either ECS instances or ENIs, never both.
    pub const MIXED_MEMBER_TYPES: ApiError = volcengine_vpc::FORBIDDEN_MULTIPLE_INSTANCE_TYPES;
    /// ClientToken: ASCII only, at most 64 characters.
    pub const CLIENT_TOKEN_MAX_LEN: usize = 64;
    /// HaVip statuses that accept an association.
    pub const ASSOCIABLE_STATUSES: &[&str] = &["Available", "InUse"];
    /// HaVips one instance or ENI may join. The documents name the limit
    /// (`LimitExceeded.HaVipsPerInstance`) without its value; tether and its emulator use 5.
    pub const HAVIPS_PER_INSTANCE: CountLimit = CountLimit {
        min: 0,
        max: 5,
        error: volcengine_vpc::LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE,
    };
    /// Network interface statuses that accept an association.
    pub const ASSOCIABLE_ENI_STATUSES: &[&str] = &["InUse", "Available"];
}

/// Rules of `tether_ga_backend`.
pub mod ga_backend {
    use super::*;

    /// The legacy API the backend is bound with. It belongs to the old VPC "Global
    /// Acceleration" product (exclusive GA instances): the current SDKs no longer ship it
    /// (aliyun-python-sdk-vpc dropped it in 3.0.46, the tea alibabacloud-vpc20160428 client
    /// before 6.0.0), while DescribeGlobalAccelerationInstances and
    /// UnassociateGlobalAccelerationInstance remain.
    pub const LEGACY_API: &str = "AssociateGlobalAccelerationInstance";
    /// Summary of the diagnostic for a cloud that refuses [`LEGACY_API`]
    /// ([`alibaba_vpc::is_action_unavailable`] on its error code).
    pub const LEGACY_API_REFUSED_SUMMARY: &str =
        "Alibaba Cloud no longer serves AssociateGlobalAccelerationInstance to this account";
    /// Detail of that diagnostic (the caller appends the cloud's request id).
    pub const LEGACY_API_REFUSED_DETAIL: &str = "tether_ga_backend binds backends with AssociateGlobalAccelerationInstance, an API of the legacy VPC Global Acceleration product that the current Alibaba SDKs no longer ship. The cloud answered InvalidAction.NotFound (HTTP 404, \"Specified api is not found\"): it serves the API only to accounts that still hold exclusive global acceleration instances of that product. Nothing was changed. Reading, importing and destroying existing backends still work (DescribeGlobalAccelerationInstances and UnassociateGlobalAccelerationInstance remain); for new acceleration use the Global Accelerator product (GA API 2019-11-20) instead.";

    pub const BACKEND_SERVER_TYPES: AllowedValues = AllowedValues {
        values: &["EcsInstance", "SlbInstance"],
        default: Some("EcsInstance"),
        error: alibaba_vpc::INVALID_BACKEND_SERVER_TYPE_NOT_FOUND,
    };
    /// The backend's region must differ from the GA instance's region.
    pub const REGION_MUST_DIFFER: ApiError =
        alibaba_vpc::INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID;
    /// One backend per global acceleration instance.
    pub const BACKENDS_PER_INSTANCE: CountLimit = CountLimit {
        min: 0,
        max: 1,
        error: alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED,
    };
    /// Only dedicated-bandwidth instances accept a backend through this API.
    pub const EXCLUSIVE_BANDWIDTH_TYPE: &str = "Exclusive";
    /// Instance statuses in which a backend can be bound (`InUse` when the backend being
    /// replaced is still there); others (`Locked`, a transition) answer
    /// `IncorrectGlobalAccelerationInstanceIdStatus`.
    pub const ASSOCIABLE_STATUSES: &[&str] = &["Available", "InUse"];

    /// The service locations (`ServiceLocation`) of global acceleration instances.
    pub const SERVICE_LOCATIONS: &[&str] =
        &["china-mainland", "asia-pacific", "north-america", "europe"];

    /// Every Alibaba Cloud region a backend can be in, with the service location that
    /// covers it; `None` for regions no service location covers (the Middle East). The
    /// backend's region must lie in the instance's service area, else `InvalidParameter`.
    pub const REGION_SERVICE_AREAS: &[(&str, Option<&str>)] = &[
        ("cn-qingdao", Some("china-mainland")),
        ("cn-beijing", Some("china-mainland")),
        ("cn-zhangjiakou", Some("china-mainland")),
        ("cn-huhehaote", Some("china-mainland")),
        ("cn-wulanchabu", Some("china-mainland")),
        ("cn-hangzhou", Some("china-mainland")),
        ("cn-shanghai", Some("china-mainland")),
        ("cn-nanjing", Some("china-mainland")),
        ("cn-fuzhou", Some("china-mainland")),
        ("cn-shenzhen", Some("china-mainland")),
        ("cn-heyuan", Some("china-mainland")),
        ("cn-guangzhou", Some("china-mainland")),
        ("cn-chengdu", Some("china-mainland")),
        ("cn-wuhan-lr", Some("china-mainland")),
        ("cn-zhengzhou-jva", Some("china-mainland")),
        ("cn-hangzhou-finance", Some("china-mainland")),
        ("cn-shanghai-finance-1", Some("china-mainland")),
        ("cn-shenzhen-finance-1", Some("china-mainland")),
        ("cn-beijing-finance-1", Some("china-mainland")),
        ("cn-north-2-gov-1", Some("china-mainland")),
        ("cn-hongkong", Some("asia-pacific")),
        ("ap-northeast-1", Some("asia-pacific")),
        ("ap-northeast-2", Some("asia-pacific")),
        ("ap-southeast-1", Some("asia-pacific")),
        ("ap-southeast-2", Some("asia-pacific")),
        ("ap-southeast-3", Some("asia-pacific")),
        ("ap-southeast-5", Some("asia-pacific")),
        ("ap-southeast-6", Some("asia-pacific")),
        ("ap-southeast-7", Some("asia-pacific")),
        ("ap-south-1", Some("asia-pacific")),
        ("us-east-1", Some("north-america")),
        ("us-west-1", Some("north-america")),
        ("na-south-1", Some("north-america")),
        ("eu-central-1", Some("europe")),
        ("eu-west-1", Some("europe")),
        ("me-east-1", None),
        ("me-central-1", None),
    ];

    /// The service location covering `region`: `Err(())` for a region not in
    /// [`REGION_SERVICE_AREAS`], `Ok(None)` for a known region no location covers.
    #[allow(clippy::result_unit_err)]
    pub fn service_area(region: &str) -> Result<Option<&'static str>, ()> {
        REGION_SERVICE_AREAS
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, area)| *area)
            .ok_or(())
    }
}

/// Rules of `tether_ess_attachment`.
pub mod ess_attachment {
    use super::*;

    /// `InstanceId.N`: N from 1 to 20.
    pub const INSTANCES_PER_CALL: CountLimit = CountLimit {
        min: 1,
        max: 20,
        error: alibaba_ess::INVALID_PARAMETER,
    };
    /// `LoadBalancerWeight.N`: 0 to 100, default 50.
    pub const LOAD_BALANCER_WEIGHT: IntRange = IntRange {
        min: 0,
        max: 100,
        default: Some(50),
        error: alibaba_ess::INVALID_PARAMETER,
    };
    /// AttachInstances needs the group Active.
    pub const ACTIVE_STATE: &str = "Active";
    /// TotalCapacity + attached must not exceed MaxSize.
    pub const MAX_SIZE: ApiError = alibaba_ess::INCORRECT_CAPACITY_MAX_SIZE;
    /// An instance belongs to at most one scaling group.
    pub const INSTANCE_IN_ONE_GROUP: ApiError = alibaba_ess::INVALID_INSTANCE_ID_IN_USE;
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
