//! Every kernel this CPU runs gives the same int8 products as the portable
//! kernel (bit for bit) on random matrices of awkward shapes, and the same
//! f32 results up to rounding.

mod common;

use common::Rng;
use helpportal_encoder::Kernel;
use helpportal_encoder::kernels::{self, PackedWeights};

fn naive(a: &[i8], m: usize, w: &[i8], n: usize, k: usize) -> Vec<i32> {
    let mut out = vec![0i32; m * n];
    for i in 0..m {
        for j in 0..n {
            out[i * n + j] = (0..k)
                .map(|p| i32::from(a[i * k + p]) * i32::from(w[j * k + p]))
                .sum();
        }
    }
    out
}

/// (tokens, outputs, depth): tile remainders in every direction, the model's
/// real depths (384, 1536) and the Q4 block (32), plus depths not a multiple of 4.
const SHAPES: [(usize, usize, usize); 14] = [
    (1, 16, 32),
    (3, 17, 32),
    (5, 384, 384),
    (7, 1536, 384),
    (20, 384, 1536),
    (13, 33, 100),
    (4, 64, 4),
    (9, 1, 7),
    (2, 50, 1536),
    (6, 1152, 384),
    (11, 79, 32),
    (17, 48, 3),
    (1, 1, 1),
    (33, 200, 64),
];

#[test]
fn every_int8_kernel_matches_the_portable_one() {
    let available = kernels::available();
    assert_eq!(available.last(), Some(&Kernel::Portable));
    println!("kernels available: {available:?}");
    let mut rng = Rng(0x5eed);
    for (case, &(m, n, k)) in SHAPES.iter().enumerate() {
        // Activations in -127..=127 (the quantiser's range); weights over all
        // of i8. Case 0 and 1 use the extremes to probe saturation.
        let (a, w): (Vec<i8>, Vec<i8>) = match case {
            0 => (vec![127; m * k], vec![127; n * k]),
            1 => (
                vec![-127; m * k],
                (0..n * k)
                    .map(|i| if i % 2 == 0 { -128 } else { 127 })
                    .collect(),
            ),
            _ => (
                (0..m * k).map(|_| rng.range(-127, 127) as i8).collect(),
                (0..n * k).map(|_| rng.range(-128, 127) as i8).collect(),
            ),
        };
        let packed = PackedWeights::pack(&w, n, k).expect("packs");
        let want = naive(&a, m, &w, n, k);
        let portable = kernels::gemm_i8(Kernel::Portable, &a, m, &packed).expect("portable runs");
        assert_eq!(portable, want, "portable kernel wrong for {m}x{n}x{k}");
        for &kernel in &available {
            let got = kernels::gemm_i8(kernel, &a, m, &packed).expect("available kernel runs");
            assert_eq!(
                got, portable,
                "{kernel} differs from portable for {m}x{n}x{k}"
            );
        }
    }
}

#[test]
fn unavailable_kernels_and_bad_shapes_are_errors() {
    let w = PackedWeights::pack(&[1, 2, 3, 4], 2, 2).expect("packs");
    assert!(kernels::gemm_i8(Kernel::Portable, &[1, 2, 3], 2, &w).is_err());
    assert!(PackedWeights::pack(&[1, 2, 3], 2, 2).is_err());
    for kernel in Kernel::ALL {
        let result = kernels::gemm_i8(kernel, &[1, 2], 1, &w);
        assert_eq!(result.is_ok(), kernel.is_available(), "{kernel}");
    }
}

#[test]
fn kernel_names_round_trip() {
    for kernel in Kernel::ALL {
        assert_eq!(Kernel::from_name(&kernel.to_string()), Some(kernel));
        assert_eq!(
            Kernel::from_name(&kernel.name().to_uppercase()),
            Some(kernel)
        );
    }
    assert_eq!(Kernel::from_name("sse9"), None);
    assert!(Kernel::best().is_available());
}

fn assert_close(got: &[f32], want: &[f32], tol: f32, what: &str) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol * (1.0 + w.abs()),
            "{what}[{i}]: {g} vs {w}"
        );
    }
}

#[test]
fn every_f32_kernel_matches_the_portable_one() {
    let mut rng = Rng(42);
    for &(m, k, n) in &[
        (1, 32, 16),
        (5, 32, 48),
        (20, 20, 32),
        (37, 300, 32),
        (4, 1, 64),
    ] {
        let a: Vec<f32> = (0..m * k).map(|_| rng.unit()).collect();
        let b: Vec<f32> = (0..k * n).map(|_| rng.unit()).collect();
        let want = kernels::sgemm(Kernel::Portable, &a, m, k, &b, n).expect("portable");
        for kernel in kernels::available() {
            let got = kernels::sgemm(kernel, &a, m, k, &b, n).expect("runs");
            assert_close(&got, &want, 1e-5, &format!("{kernel} sgemm {m}x{k}x{n}"));
        }
    }
    let x: Vec<f32> = (0..1000).map(|i| (i as f32 - 500.0) / 50.0).collect();
    let mut want = x.clone();
    kernels::gelu(Kernel::Portable, &mut want).expect("portable");
    for (v, &x) in want.iter().zip(&x) {
        // GELU is within 1e-6 of x·Φ(x); spot-check the tails and zero.
        if x >= 5.0 {
            assert!((v - x).abs() < 1e-5);
        } else if x <= -5.0 {
            assert!(v.abs() < 1e-5);
        }
    }
    let mut logits: Vec<f32> = (0..77).map(|_| rng.unit() * 30.0).collect();
    let mut soft_want = logits.clone();
    kernels::softmax(Kernel::Portable, &mut soft_want).expect("portable");
    assert!((soft_want.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    for kernel in kernels::available() {
        let mut got = x.clone();
        kernels::gelu(kernel, &mut got).expect("runs");
        assert_close(&got, &want, 1e-6, &format!("{kernel} gelu"));
        let mut soft = logits.clone();
        kernels::softmax(kernel, &mut soft).expect("runs");
        assert_close(&soft, &soft_want, 1e-6, &format!("{kernel} softmax"));
    }
    logits.clear();
    kernels::softmax(Kernel::Portable, &mut logits).expect("empty softmax is fine");
}
