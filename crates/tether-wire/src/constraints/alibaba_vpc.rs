//! Documented errors of Alibaba Cloud VPC (2016-04-28): EIP and global acceleration APIs.

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

/// Every documented error of AssociateEipAddress (its API reference's error table).
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

/// Every documented error of AssociateGlobalAccelerationInstance (its API reference's error table).
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
