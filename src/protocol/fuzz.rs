//! Fuzz target of the msgpack decoder (a property test; `cargo test --lib protocol::fuzz`).
//!
//! Inputs: msgpack encodings of values generated for a random schema type (conforming, or
//! of any shape, with unknowns of every extension type), then mutated — bytes flipped,
//! inserted (often the reserved `0xc1`), deleted, the tail cut — plus plain random bytes.
//!
//! Properties, per input: the decoder does not panic; an error's message stays short (the
//! input is quoted by prefix only); and when the input decodes, (1) rmpv reads the same bytes
//! as exactly one msgpack value, (2) no extension other than 0 and 12 is in it, and (3)
//! encoding the decoded value and decoding that again gives the same encoding.
//!
//! Bounded and deterministic by default: 2,000 inputs per property from a fixed seed. For a
//! long run, `TETHER_FUZZ_CASES=1000000 cargo test --release --lib protocol::fuzz --
//! --nocapture` (`TETHER_FUZZ_SEED=<n>` explores other inputs); each property prints its
//! figure (inputs, time, decoded, refused, findings).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use rmpv::Value as Mp;

use super::codec::{decode_msgpack, encode_msgpack};
use crate::framework::value::Type;

/// Longest error message allowed (the path and the quoted prefix included).
const MAX_MESSAGE: usize = 2048;

fn cases() -> u32 {
    std::env::var("TETHER_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

/// A random schema type, nested up to three levels (also used by the codec's JSON property).
pub(super) fn arb_type() -> impl Strategy<Value = Type> {
    let leaf = prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String), Just(Type::Dynamic)];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Type::Tuple),
            proptest::collection::btree_map("[a-z]{1,3}", inner, 0..4).prop_map(Type::Object),
        ]
    })
}

/// An unknown as Terraform writes it (ext 0, ext 12 with refinements), or an extension of
/// another type.
fn arb_extension() -> impl Strategy<Value = Mp> {
    prop_oneof![
        3 => Just(Mp::Ext(0, vec![0])),
        2 => Just(Mp::Ext(12, vec![0x81, 0x01, 0xc2])),
        1 => (any::<i8>(), proptest::collection::vec(any::<u8>(), 0..6)).prop_map(|(t, p)| Mp::Ext(t, p)),
    ]
}

/// Any msgpack value.
fn arb_any() -> impl Strategy<Value = Mp> {
    let leaf = prop_oneof![
        Just(Mp::Nil),
        any::<bool>().prop_map(Mp::Boolean),
        any::<i64>().prop_map(Mp::from),
        any::<u64>().prop_map(Mp::from),
        any::<f64>().prop_map(Mp::F64),
        any::<f32>().prop_map(Mp::F32),
        "\\PC{0,8}".prop_map(|s| Mp::String(s.into())),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Mp::Binary),
        arb_extension(),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Mp::Array),
            proptest::collection::vec(("[a-z]{0,3}".prop_map(|k| Mp::String(k.into())), inner), 0..4).prop_map(Mp::Map),
        ]
    })
}

/// A msgpack value of type `ty` (sometimes null or unknown).
fn conforming(ty: &Type) -> BoxedStrategy<Mp> {
    let value: BoxedStrategy<Mp> = match ty {
        Type::Bool => any::<bool>().prop_map(Mp::Boolean).boxed(),
        Type::Number => prop_oneof![
            any::<i64>().prop_map(Mp::from),
            any::<u64>().prop_map(Mp::from),
            any::<f64>().prop_map(Mp::F64),
            "-?[0-9]{1,30}(\\.[0-9]{1,10})?".prop_map(|s| Mp::String(s.into())),
        ]
        .boxed(),
        Type::String => "\\PC{0,12}".prop_map(|s| Mp::String(s.into())).boxed(),
        Type::Dynamic => prop_oneof![Just(Type::String), Just(Type::Number), Just(Type::list(Type::Bool))]
            .prop_flat_map(|inner| {
                let json = inner.to_json().to_string().into_bytes();
                conforming(&inner).prop_map(move |v| Mp::Array(vec![Mp::Binary(json.clone()), v]))
            })
            .boxed(),
        Type::List(elem) | Type::Set(elem) => proptest::collection::vec(conforming(elem), 0..4).prop_map(Mp::Array).boxed(),
        Type::Map(elem) => {
            proptest::collection::btree_map("\\PC{0,4}", conforming(elem), 0..4).prop_map(|m| Mp::Map(m.into_iter().map(|(k, v)| (Mp::String(k.into()), v)).collect())).boxed()
        }
        Type::Tuple(elems) => elems.iter().map(conforming).collect::<Vec<_>>().prop_map(Mp::Array).boxed(),
        Type::Object(attrs) => {
            let fields: Vec<BoxedStrategy<Option<(Mp, Mp)>>> = attrs
                .iter()
                .map(|(name, t)| {
                    let key = Mp::String(name.as_str().into());
                    proptest::option::weighted(0.8, conforming(t)).prop_map(move |v| v.map(|v| (key.clone(), v))).boxed()
                })
                .collect();
            fields.prop_map(|fields| Mp::Map(fields.into_iter().flatten().collect())).boxed()
        }
    };
    prop_oneof![8 => value, 1 => Just(Mp::Nil), 1 => arb_extension()].boxed()
}

/// One change to an encoding.
#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Cut(usize),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![2 => Just(0xc1u8), 1 => Just(0xd4u8), 1 => Just(0xc7u8), 4 => any::<u8>()];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Cut),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len();
        match *m {
            Mutation::Set(i, b) if n > 0 => bytes[i % n] = b,
            Mutation::Insert(i, b) => bytes.insert(i % (n + 1), b),
            Mutation::Delete(i) if n > 0 => {
                bytes.remove(i % n);
            }
            Mutation::Cut(i) if n > 0 => bytes.truncate(i % n),
            _ => {}
        }
    }
    bytes
}

fn has_foreign_extension(v: &Mp) -> bool {
    match v {
        Mp::Ext(t, _) => *t != 0 && *t != 12,
        Mp::Array(items) => items.iter().any(has_foreign_extension),
        Mp::Map(entries) => entries.iter().any(|(k, v)| has_foreign_extension(k) || has_foreign_extension(v)),
        _ => false,
    }
}

/// The properties of one input; whether it decoded.
fn check(bytes: &[u8], ty: &Type) -> Result<bool, TestCaseError> {
    match decode_msgpack(bytes, ty) {
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.len() <= MAX_MESSAGE, "{} byte message: {}", message.len(), crate::framework::quote::prefix(&message));
            Ok(false)
        }
        Ok(value) => {
            if !bytes.is_empty() {
                let mut rest = bytes;
                let raw = rmpv::decode::read_value(&mut rest);
                prop_assert!(raw.is_ok() && rest.is_empty(), "decoded what is not one msgpack value: {bytes:02x?}");
                if let Ok(raw) = raw {
                    prop_assert!(!has_foreign_extension(&raw), "decoded a foreign extension: {bytes:02x?}");
                }
            }
            let encoded = encode_msgpack(&value, ty);
            prop_assert!(encoded.is_ok(), "a decoded value does not encode: {value:?}");
            let encoded = encoded.unwrap_or_default();
            let again = decode_msgpack(&encoded, ty);
            prop_assert!(again.is_ok(), "own encoding does not decode: {again:?}");
            let re_encoded = again.ok().and_then(|v| encode_msgpack(&v, ty).ok());
            prop_assert_eq!(re_encoded.as_ref(), Some(&encoded));
            Ok(true)
        }
    }
}

fn encode(v: &Mp) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, v).unwrap_or_default();
    out
}

/// Runs [`check`] over `cases()` inputs made by `strategy` (fixed seed unless
/// `TETHER_FUZZ_SEED` is set) and prints the figure: inputs, time, decoded, refused.
fn run<S: Strategy<Value = (Type, Vec<u8>)>>(name: &str, strategy: S) {
    let seed = std::env::var("TETHER_FUZZ_SEED").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    seed_bytes[8..8 + name.len().min(24)].copy_from_slice(&name.as_bytes()[..name.len().min(24)]);
    let config = ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let decoded = AtomicU64::new(0);
    let refused = AtomicU64::new(0);
    let started = Instant::now();
    let result = runner.run(&strategy, |(ty, bytes)| {
        let ok = check(&bytes, &ty)?;
        if ok { &decoded } else { &refused }.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    eprintln!(
        "msgpack fuzz {name}: {} inputs in {:.1?} (seed {seed}): {} decoded, {} refused, {}",
        decoded.load(Ordering::Relaxed) + refused.load(Ordering::Relaxed),
        started.elapsed(),
        decoded.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
        if result.is_ok() { "no finding" } else { "FINDING" },
    );
    if let Err(e) = result {
        panic!("msgpack fuzz {name}: {e}");
    }
}

/// Values generated for the type, mutated.
#[test]
fn conforming_values_mutated() {
    let strategy = arb_type()
        .prop_flat_map(|ty| {
            let v = conforming(&ty);
            (Just(ty), v, proptest::collection::vec(arb_mutation(), 0..4))
        })
        .prop_map(|(ty, raw, mutations)| (ty, mutate(encode(&raw), &mutations)));
    run("conforming_values_mutated", strategy);
}

/// Values of any shape, mutated.
#[test]
fn any_values_mutated() {
    let strategy = (arb_type(), arb_any(), proptest::collection::vec(arb_mutation(), 0..3)).prop_map(|(ty, raw, mutations)| (ty, mutate(encode(&raw), &mutations)));
    run("any_values_mutated", strategy);
}

/// Random bytes.
#[test]
fn random_bytes() {
    run("random_bytes", (arb_type(), proptest::collection::vec(any::<u8>(), 0..64)));
}
