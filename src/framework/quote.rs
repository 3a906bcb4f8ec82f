//! Quoting input in messages: every diagnostic, error and log line that repeats something
//! Terraform (or a user) sent shows at most a short prefix of it, so a 50 MB string never
//! becomes a 50 MB diagnostic.

/// Characters of input shown before the rest is cut.
pub const QUOTE_CHARS: usize = 64;

/// `text` in quotes, escaped; cut to [`QUOTE_CHARS`] characters with `…` and the full
/// length in bytes when longer.
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
    }
}

/// Like [`quoted`], for bytes that may not be UTF-8 (invalid sequences are replaced).
pub fn quoted_bytes(bytes: &[u8]) -> String {
    // Four bytes per character at most: enough for the prefix, whatever the encoding.
    let head = &bytes[..bytes.len().min(QUOTE_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    match text.char_indices().nth(QUOTE_CHARS) {
        None if head.len() == bytes.len() => format!("{text:?}"),
        None => format!("{text:?}… ({} bytes)", bytes.len()),
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], bytes.len()),
    }
}

/// Text that is not quoted but may be long (a number, a name): cut to [`QUOTE_CHARS`]
/// characters with `…` when longer.
pub fn prefix(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(quoted("i-1"), "\"i-1\"");
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"");
        assert_eq!(prefix("12"), "12");
        assert_eq!(quoted_bytes(b"abc"), "\"abc\"");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let long = "é".repeat(10_000);
        let q = quoted(&long);
        assert!(q.len() < 200, "{q}");
        assert!(q.ends_with("… (20000 bytes)"), "{q}");
        assert_eq!(q.matches('é').count(), QUOTE_CHARS);
        assert!(prefix(&"9".repeat(1 << 20)).len() < 100);
        let bytes = vec![0xffu8; 1 << 20];
        let qb = quoted_bytes(&bytes);
        assert!(qb.len() < 400 && qb.ends_with("(1048576 bytes)"), "{qb}");
    }
}
