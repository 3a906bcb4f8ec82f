//! The canonical request shared by the three HMAC-SHA256 algorithms (ACS3, TC3, volc v4):
//!
//! ```text
//! METHOD \n URI \n QUERY \n name1:value1 \n ... nameN:valueN \n \n name1;...;nameN \n PAYLOAD_HASH
//! ```
//!
//! Header names are lowercased and sorted; values are trimmed; a name added twice has its
//! values joined by `,`. Cloud-specific rules (which headers, value lowercasing, query order)
//! are applied by the algorithm modules before the values get here.

use std::fmt;

use super::crypto::sha256_hex;
use super::is_sensitive_name;

/// Builder and renderer of a canonical request.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    method: String,
    uri: String,
    query: String,
    headers: Vec<(String, String)>,
    payload_hash: String,
}

impl CanonicalRequest {
    /// Starts a canonical request; an empty `uri` becomes `/`.
    pub fn new(method: impl Into<String>, uri: impl Into<String>) -> Self {
        let uri = uri.into();
        Self {
            method: method.into(),
            uri: if uri.is_empty() { "/".to_owned() } else { uri },
            query: String::new(),
            headers: Vec::new(),
            payload_hash: String::new(),
        }
    }

    /// Sets the canonical query string (already canonicalised by the caller).
    pub fn query(mut self, canonical_query: impl Into<String>) -> Self {
        self.query = canonical_query.into();
        self
    }

    /// Adds a signed header: the name is lowercased, the value trimmed; a repeated name gets
    /// its values joined by `,`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = name.to_ascii_lowercase();
        let value = value.trim();
        match self.headers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            None => self.headers.push((name, value.to_owned())),
        }
        self
    }

    /// Adds signed headers in order, as [`header`](Self::header) does.
    pub fn headers<N: AsRef<str>, V: AsRef<str>>(
        self,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        headers.into_iter().fold(self, |cr, (name, value)| {
            cr.header(name.as_ref(), value.as_ref())
        })
    }

    /// Sets the hashed payload line (lowercase hex SHA-256 of the body, or the cloud's marker).
    pub fn payload_hash(mut self, payload_hash: impl Into<String>) -> Self {
        self.payload_hash = payload_hash.into();
        self
    }

    fn sorted_headers(&self) -> Vec<&(String, String)> {
        let mut sorted: Vec<&(String, String)> = self.headers.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        sorted
    }

    /// The `SignedHeaders` value: sorted lowercase names joined by `;`.
    pub fn signed_headers(&self) -> String {
        self.sorted_headers()
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The canonical headers block: `name:value\n` per header, sorted by name.
    pub fn canonical_headers(&self) -> String {
        self.sorted_headers()
            .iter()
            .map(|(name, value)| format!("{name}:{value}\n"))
            .collect()
    }

    /// The full canonical request text.
    pub fn render(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.method,
            self.uri,
            self.query,
            self.canonical_headers(),
            self.signed_headers(),
            self.payload_hash
        )
    }

    /// Lowercase hex SHA-256 of [`render`](Self::render).
    pub fn hashed(&self) -> String {
        sha256_hex(self.render().as_bytes())
    }
}

impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                if is_sensitive_name(n) {
                    (n.as_str(), super::REDACTED)
                } else {
                    (n.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("CanonicalRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("payload_hash", &self.payload_hash)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_blank_line_before_signed_headers() {
        let cr = CanonicalRequest::new("GET", "")
            .query("a=1")
            .header("X-B", " two ")
            .header("Host", "h")
            .header("x-b", "three")
            .payload_hash("ph");
        assert_eq!(cr.signed_headers(), "host;x-b");
        assert_eq!(
            cr.render(),
            "GET\n/\na=1\nhost:h\nx-b:two,three\n\nhost;x-b\nph"
        );
    }

    #[test]
    fn debug_hides_token_headers() {
        let cr = CanonicalRequest::new("GET", "/").header("x-acs-security-token", "tok-value");
        assert!(!format!("{cr:?}").contains("tok-value"));
    }
}
