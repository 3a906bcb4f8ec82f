//! Retry timing figures of the default policy, printed with `eprintln!` so they can be
//! quoted (run with `--nocapture` to see them).

mod common;

use std::time::{Duration, Instant};

use common::*;
use tether_client::{Backoff, CallContext, Cloud, DEFAULT_MAX_RETRIES};
use tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest;

#[test]
fn default_schedule_figures() {
    let b = Backoff::default();
    let ceilings: Vec<String> = (0..DEFAULT_MAX_RETRIES)
        .map(|n| format!("{:.1}", b.ceiling(n).as_secs_f64()))
        .collect();
    let max_total = b.max_total(DEFAULT_MAX_RETRIES);
    // Sampled sleep totals of 8 retries (draws only, no sleeping).
    const RUNS: u32 = 20_000;
    let mut sum = Duration::ZERO;
    let mut worst = Duration::ZERO;
    for _ in 0..RUNS {
        let total: Duration = (0..DEFAULT_MAX_RETRIES).map(|n| b.delay(n)).sum();
        sum += total;
        worst = worst.max(total);
    }
    let mean = sum / RUNS;
    eprintln!(
        "figure: default backoff base {:?}, cap {:?}, full jitter; ceilings for {} retries (s): [{}]",
        b.base,
        b.cap,
        DEFAULT_MAX_RETRIES,
        ceilings.join(", ")
    );
    eprintln!(
        "figure: total sleep over {DEFAULT_MAX_RETRIES} retries: at most {:.1}s, mean {:.2}s, largest of {RUNS} samples {:.2}s",
        max_total.as_secs_f64(),
        mean.as_secs_f64(),
        worst.as_secs_f64()
    );
    assert_eq!(max_total, Duration::from_millis(32_600));
    // The mean of full jitter is half the ceiling sum (16.3 s); 20 000 samples land close.
    assert!((mean.as_secs_f64() - 16.3).abs() < 0.5, "{mean:?}");
    assert!(worst <= max_total);
}

#[tokio::test]
async fn default_policy_three_retries_wall_clock() {
    const N: usize = 3;
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n <= N {
            alibaba_throttling()
        } else {
            eip_page(&[("eip-1", "InUse")], 1, 1, 10)
        }
    })
    .await;
    let client = server.client_with(DEFAULT_MAX_RETRIES, Backoff::default(), SECRET);
    let req = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    };
    let started = Instant::now();
    client.call(&req, &CallContext::new()).await.unwrap();
    let took = started.elapsed();
    assert_eq!(server.count(), N + 1);
    let bound = Backoff::default().max_total(N as u32);
    eprintln!(
        "figure: {N} throttled attempts then success with the default policy: {:.3}s wall clock \
         (sleep ceiling {:.1}s, expected sleep {:.1}s)",
        took.as_secs_f64(),
        bound.as_secs_f64(),
        bound.as_secs_f64() / 2.0
    );
    assert!(took < bound + Duration::from_secs(2), "{took:?}");
}
