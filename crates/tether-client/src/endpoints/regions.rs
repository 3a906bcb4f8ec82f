//! Which regions each cloud has, and the known names closest to a mistyped one.

use super::tables::{ALIBABA_REGIONS, TENCENT_REGIONS, VOLCENGINE_REGIONS};
use tether_wire::cloud::Cloud;

/// The regions `cloud`'s SDK data lists (sorted): the same data the endpoint tables come from.
pub fn known_regions(cloud: Cloud) -> &'static [&'static str] {
    match cloud {
        Cloud::Alibaba => ALIBABA_REGIONS,
        Cloud::Tencent => TENCENT_REGIONS,
        Cloud::Volcengine => VOLCENGINE_REGIONS,
    }
}

/// Whether `region` is one of [`known_regions`].
pub fn is_known_region(cloud: Cloud, region: &str) -> bool {
    known_regions(cloud).binary_search(&region).is_ok()
}

/// At most `max` known regions of `cloud` closest to `region` (a likely typo): of those within
/// an edit distance of a third of the name (at least 2), the nearest ones (ties all kept, in
/// name order).
pub fn closest_regions(cloud: Cloud, region: &str, max: usize) -> Vec<&'static str> {
    let limit = (region.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = known_regions(cloud)
        .iter()
        .filter_map(|known| {
            let d = edit_distance(region, known);
            (d <= limit).then_some((d, *known))
        })
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(max)
        .map(|(_, r)| r)
        .collect()
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
/// transpositions each count 1).
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}
