//! Why a request could not be signed ([`SignError`]) or its signature not checked
//! ([`VerifyError`]). No variant carries a secret, a signing key or a signature.

use super::crypto;

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The caller set a header that the algorithm adds itself.
    #[error("header `{0}` is set by the signer and must not be supplied by the caller")]
    ReservedHeader(&'static str),
    /// The caller set a query parameter that the algorithm adds itself.
    #[error("query parameter `{0}` is set by the signer and must not be supplied by the caller")]
    ReservedParameter(&'static str),
    /// The algorithm needs a header the caller did not set.
    #[error("header `{0}` is required by this signature algorithm")]
    MissingHeader(&'static str),
    /// The request shape cannot be signed by this algorithm.
    #[error("request cannot be signed: {0}")]
    Unsignable(&'static str),
    /// A form body could not be decoded.
    #[error("malformed form body: {0}")]
    MalformedBody(&'static str),
    /// The HMAC primitive rejected its key (cannot happen with HMAC, kept for totality).
    #[error("HMAC key rejected")]
    Crypto,
}

/// Why an incoming request's signature could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("the request has no Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header does not parse.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// The request names an algorithm (or signature version) this module does not verify.
    #[error("unsupported signature algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// A required query / form parameter is absent.
    #[error("missing required parameter `{0}`")]
    MissingParameter(&'static str),
    /// A parameter that must be unique appears more than once.
    #[error("parameter `{0}` appears more than once")]
    DuplicateParameter(&'static str),
    /// A required header is absent.
    #[error("missing required header `{0}`")]
    MissingHeader(&'static str),
    /// `SignedHeaders` lists a header the request does not carry.
    #[error("header `{0}` is listed in SignedHeaders but is absent from the request")]
    SignedHeaderAbsent(String),
    /// A header that must be covered by the signature is not in `SignedHeaders`.
    #[error("header `{0}` must be signed")]
    HeaderNotSigned(String),
    /// The query string or form body does not decode (invalid UTF-8 after percent-decoding).
    #[error("malformed {0}: percent-decoded bytes are not UTF-8")]
    MalformedEncoding(&'static str),
    /// The declared timestamp does not parse.
    #[error("malformed timestamp `{0}`")]
    MalformedTimestamp(String),
    /// The credential scope's date disagrees with the request's timestamp.
    #[error("credential scope date `{declared}` does not match the request date `{expected}`")]
    ScopeDateMismatch {
        /// Date in the credential scope.
        declared: String,
        /// Date derived from the request timestamp.
        expected: String,
    },
    /// The lookup knows no secret for this access key id.
    #[error("unknown access key id `{0}`")]
    UnknownAccessKey(String),
    /// The HMAC primitive rejected its key (cannot happen with HMAC, kept for totality).
    #[error("HMAC key rejected")]
    Crypto,
}

impl From<crypto::CryptoError> for SignError {
    fn from(_: crypto::CryptoError) -> Self {
        SignError::Crypto
    }
}

impl From<crypto::CryptoError> for VerifyError {
    fn from(_: crypto::CryptoError) -> Self {
        VerifyError::Crypto
    }
}
