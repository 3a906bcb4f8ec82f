//! Typed request and response shapes of the 18 cloud APIs (in progress).
