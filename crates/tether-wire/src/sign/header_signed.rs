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
    /// How the canonical query orders its pairs.
    pub query_order: QueryOrder,
    /// The `host` value as the scheme signs it, given the trimmed value sent.
    pub signed_host: fn(&str) -> &str,
    /// Whether the scheme signs a header the caller set, without being asked to.
    pub signs_by_default: fn(&str) -> bool,
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
            .headers(headers.iter().map(|(name, value)| {
                if name.eq_ignore_ascii_case("host") {
                    (name, (self.signed_host)(value.trim()))
                } else {
                    (name, value.as_str())
                }
            }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_trimmed_host_value_goes_through_signed_host() {
        let scheme = HeaderSignedScheme {
            query_order: QueryOrder::RawName,
            signed_host: |host| host.strip_suffix(":443").unwrap_or(host),
            signs_by_default: |_| false,
            security_token_header: "x-token",
        };
        let query = vec![
            ("b".to_owned(), "1".to_owned()),
            ("a".to_owned(), "2".to_owned()),
        ];
        let headers = vec![
            ("Host".to_owned(), " h:443 ".to_owned()),
            ("x-a".to_owned(), "v:443".to_owned()),
        ];
        let cr = scheme.canonical_request("GET", "/", &query, &headers, "ph");
        assert_eq!(
            cr.render(),
            "GET\n/\na=2&b=1\nhost:h\nx-a:v:443\n\nhost;x-a\nph"
        );
    }
}
