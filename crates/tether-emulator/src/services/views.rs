//! What the describe handlers' view builders share: the name a view shows for a resource
//! that may have none ([`name_or_id`]), and an ENI's type and private IPs ([`eni_type`],
//! [`private_ip_sets`]).

use crate::state::NetworkInterface;

/// `name`, or `id` when the resource has no name (as the cloud shows an unnamed instance's
/// host name, or an unnamed configuration's name).
pub fn name_or_id(name: &str, id: &str) -> String {
    if name.is_empty() { id } else { name }.to_string()
}

/// The type of the ENI `e` in a cloud's words: `primary` for an instance's primary ENI,
/// `secondary` for any other.
pub fn eni_type(e: &NetworkInterface, primary: &str, secondary: &str) -> String {
    if e.primary { primary } else { secondary }.to_string()
}

/// The private IPs of the ENI `e`, in order, each made a wire set by `set` with whether it
/// is the ENI's primary private IP (the first).
pub fn private_ip_sets<S>(e: &NetworkInterface, mut set: impl FnMut(&str, bool) -> S) -> Vec<S> {
    e.private_ips
        .iter()
        .enumerate()
        .map(|(i, ip)| set(ip, i == 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_resource_shows_its_id() {
        assert_eq!(name_or_id("", "i-1"), "i-1");
        assert_eq!(name_or_id("web", "i-1"), "web");
    }
}
