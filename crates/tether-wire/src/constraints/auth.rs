//! How each cloud refuses a request's credentials or signature, declared once: the emulator
//! answers with these, and `tether discover` tells a refused credential from a failed
//! listing by their codes. A message that carries details of the request (the server's
//! string to sign, the parse error) is the cloud's message with those details added where
//! it is answered.

use super::{ali, tc, volc, ApiError};

/// Alibaba: the AccessKey ID is unknown.
pub const ALIBABA_UNKNOWN_ACCESS_KEY: ApiError = ali(
    "InvalidAccessKeyId.NotFound",
    404,
    "Specified access key is not found.",
);
/// Alibaba: the signature does not match (the cloud adds its string to sign).
pub const ALIBABA_SIGNATURE_MISMATCH: ApiError = ali(
    "SignatureDoesNotMatch",
    400,
    "Specified signature is not matched with our calculation. server string to sign is:",
);
/// Alibaba: the signature is malformed (the cloud adds what is wrong).
pub const ALIBABA_INCOMPLETE_SIGNATURE: ApiError = ali(
    "IncompleteSignature",
    400,
    "The request signature does not conform to Aliyun standards.",
);
/// Alibaba: the timestamp is too far from the server's clock.
pub const ALIBABA_TIMESTAMP_EXPIRED: ApiError = ali(
    "InvalidTimeStamp.Expired",
    400,
    "Specified time stamp or date value is expired.",
);
/// Alibaba: the timestamp does not parse.
pub const ALIBABA_TIMESTAMP_FORMAT: ApiError = ali(
    "InvalidTimeStamp.Format",
    400,
    "Specified time stamp or date value is not well formatted.",
);
/// Alibaba: the signature nonce was used before.
pub const ALIBABA_NONCE_USED: ApiError = ali(
    "SignatureNonceUsed",
    400,
    "Specified signature nonce was used already.",
);

/// Tencent: the SecretId is unknown.
pub const TENCENT_UNKNOWN_SECRET_ID: ApiError = tc(
    "AuthFailure.SecretIdNotFound",
    "The SecretId is not found, please ensure that your SecretId is correct.",
);
/// Tencent: the signature does not match.
pub const TENCENT_SIGNATURE_FAILURE: ApiError = tc(
    "AuthFailure.SignatureFailure",
    "The provided credentials could not be validated. Please check your signature is correct.",
);
/// Tencent: the timestamp is too far from the server's clock.
pub const TENCENT_SIGNATURE_EXPIRED: ApiError = tc(
    "AuthFailure.SignatureExpire",
    "Signature expired. Timestamp and server time cannot differ by more than 15 minutes.",
);
/// Tencent: the Authorization header is malformed (the cloud adds what is wrong).
pub const TENCENT_INVALID_AUTHORIZATION: ApiError = tc(
    "AuthFailure.InvalidAuthorization",
    "Authorization header format invalid",
);

/// Volcengine: the AccessKey is unknown.
pub const VOLCENGINE_UNKNOWN_ACCESS_KEY: ApiError = volc(
    "InvalidAccessKey",
    401,
    "The request signature we calculated does not match the access key you provided. The access key is invalid.",
);
/// Volcengine: the request carries no Authorization header.
pub const VOLCENGINE_MISSING_AUTHORIZATION: ApiError = volc(
    "MissingAuthenticationToken",
    401,
    "The request does not contain an Authorization header.",
);
/// Volcengine: the signature does not match.
pub const VOLCENGINE_SIGNATURE_MISMATCH: ApiError = volc(
    "SignatureDoesNotMatch",
    401,
    "The request signature we calculated does not match the signature you provided.",
);
/// Volcengine: the timestamp is too far from the server's clock.
pub const VOLCENGINE_TIMESTAMP_SKEWED: ApiError = volc(
    "InvalidTimestamp",
    403,
    "The request timestamp differs from the server time by more than 15 minutes.",
);

/// The codes with which a cloud refuses the access key or its signature: the answers above
/// that say the credentials are wrong, and the documented ones of an access key that is
/// malformed (`InvalidAccessKeyId`) or an STS token that expired.
pub const CREDENTIAL_CODES: &[&str] = &[
    ALIBABA_UNKNOWN_ACCESS_KEY.code,
    "InvalidAccessKeyId",
    ALIBABA_SIGNATURE_MISMATCH.code,
    ALIBABA_INCOMPLETE_SIGNATURE.code,
    VOLCENGINE_UNKNOWN_ACCESS_KEY.code,
    VOLCENGINE_MISSING_AUTHORIZATION.code,
    "InvalidSecurityToken.Expired",
];
