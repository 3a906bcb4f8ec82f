//! Documented errors of Alibaba Cloud Auto Scaling (2014-08-28).

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

/// Every documented error of AttachInstances (its API reference's error table).
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
