//! The request-to-canonical-form steps ACS3 and volc v4 share: both sign the caller's query
//! pairs, `host`, the caller headers their rule picks and the headers they add, over the hex
//! SHA-256 of the body. A [`HeaderSignedScheme`] holds what differs between them.

use super::crypto::sha256_hex;
use super::{
    parse_query, CanonicalRequest, Credentials, IncomingRequest, RequestToSign, VerifyError,
};

/// A scheme's canonical request over `(method, uri, query, selected headers, payload hash)`.
pub(super) type CanonicalRequestFn =
    fn(&str, &str, &[(String, String)], &[(String, String)], &str) -> CanonicalRequest;

/// What one header-signed scheme decides about its canonical request.
pub(super) struct HeaderSignedScheme {
    /// The scheme's canonical request over `(method, uri, query, selected headers,
    /// payload hash)`.
    pub canonical_request: CanonicalRequestFn,
    /// Whether the scheme signs a header the caller set, without being asked to.
    pub signs_by_default: fn(&str) -> bool,
    /// The header that carries an STS security token.
    pub security_token_header: &'static str,
}

impl HeaderSignedScheme {
    /// Adds the security token header to `added` when `creds` carry one, then the canonical
    /// request over `host`, the caller headers signed by default and `added`.
    pub(super) fn canonical_request_to_sign(
        &self,
        req: &RequestToSign,
        creds: &Credentials,
        added: &mut Vec<(String, String)>,
        payload_hash: &str,
    ) -> CanonicalRequest {
        if let Some(token) = &creds.security_token {
            added.push((self.security_token_header.into(), token.clone()));
        }
        let signed = req.headers_to_sign(self.signs_by_default, added);
        (self.canonical_request)(
            &req.method,
            req.path_or_root(),
            &req.query,
            &signed,
            payload_hash,
        )
    }

    /// The canonical request a received request was signed over, given the values of the
    /// headers its `SignedHeaders` names.
    pub(super) fn canonical_request_received(
        &self,
        req: &IncomingRequest<'_>,
        signed_values: &[(String, String)],
    ) -> Result<CanonicalRequest, VerifyError> {
        let query = parse_query(req.raw_query)?;
        Ok((self.canonical_request)(
            req.method,
            req.path_or_root(),
            &query,
            signed_values,
            &sha256_hex(req.body),
        ))
    }
}
