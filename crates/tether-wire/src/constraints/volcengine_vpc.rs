//! Documented errors of Volcengine VPC (2020-04-01) AssociateHaVip (its API reference's error
//! table).

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
/// Documented in the API reference's error list, though not in AssociateHaVip's own table.
pub const INVALID_ENI_INVALID_STATUS: ApiError = volc(
    "InvalidEni.InvalidStatus",
    400,
    "The specified elastic network interface is not in the correct status for the request.",
);

/// Every documented error of AssociateHaVip (its API reference's error table).
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
