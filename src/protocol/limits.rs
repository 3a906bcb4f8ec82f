//! The bounds every value from Terraform must fit, checked at the edge — before a byte of
//! it is copied or a collection is built — so an oversized request is refused cheaply and
//! leaves no memory behind.
//!
//! tether's schemas hold a few short strings (cloud IDs, addresses, durations, credentials),
//! one set of at most 20 instance IDs per call (ESS `instance_ids`, documented 1–20; state
//! imported from a large scaling group may list more) and its map of weights. The bounds
//! leave ample room above that:
//!
//! | bound | value | refused with |
//! |---|---|---|
//! | one encoded value (msgpack: refused where reading crosses the limit; JSON: before parsing) | 1 MiB | [`CodecError::TooLarge`] |
//! | one string (also map keys, numbers written as strings, type descriptions) | 64 KiB | [`CodecError::StringTooLong`] |
//! | items of one list, set, tuple, map or object | 4,096 | [`CodecError::TooManyItems`] |
//! | nesting | 64 levels | [`CodecError::TooDeep`] |
//!
//! A whole gRPC message may be larger (tonic accepts up to 256 MiB, as terraform-plugin-go
//! does); an oversized value inside it is refused here without being decoded.

use super::codec::CodecError;
use crate::framework::AttrPath;

/// Largest encoded value.
pub const MAX_VALUE_BYTES: usize = 1 << 20;
/// Largest string.
pub const MAX_STRING_BYTES: usize = 64 << 10;
/// Most items in one collection.
pub const MAX_ITEMS: usize = 4096;
/// Deepest nesting.
pub const MAX_DEPTH: usize = 64;

/// Refuses an encoded value above [`MAX_VALUE_BYTES`]; `path` is where reading it crossed
/// the limit (the root when it is refused before reading).
pub fn check_value_bytes(len: usize, path: &AttrPath) -> Result<(), CodecError> {
    if len > MAX_VALUE_BYTES {
        return Err(CodecError::TooLarge { path: path.clone(), bytes: len, limit: MAX_VALUE_BYTES });
    }
    Ok(())
}

/// Refuses a collection of more than [`MAX_ITEMS`] items.
pub fn check_items(count: usize, path: &AttrPath) -> Result<(), CodecError> {
    if count > MAX_ITEMS {
        return Err(CodecError::TooManyItems { path: path.clone(), count, limit: MAX_ITEMS });
    }
    Ok(())
}

/// Refuses nesting below [`MAX_DEPTH`].
pub fn check_depth(depth: usize, path: &AttrPath) -> Result<(), CodecError> {
    if depth > MAX_DEPTH {
        return Err(CodecError::TooDeep { path: path.clone(), limit: MAX_DEPTH });
    }
    Ok(())
}

/// Refuses a string of more than [`MAX_STRING_BYTES`]; `head` is what is at hand of it (for
/// the message, which quotes a prefix only).
pub fn check_string(len: usize, head: &[u8], path: &AttrPath) -> Result<(), CodecError> {
    if len > MAX_STRING_BYTES {
        return Err(CodecError::StringTooLong {
            path: path.clone(),
            bytes: len,
            limit: MAX_STRING_BYTES,
            prefix: crate::framework::quote::quoted_bytes(&head[..head.len().min(32)]),
        });
    }
    Ok(())
}
