//! The request-to-canonical-form steps ACS3 and volc v4 share: both sign the caller's query
//! pairs, `host`, the caller headers their rule picks and the headers they add, over the hex
//! SHA-256 of the body. A [`HeaderSignedScheme`] holds what differs between them.

use super::crypto::sha256_hex;
use super::{
    canonical_query, parse_query, CanonicalRequest, Credentials, IncomingRequest, QueryOrder,
    RequestToSign, VerifyError,
};

/// What one header-signed scheme decides about its canonical request.
pub(super) struct HeaderSignedScheme {
    /// How the canonical query orders the encoded pairs.
    pub query_order: QueryOrder,
    /// Whether the scheme signs a header the caller set, without being asked to.
    pub signs_by_default: fn(&str) -> bool,
    /// The value a signed `(name, value)` header contributes to the canonical headers.
    pub canonical_header_value: for<'v> fn(&str, &'v str) -> &'v str,
    /// The header that carries an STS security token.
    pub security_token_header: &'static str,
}

impl HeaderSignedScheme {
    /// The canonical request over already-selected `(name, value)` headers.
    pub(super) fn canonical_request(
        &self,
        method: &str,
        uri: &str,
        query: &[(String, String)],
        headers: &[(String, String)],
        payload_hash: &str,
    ) -> CanonicalRequest {
        CanonicalRequest::new(method, uri)
            .query(canonical_query(query, self.query_order))
            .headers(
                headers
                    .iter()
                    .map(|(name, value)| (name, (self.canonical_header_value)(name, value))),
            )
            .payload_hash(payload_hash)
    }

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
        self.canonical_request(
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
        Ok(self.canonical_request(
            req.method,
            req.path_or_root(),
            &query,
            signed_values,
            &sha256_hex(req.body),
        ))
    }
}
