//! 256-bit VNNI kernels: the int8 product with 256-bit `vpdpbusd`, built
//! twice from one source, for the VEX encoding (AVX-VNNI: Alder Lake, Zen 5)
//! and for the EVEX encoding (AVX-512 VNNI + VL: CPUs that lack AVX-VNNI but
//! have AVX-512, where this kernel is the 256-bit alternative to `avx512`).
//! Its f32 and element-wise code is the AVX2 module's. Every function here is
//! a `#[target_feature]` function; the dispatcher calls them only with a
//! `Cpu` token made after detection.

use std::arch::x86_64::*;

use super::avx2::store_tile;
use super::operands::{PANEL, PackedWeights};

/// Token rows per tile (16 ymm registers: 8 accumulators + weights).
const MR: usize = 4;

macro_rules! vnni256 {
    ($gemm:ident, $tile:ident, $features:literal, $dpbusd:ident) => {
        /// `out[m][n] = Σ_k (a[m][k] - 128) · w[n][k]`.
        ///
        /// Needs `a.len() >= m * w.kp` and `out.len() >= m * w.n` (checked
        /// by the dispatcher).
        #[target_feature(enable = $features)]
        pub(super) fn $gemm(a: &[u8], m: usize, w: &PackedWeights, out: &mut [i32]) {
            let (kp, n) = (w.kp, w.n);
            for p in 0..w.panels() {
                let weights = &w.data[p * PANEL * kp..(p + 1) * PANEL * kp];
                let sums = &w.row_sums[p * PANEL..(p + 1) * PANEL];
                let valid = (n - p * PANEL).min(PANEL);
                let mut r = 0;
                while r < m {
                    let acts = &a[r * kp..];
                    let dst = &mut out[r * n + p * PANEL..];
                    // SAFETY: `acts` holds the remaining rows of `kp` bytes,
                    // `weights` one panel of `16 kp` bytes, `sums` 16 values
                    // and `dst` at least `valid` columns of each remaining row
                    // at stride `n` (sizes checked by the dispatcher).
                    unsafe {
                        match m - r {
                            1 => $tile::<1>(acts, kp, weights, sums, dst, n, valid),
                            2 => $tile::<2>(acts, kp, weights, sums, dst, n, valid),
                            3 => $tile::<3>(acts, kp, weights, sums, dst, n, valid),
                            _ => $tile::<MR>(acts, kp, weights, sums, dst, n, valid),
                        }
                    }
                    r += MR;
                }
            }
        }

        /// One `R` x 16 tile.
        ///
        /// # Safety
        /// `acts` must hold `R` rows of `kp` bytes, `weights` one panel of
        /// `16 kp` bytes, `sums` 16 values, and `dst` must reach
        /// `(R - 1) * ldo + valid` values.
        #[target_feature(enable = $features)]
        #[inline]
        unsafe fn $tile<const R: usize>(
            acts: &[u8],
            kp: usize,
            weights: &[i8],
            sums: &[i32],
            dst: &mut [i32],
            ldo: usize,
            valid: usize,
        ) {
            debug_assert!(acts.len() >= (R - 1) * kp + kp && weights.len() >= PANEL * kp);
            debug_assert!(sums.len() >= PANEL && dst.len() >= (R - 1) * ldo + valid);
            let a = acts.as_ptr();
            let wp = weights.as_ptr();
            let mut acc = [[_mm256_setzero_si256(); 2]; R];
            for q in 0..kp / 4 {
                // SAFETY: the panel spans `16 kp` bytes; 64 bytes at `q * 64` lie inside.
                let (w0, w1) = unsafe {
                    (
                        _mm256_loadu_si256(wp.add(q * 64).cast()),
                        _mm256_loadu_si256(wp.add(q * 64 + 32).cast()),
                    )
                };
                for (r, row) in acc.iter_mut().enumerate() {
                    // SAFETY: row r spans `kp` bytes; 4 bytes at `q * 4` lie inside.
                    let quad = unsafe { a.add(r * kp + q * 4).cast::<i32>().read_unaligned() };
                    let av = _mm256_set1_epi32(quad);
                    row[0] = $dpbusd(row[0], av, w0);
                    row[1] = $dpbusd(row[1], av, w1);
                }
            }
            // SAFETY: `sums` holds 16 values.
            let (s0, s1) = unsafe {
                (
                    _mm256_loadu_si256(sums.as_ptr().cast()),
                    _mm256_loadu_si256(sums.as_ptr().add(8).cast()),
                )
            };
            let (o0, o1) = (_mm256_slli_epi32::<7>(s0), _mm256_slli_epi32::<7>(s1));
            for row in acc.iter_mut() {
                row[0] = _mm256_sub_epi32(row[0], o0);
                row[1] = _mm256_sub_epi32(row[1], o1);
            }
            store_tile(&acc, dst, ldo, valid);
        }
    };
}

vnni256!(
    gemm_i8_vex,
    tile_vex,
    "avxvnni,avx2,fma",
    _mm256_dpbusd_avx_epi32
);
vnni256!(
    gemm_i8_evex,
    tile_evex,
    "avx512f,avx512vnni,avx512vl,avx2,fma",
    _mm256_dpbusd_epi32
);
