//! The element-wise maths of the forward pass (activation quantisation,
//! dequantisation, layer norm, softmax, GELU), written once as
//! `#[inline(always)]` generic code. Each kernel module instantiates it inside
//! `#[target_feature]` functions via [`level_functions!`], so LLVM vectorises
//! the same source for AVX-512, AVX2 and the baseline. Reductions keep 16
//! partial sums so that they vectorise without reassociation licences; exp and
//! erf are branch-free polynomial approximations (relative error about 1e-7).

/// How `a * b + c` is computed: fused where the level has FMA, separately
/// where it would be a slow library call.
pub(super) trait MulAdd {
    fn mul_add(a: f32, b: f32, c: f32) -> f32;
}

/// Fused multiply-add (levels with FMA).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(super) struct Fused;

/// Multiply then add (the portable level).
pub(super) struct Separate;

impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}

impl MulAdd for Separate {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a * b + c
    }
}

const LANES: usize = 16;

/// 1.5 · 2²³: adding it rounds an f32 of magnitude below 2²² to the nearest
/// integer (ties to even) and leaves that integer in the low mantissa bits.
const ROUND: f32 = 12_582_912.0;

#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    let tail: f32 = chunks.remainder().iter().sum();
    acc.iter().sum::<f32>() + tail
}

#[inline(always)]
fn max_abs(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a = a.max(v.abs());
        }
    }
    let tail = chunks.remainder().iter().fold(0f32, |m, v| m.max(v.abs()));
    acc.iter().fold(tail, |m, &v| m.max(v))
}

#[inline(always)]
fn max(x: &[f32]) -> f32 {
    let mut acc = [f32::MIN; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a = a.max(v);
        }
    }
    let tail = chunks.remainder().iter().fold(f32::MIN, |m, &v| m.max(v));
    acc.iter().fold(tail, |m, &v| m.max(v))
}

/// eᕽ for x in [-87, 88] (clamped), Cephes-style: x = n·ln2 + r, degree-6
/// polynomial in r, 2ⁿ built in the exponent bits.
#[inline(always)]
pub(super) fn exp<F: MulAdd>(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = x.clamp(-87.0, 88.0);
    let t = F::mul_add(x, std::f32::consts::LOG2_E, ROUND);
    let n = t - ROUND;
    let r = F::mul_add(n, -LN2_HI, x);
    let r = F::mul_add(n, -LN2_LO, r);
    let mut p = 1.987_569_1e-4;
    p = F::mul_add(p, r, 1.398_199_9e-3);
    p = F::mul_add(p, r, 8.333_452e-3);
    p = F::mul_add(p, r, 4.166_579_6e-2);
    p = F::mul_add(p, r, 1.666_666_5e-1);
    p = F::mul_add(p, r, 5e-1);
    let y = F::mul_add(p, r * r, r) + 1.0;
    let exponent = (t.to_bits() as i32 - ROUND.to_bits() as i32 + 127) << 23;
    y * f32::from_bits(exponent as u32)
}

/// erf(x) as an odd rational function on [-4, 4] (erf is ±1 in f32 beyond);
/// absolute error below 5e-7.
#[inline(always)]
pub(super) fn erf<F: MulAdd>(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142e-10;
    p = F::mul_add(x2, p, 2.770_681_4e-8);
    p = F::mul_add(x2, p, -2.101_024e-6);
    p = F::mul_add(x2, p, -5.692_506_4e-5);
    p = F::mul_add(x2, p, -7.349_906_3e-4);
    p = F::mul_add(x2, p, -2.954_600_1e-3);
    p = F::mul_add(x2, p, -1.609_603_3e-2);
    let mut q = -1.456_607_2e-5;
    q = F::mul_add(x2, q, -2.133_740_6e-4);
    q = F::mul_add(x2, q, -1.682_827e-3);
    q = F::mul_add(x2, q, -7.373_329_3e-3);
    q = F::mul_add(x2, q, -1.426_473_9e-2);
    x * p / q
}

/// Symmetric int8 quantisation of `rows` rows of `k` values, one scale per
/// row (`max |x| / 127`), written as `q + 128` into rows of `kp` bytes (the
/// padding holds 128, i.e. zero).
#[inline(always)]
pub(super) fn quantize_rows<F: MulAdd>(
    x: &[f32],
    rows: usize,
    k: usize,
    kp: usize,
    out: &mut [u8],
    scales: &mut [f32],
) {
    for ((row, dst), scale) in x
        .chunks_exact(k)
        .zip(out.chunks_exact_mut(kp))
        .zip(scales.iter_mut())
        .take(rows)
    {
        let amax = max_abs(row);
        let (s, inv) = if amax > 0.0 && amax.is_finite() {
            (amax / 127.0, 127.0 / amax)
        } else {
            (0.0, 0.0)
        };
        *scale = s;
        let (body, pad) = dst.split_at_mut(k);
        for (d, &v) in body.iter_mut().zip(row) {
            let t = F::mul_add(v, inv, ROUND);
            let q = t.to_bits() as i32 - ROUND.to_bits() as i32;
            *d = (q + 128).clamp(1, 255) as u8;
        }
        pad.fill(128);
    }
}

/// `out[m][n] = acc[m][n] · row_scales[m] · col_scales[n] + bias[n]` with
/// `n = bias.len()`.
#[inline(always)]
pub(super) fn dequantize<F: MulAdd>(
    acc: &[i32],
    rows: usize,
    row_scales: &[f32],
    col_scales: &[f32],
    bias: &[f32],
    out: &mut [f32],
) {
    let n = bias.len();
    for ((acc, out), &rs) in acc
        .chunks_exact(n)
        .zip(out.chunks_exact_mut(n))
        .zip(row_scales)
        .take(rows)
    {
        for (((o, &a), &cs), &b) in out.iter_mut().zip(acc).zip(col_scales).zip(bias) {
            *o = F::mul_add(a as f32, rs * cs, b);
        }
    }
}

/// Row-wise `x = (x + y - mean) / sqrt(var + eps) · w + b` over rows of `w.len()`.
#[inline(always)]
pub(super) fn add_layer_norm<F: MulAdd>(
    x: &mut [f32],
    y: Option<&[f32]>,
    w: &[f32],
    b: &[f32],
    eps: f32,
) {
    let h = w.len();
    for (r, row) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            for (v, &d) in row.iter_mut().zip(&y[r * h..(r + 1) * h]) {
                *v += d;
            }
        }
        let mean = sum(row) / h as f32;
        let mut acc = [0f32; LANES];
        let mut chunks = row.chunks_exact(LANES);
        for c in &mut chunks {
            for (a, &v) in acc.iter_mut().zip(c) {
                *a = F::mul_add(v - mean, v - mean, *a);
            }
        }
        let tail: f32 = chunks
            .remainder()
            .iter()
            .map(|&v| (v - mean) * (v - mean))
            .sum();
        let var = (acc.iter().sum::<f32>() + tail) / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, &wv), &bv) in row.iter_mut().zip(w).zip(b) {
            *v = F::mul_add((*v - mean) * inv, wv, bv);
        }
    }
}

/// GELU, erf form: `x / 2 · (1 + erf(x / √2))`.
#[inline(always)]
pub(super) fn gelu<F: MulAdd>(x: &mut [f32]) {
    for v in x {
        let e = erf::<F>(*v * std::f32::consts::FRAC_1_SQRT_2);
        *v = 0.5 * *v * (1.0 + e);
    }
}

/// Softmax over the first `len` values of each of `rows` rows of `stride`.
/// The rest of each row (up to `stride`, where the slice has it) is set to
/// zero, so that whole rows run in full vectors. With `inv_sums`, rows are
/// left unnormalised (`exp(x - max)`) and the reciprocal of each row's sum is
/// stored there instead.
#[inline(always)]
pub(super) fn softmax_rows<F: MulAdd>(
    x: &mut [f32],
    rows: usize,
    len: usize,
    stride: usize,
    mut inv_sums: Option<&mut [f32]>,
) {
    for r in 0..rows {
        let start = r * stride;
        let end = (start + stride).min(x.len()).max(start + len);
        let row = &mut x[start..end];
        let m = max(&row[..len]);
        let mut acc = [0f32; LANES];
        let done = row.len() / LANES * LANES;
        let mut chunks = row.chunks_exact_mut(LANES);
        for (c, chunk) in (&mut chunks).enumerate() {
            for (j, (v, a)) in chunk.iter_mut().zip(acc.iter_mut()).enumerate() {
                let e = exp::<F>(*v - m);
                *v = if c * LANES + j < len { e } else { 0.0 };
                *a += *v;
            }
        }
        let mut tail = 0.0;
        for (j, v) in chunks.into_remainder().iter_mut().enumerate() {
            *v = if done + j < len {
                exp::<F>(*v - m)
            } else {
                0.0
            };
            tail += *v;
        }
        let inv = 1.0 / (acc.iter().sum::<f32>() + tail);
        match inv_sums.as_deref_mut() {
            Some(out) => out[r] = inv,
            None => row.iter_mut().for_each(|v| *v *= inv),
        }
    }
}

/// Instantiates the element-wise functions for one level: with
/// `features = "..."` as `#[target_feature]` functions (safe to call only once
/// those features are detected), or plain for the portable level.
macro_rules! level_functions {
    (features = $features:literal, $fma:ty) => {
        level_functions!(@emit #[target_feature(enable = $features)], $fma);
    };
    (portable) => {
        level_functions!(@emit #[inline], super::elementwise::Separate);
    };
    (@emit #[$attr:meta], $fma:ty) => {
        #[$attr]
        pub(super) fn quantize_rows(x: &[f32], rows: usize, k: usize, kp: usize, out: &mut [u8], scales: &mut [f32]) {
            super::elementwise::quantize_rows::<$fma>(x, rows, k, kp, out, scales)
        }

        #[$attr]
        pub(super) fn dequantize(acc: &[i32], rows: usize, row_scales: &[f32], col_scales: &[f32], bias: &[f32], out: &mut [f32]) {
            super::elementwise::dequantize::<$fma>(acc, rows, row_scales, col_scales, bias, out)
        }

        #[$attr]
        pub(super) fn add_layer_norm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], eps: f32) {
            super::elementwise::add_layer_norm::<$fma>(x, y, w, b, eps)
        }

        #[$attr]
        pub(super) fn gelu(x: &mut [f32]) {
            super::elementwise::gelu::<$fma>(x)
        }

        #[$attr]
        pub(super) fn softmax_rows(x: &mut [f32], rows: usize, len: usize, stride: usize, inv_sums: Option<&mut [f32]>) {
            super::elementwise::softmax_rows::<$fma>(x, rows, len, stride, inv_sums)
        }
    };
}

pub(super) use level_functions;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate() {
        let mut worst = 0f32;
        let mut x = -87.0f32;
        while x < 88.0 {
            for v in [exp::<Separate>(x), exp::<Fused>(x)] {
                let rel = ((v - x.exp()) / x.exp()).abs();
                worst = worst.max(rel);
            }
            x += 0.0137;
        }
        assert!(worst < 5e-7, "exp relative error {worst}");
        assert_eq!(exp::<Separate>(0.0), 1.0);
        assert!(exp::<Separate>(-1000.0) < 1e-37);
    }

    #[test]
    fn erf_is_accurate() {
        // Reference values of erf.
        let cases = [
            (0.0, 0.0),
            (0.1, 0.112_462_92),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (1.5, 0.966_105_16),
            (2.0, 0.995_322_3),
            (3.0, 0.999_977_9),
            (5.0, 1.0),
        ];
        for (x, want) in cases {
            for sign in [1.0f32, -1.0] {
                let got = erf::<Separate>(sign * x);
                assert!(
                    (got - sign * want).abs() < 1e-6,
                    "erf({}) = {got}",
                    sign * x
                );
            }
        }
    }

    #[test]
    fn quantisation_rounds_to_nearest() {
        let x = [1.0f32, -0.5, 0.25, 0.0, -1.0];
        let mut out = [0u8; 8];
        let mut scales = [0f32; 1];
        quantize_rows::<Separate>(&x, 1, 5, 8, &mut out, &mut scales);
        assert_eq!(scales[0], 1.0 / 127.0);
        assert_eq!(out, [255, 128 - 64, 128 + 32, 128, 1, 128, 128, 128]);
    }
}
