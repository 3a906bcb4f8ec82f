//! RFC 3986 percent-encoding, canonical query strings, and decoding of incoming query strings
//! and form bodies, as shared by the signature algorithms.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::VerifyError;

/// Everything except the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~` is encoded.
const RFC3986_RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `text` with the strict RFC 3986 rule all three clouds use: unreserved
/// characters stay literal, every other UTF-8 byte becomes `%XY` (uppercase hex). Space gives
/// `%20`, `*` gives `%2A`, `+` gives `%2B`, `~` stays.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, RFC3986_RESERVED).to_string()
}

/// `name=value` pairs, RFC 3986-encoded, joined by `&`, in the given order (for the wire).
pub fn encode_query(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// How a canonical query string orders its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryOrder {
    /// By raw (decoded) name, then raw value, byte order (Alibaba RPC v1 and ACS3).
    RawName,
    /// By encoded name, then encoded value, byte order (Volcengine).
    EncodedPair,
}

/// The canonical query string: every pair RFC 3986-encoded as `name=value` (an empty value
/// gives `name=`), sorted per `order`, joined by `&`. Repeated names are all kept.
pub fn canonical_query(params: &[(String, String)], order: QueryOrder) -> String {
    let mut pairs: Vec<(&str, &str, String, String)> = params
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str(), percent_encode(n), percent_encode(v)))
        .collect();
    match order {
        QueryOrder::RawName => pairs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1))),
        QueryOrder::EncodedPair => pairs.sort_by(|a, b| (&a.2, &a.3).cmp(&(&b.2, &b.3))),
    }
    pairs
        .iter()
        .map(|(_, _, name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes a raw query string or `application/x-www-form-urlencoded` body into pairs, in order.
///
/// `+` decodes to a space and `%XY` to its byte; a segment without `=` is a name with an empty
/// value; empty segments are skipped. Invalid `%` sequences are kept literally. The decoded
/// bytes must be UTF-8.
pub fn parse_query(raw: &str) -> Result<Vec<(String, String)>, VerifyError> {
    raw.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            Ok((form_decode(name)?, form_decode(value)?))
        })
        .collect()
}

fn form_decode(text: &str) -> Result<String, VerifyError> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| VerifyError::MalformedEncoding("query string or form body"))
}

/// Whether a `Content-Type` value denotes a form body.
pub(crate) fn is_form_content_type(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|mime| {
        mime.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn encodes_the_rfc3986_reserved_set() {
        assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(percent_encode(" "), "%20");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("/=&?#%:"), "%2F%3D%26%3F%23%25%3A");
        assert_eq!(percent_encode("阿"), "%E9%98%BF");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn canonical_query_orders() {
        let params = pairs(&[("b", "2"), ("a", "z"), ("a", "y"), ("a:", "1"), ("a0", "1")]);
        // Raw: ':' (0x3a) sorts after '0' (0x30).
        assert_eq!(
            canonical_query(&params, QueryOrder::RawName),
            "a=y&a=z&a0=1&a%3A=1&b=2"
        );
        // Encoded: '%' (0x25) sorts before '0'.
        assert_eq!(
            canonical_query(&params, QueryOrder::EncodedPair),
            "a=y&a=z&a%3A=1&a0=1&b=2"
        );
        assert_eq!(canonical_query(&[], QueryOrder::RawName), "");
        assert_eq!(
            canonical_query(&pairs(&[("Empty", "")]), QueryOrder::RawName),
            "Empty="
        );
    }

    #[test]
    fn parse_query_decodes_form_rules() {
        let parsed = parse_query("a=1+2&b=%2B%20&c&&d=%E9%98%BF&e=%zz&=x").unwrap();
        assert_eq!(
            parsed,
            pairs(&[
                ("a", "1 2"),
                ("b", "+ "),
                ("c", ""),
                ("d", "阿"),
                ("e", "%zz"),
                ("", "x"),
            ])
        );
        assert!(matches!(
            parse_query("a=%FF"),
            Err(VerifyError::MalformedEncoding(_))
        ));
    }

    #[test]
    fn encode_then_parse_round_trips() {
        let params = pairs(&[("k 1", "v+*~/=&阿"), ("k", ""), ("k", "x")]);
        assert_eq!(parse_query(&encode_query(&params)).unwrap(), params);
    }

    #[test]
    fn form_content_type_detection() {
        assert!(is_form_content_type(
            "application/x-www-form-urlencoded; charset=utf-8"
        ));
        assert!(is_form_content_type("Application/X-WWW-Form-Urlencoded"));
        assert!(!is_form_content_type("application/json"));
    }
}
