//! Deterministic generators for the cases: a seeded splitmix64 `Rng` and the regions, text
//! fragments, parameter names, bodies, timestamps and credentials drawn from it.

use super::*;

/// splitmix64.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub(crate) const REGIONS: [&str; 4] =
    ["cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1"];

/// Pieces of parameter values: the characters each cloud encodes differently, UTF-8 text,
/// and ordinary identifiers.
pub(crate) const FRAGMENTS: &[&str] = &[
    "a",
    "Z",
    "q9",
    "0",
    "-",
    "_",
    ".",
    "~",
    "*",
    " ",
    "  ",
    "+",
    "/",
    "=",
    "&",
    "%",
    "%20",
    "%2B",
    "?",
    "#",
    ":",
    ";",
    ",",
    "@",
    "!",
    "'",
    "(",
    ")",
    "\"",
    "\\",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "|",
    "^",
    "`",
    "$",
    "\t",
    "\n",
    "中",
    "文",
    "阿里云",
    "é",
    "ü",
    "Ω",
    "🚀",
    "€",
    "ﬁ",
    "i-bp1abc",
    "2016-04-28",
    "cn-hangzhou",
    "eip-11112222",
];

pub(crate) const NAMES: &[&str] = &[
    "RegionId",
    "AllocationId",
    "InstanceType",
    "HaVipId",
    "ClientToken",
    "PageSize",
    "PageNumber",
    "Tag.1.Key",
    "Tag.1.Value",
    "Tag.2.Key",
    "Name",
    "Description",
    "DryRun",
    "Filters.1.Values.1",
    "ScalingGroupId",
    "a",
    "Z",
    "_x",
    "x-y~z",
];

/// 0 to 5 fragments (so about one value in six is empty).
pub(crate) fn text(rng: &mut Rng) -> String {
    let n = rng.below(6);
    (0..n).map(|_| *rng.pick(FRAGMENTS)).collect()
}

/// Unique-named parameters: ordinary names, an `InstanceId.N` list, and with `odd_names`
/// names built from arbitrary text.
pub(crate) fn params(rng: &mut Rng, odd_names: bool) -> Pairs {
    let mut out: Pairs = Vec::new();
    for _ in 0..rng.below(6) {
        out.push(((*rng.pick(NAMES)).to_owned(), text(rng)));
    }
    for i in 1..=rng.below(4) {
        out.push((format!("InstanceId.{i}"), text(rng)));
    }
    if odd_names {
        // Several names sharing a prefix, so that sorting raw vs encoded names matters
        // (`Ka` < `Ké` raw, but `K%C3%A9` < `Ka` encoded).
        for _ in 0..rng.below(4) {
            out.push((format!("K{}", text(rng)), text(rng)));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|(name, _)| seen.insert(name.clone()));
    out
}

pub(crate) fn json_body(rng: &mut Rng) -> String {
    let mut map = serde_json::Map::new();
    for _ in 0..=rng.below(4) {
        let value = match rng.below(3) {
            0 => json!(text(rng)),
            1 => json!(rng.below(1000)),
            _ => json!([text(rng), text(rng)]),
        };
        map.insert((*rng.pick(NAMES)).to_owned(), value);
    }
    if rng.chance(30) {
        serde_json::to_string_pretty(&map).expect("serialisable")
    } else {
        serde_json::to_string(&map).expect("serialisable")
    }
}

pub(crate) fn body_text(rng: &mut Rng) -> String {
    if rng.chance(50) {
        json_body(rng)
    } else {
        encode_query(&params(rng, true))
    }
}

pub(crate) fn timestamp(rng: &mut Rng) -> u64 {
    let day = 16_000 + rng.below(6_000) as u64;
    // Often right at a day boundary, where the credential-scope date flips.
    let second = *rng.pick(&[0u64, 1, 86_399, 86_398, 43_200]);
    if rng.chance(50) {
        day * 86_400 + second
    } else {
        day * 86_400 + rng.below(86_400) as u64
    }
}

pub(crate) fn uuid_like(rng: &mut Rng) -> String {
    let a = rng.next();
    let b = rng.next();
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn credentials(rng: &mut Rng, prefix: &str) -> Credentials {
    const SECRET_CHARS: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_*&";
    let id = format!("{prefix}{:016x}", rng.next());
    let secret: String = (0..30)
        .map(|_| char::from(*rng.pick(SECRET_CHARS)))
        .collect();
    let creds = Credentials::new(id, secret);
    if rng.chance(30) {
        creds.with_security_token(format!("CAIS{:x}+/={:x}", rng.next(), rng.next()))
    } else {
        creds
    }
}
