//! The `Authorization` header of the three HMAC-SHA256 algorithms (ACS3, TC3, volc v4):
//! [`AuthorizationFields`] parses it on the verifying side, [`authorization`] writes it on
//! the signing side, and the steps the three `sign`/`verify` functions share live here.

use super::crypto::signatures_equal;
use super::{clip, IncomingRequest, Verified, VerifyError};

/// The fields of an `Authorization` header of the form
/// `ALGORITHM Credential=..., SignedHeaders=a;b, Signature=hex` (commas with or without spaces).
pub(super) struct AuthorizationFields<'a> {
    pub(super) algorithm: &'a str,
    pub(super) credential: &'a str,
    pub(super) signed_headers: Vec<String>,
    pub(super) signature: &'a str,
}

impl<'a> AuthorizationFields<'a> {
    pub(super) fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let value = value.trim();
        let (algorithm, rest) =
            value
                .split_once(' ')
                .ok_or(VerifyError::MalformedAuthorization(
                    "no space after the algorithm",
                ))?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (key, val) = part
                .split_once('=')
                .ok_or(VerifyError::MalformedAuthorization("a field has no `=`"))?;
            let slot = match key.trim() {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(VerifyError::MalformedAuthorization("unknown field")),
            };
            if slot.replace(val.trim()).is_some() {
                return Err(VerifyError::MalformedAuthorization("repeated field"));
            }
        }
        let credential =
            credential.ok_or(VerifyError::MalformedAuthorization("no Credential field"))?;
        let signed_headers = signed_headers.ok_or(VerifyError::MalformedAuthorization(
            "no SignedHeaders field",
        ))?;
        let signature =
            signature.ok_or(VerifyError::MalformedAuthorization("no Signature field"))?;
        if credential.is_empty() {
            return Err(VerifyError::MalformedAuthorization("empty Credential"));
        }
        if signature.is_empty() {
            return Err(VerifyError::MalformedAuthorization("empty Signature"));
        }
        let mut names: Vec<String> = signed_headers
            .split(';')
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        if names.iter().any(String::is_empty) {
            return Err(VerifyError::MalformedAuthorization(
                "empty name in SignedHeaders",
            ));
        }
        names.sort();
        names.dedup();
        Ok(Self {
            algorithm: algorithm.trim(),
            credential,
            signed_headers: names,
            signature,
        })
    }

    /// The fields of `req`'s `Authorization` header, which must name `algorithm`.
    pub(super) fn of_request(
        req: &IncomingRequest<'a>,
        algorithm: &str,
    ) -> Result<Self, VerifyError> {
        let value = req
            .header("authorization")
            .ok_or(VerifyError::MissingAuthorization)?;
        let fields = Self::parse(value)?;
        if fields.algorithm != algorithm {
            return Err(VerifyError::UnsupportedAlgorithm(clip(fields.algorithm)));
        }
        Ok(fields)
    }

    /// `Credential=<id>/<scope…>/<terminator>` cut from the right into its `N` elements
    /// (the id keeps any further `/`). `shape` is the error when there are fewer elements or
    /// `complete` refuses them, `wrong_end` when the last one is not `terminator`.
    pub(super) fn credential_scope<const N: usize>(
        &self,
        terminator: &str,
        complete: impl Fn(&[&str; N]) -> bool,
        shape: &'static str,
        wrong_end: &'static str,
    ) -> Result<[&'a str; N], VerifyError> {
        let mut elements: Vec<&'a str> = self.credential.rsplitn(N, '/').collect();
        elements.reverse();
        let elements: [&'a str; N] = elements
            .try_into()
            .map_err(|_| VerifyError::MalformedAuthorization(shape))?;
        if !complete(&elements) {
            return Err(VerifyError::MalformedAuthorization(shape));
        }
        if elements[N - 1] != terminator {
            return Err(VerifyError::MalformedAuthorization(wrong_end));
        }
        Ok(elements)
    }

    /// The outcome for `access_key_id` whose signature over `string_to_sign` is `expected`;
    /// the caller adds the nonce, token and scope its algorithm carries.
    pub(super) fn verified(
        &self,
        access_key_id: &str,
        expected: &str,
        signed_at: u64,
        string_to_sign: String,
    ) -> Verified {
        Verified {
            access_key_id: access_key_id.to_owned(),
            signature_matches: signatures_equal(self.signature, expected),
            signed_at,
            nonce: None,
            security_token: None,
            signed_headers: self.signed_headers.clone(),
            scope: None,
            string_to_sign,
        }
    }

    /// The `(name, value)` pairs of the signed headers, taken from the request, once every
    /// name in `required` (lowercase) is known to be signed.
    pub(super) fn signed_header_values<'n>(
        &self,
        req: &IncomingRequest<'_>,
        required: impl IntoIterator<Item = &'n str>,
    ) -> Result<Vec<(String, String)>, VerifyError> {
        for name in required {
            if !self.signed_headers.iter().any(|n| n == name) {
                return Err(VerifyError::HeaderNotSigned(clip(name)));
            }
        }
        self.signed_headers
            .iter()
            .map(|name| {
                req.joined_header(name)
                    .map(|value| (name.clone(), value))
                    .ok_or_else(|| VerifyError::SignedHeaderAbsent(clip(name)))
            })
            .collect()
    }
}

/// The `Authorization` value `ALGORITHM Credential=…<sep>SignedHeaders=…<sep>Signature=…`
/// (`sep` is `,` for ACS3, `, ` for TC3 and volc v4).
pub(super) fn authorization(
    algorithm: &str,
    credential: &str,
    signed_headers: &str,
    signature: &str,
    sep: &str,
) -> String {
    format!(
        "{algorithm} Credential={credential}{sep}SignedHeaders={signed_headers}{sep}Signature={signature}"
    )
}

/// The secret of `access_key_id`, or [`VerifyError::UnknownAccessKey`].
pub(super) fn secret_of(
    lookup_secret: impl FnOnce(&str) -> Option<String>,
    access_key_id: &str,
) -> Result<String, VerifyError> {
    lookup_secret(access_key_id).ok_or_else(|| VerifyError::UnknownAccessKey(clip(access_key_id)))
}

/// Fails unless the credential scope's date is the one the request's timestamp gives.
pub(super) fn require_scope_date(declared: &str, expected: String) -> Result<(), VerifyError> {
    if declared != expected {
        return Err(VerifyError::ScopeDateMismatch {
            declared: clip(declared),
            expected,
        });
    }
    Ok(())
}
