//! AVX2 kernels: the int8 product with `vpmaddubsw` and the sign trick
//! (`|w| · sign(a, w)` never saturates for `a` in -127..=127), the f32
//! product with 256-bit FMA, and the element-wise maths compiled for AVX2 +
//! FMA (also used by the AVX-VNNI kernel). Every function here is a
//! `#[target_feature]` function; the dispatcher calls them only with a `Cpu`
//! token made after detection.

use std::arch::x86_64::*;

use super::elementwise::{Fused, level_functions};
use super::operands::{MatRef, PANEL, PackedWeights};

level_functions!(features = "avx2,fma", Fused);

/// Token rows per int8 tile.
const MR: usize = 4;

/// `out[m][n] = Σ_k (a[m][k] - 128) · w[n][k]`.
///
/// Needs `a.len() >= m * w.kp`, `out.len() >= m * w.n` (checked by the
/// dispatcher) and activation bytes in 1..=255.
#[target_feature(enable = "avx2,fma")]
pub(super) fn gemm_i8(a: &[u8], m: usize, w: &PackedWeights, out: &mut [i32]) {
    let (kp, n) = (w.kp, w.n);
    for p in 0..w.panels() {
        let weights = &w.data[p * PANEL * kp..(p + 1) * PANEL * kp];
        let valid = (n - p * PANEL).min(PANEL);
        let mut r = 0;
        while r < m {
            let acts = &a[r * kp..];
            let dst = &mut out[r * n + p * PANEL..];
            // SAFETY: `acts` holds the remaining rows of `kp` bytes, `weights`
            // one panel of `16 kp` bytes and `dst` at least `valid` columns of
            // each remaining row at stride `n` (sizes checked by the dispatcher).
            unsafe {
                match m - r {
                    1 => tile::<1>(acts, kp, weights, dst, n, valid),
                    2 => tile::<2>(acts, kp, weights, dst, n, valid),
                    3 => tile::<3>(acts, kp, weights, dst, n, valid),
                    _ => tile::<MR>(acts, kp, weights, dst, n, valid),
                }
            }
            r += MR;
        }
    }
}

/// One `R` x 16 tile.
///
/// # Safety
/// `acts` must hold `R` rows of `kp` bytes, `weights` one panel of `16 kp`
/// bytes, and `dst` must reach `(R - 1) * ldo + valid` values.
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn tile<const R: usize>(
    acts: &[u8],
    kp: usize,
    weights: &[i8],
    dst: &mut [i32],
    ldo: usize,
    valid: usize,
) {
    debug_assert!(acts.len() >= (R - 1) * kp + kp && weights.len() >= PANEL * kp);
    debug_assert!(dst.len() >= (R - 1) * ldo + valid);
    let a = acts.as_ptr();
    let wp = weights.as_ptr();
    let ones = _mm256_set1_epi16(1);
    let flip = _mm256_set1_epi8(-128);
    let mut acc = [[_mm256_setzero_si256(); 2]; R];
    for q in 0..kp / 4 {
        // SAFETY: the panel spans `16 kp` bytes; 64 bytes at `q * 64` lie inside.
        let (w0, w1) = unsafe {
            (
                _mm256_loadu_si256(wp.add(q * 64).cast()),
                _mm256_loadu_si256(wp.add(q * 64 + 32).cast()),
            )
        };
        let (m0, m1) = (_mm256_abs_epi8(w0), _mm256_abs_epi8(w1));
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: row r spans `kp` bytes; 4 bytes at `q * 4` lie inside.
            let quad = unsafe { a.add(r * kp + q * 4).cast::<i32>().read_unaligned() };
            let av = _mm256_xor_si256(_mm256_set1_epi32(quad), flip);
            let p0 = _mm256_maddubs_epi16(m0, _mm256_sign_epi8(av, w0));
            let p1 = _mm256_maddubs_epi16(m1, _mm256_sign_epi8(av, w1));
            row[0] = _mm256_add_epi32(row[0], _mm256_madd_epi16(p0, ones));
            row[1] = _mm256_add_epi32(row[1], _mm256_madd_epi16(p1, ones));
        }
    }
    store_tile(&acc, dst, ldo, valid);
}

/// Stores the first `valid` columns of each row of a 16-wide i32 tile.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn store_tile<const R: usize>(
    acc: &[[__m256i; 2]; R],
    dst: &mut [i32],
    ldo: usize,
    valid: usize,
) {
    for (r, row) in acc.iter().enumerate() {
        let out = &mut dst[r * ldo..r * ldo + valid];
        if valid == PANEL {
            // SAFETY: `out` holds 16 values.
            unsafe {
                _mm256_storeu_si256(out.as_mut_ptr().cast(), row[0]);
                _mm256_storeu_si256(out.as_mut_ptr().add(8).cast(), row[1]);
            }
        } else {
            let mut tmp = [0i32; PANEL];
            // SAFETY: `tmp` holds 16 values.
            unsafe {
                _mm256_storeu_si256(tmp.as_mut_ptr().cast(), row[0]);
                _mm256_storeu_si256(tmp.as_mut_ptr().add(8).cast(), row[1]);
            }
            out.copy_from_slice(&tmp[..valid]);
        }
    }
}

/// `c = a · b` (f32), `b.cols` a multiple of 16: tiles of 4 rows by 16 columns.
#[target_feature(enable = "avx2,fma")]
pub(super) fn sgemm(a: MatRef<'_>, b: MatRef<'_>, c: &mut [f32], ldc: usize) {
    let mut j = 0;
    while j < b.cols {
        let mut i = 0;
        while i < a.rows {
            let rows = (a.rows - i).min(4);
            // SAFETY: the dispatcher checked that a, b and c fit their slices;
            // the tile touches rows i..i+rows and columns j..j+16 only.
            unsafe {
                match rows {
                    4 => stile::<4>(a, b, c, ldc, i, j),
                    3 => stile::<3>(a, b, c, ldc, i, j),
                    2 => stile::<2>(a, b, c, ldc, i, j),
                    _ => stile::<1>(a, b, c, ldc, i, j),
                }
            }
            i += rows;
        }
        j += 16;
    }
}

/// # Safety
/// Rows `i..i + R` of `a`, columns `j..j + 16` of `b` and the matching block
/// of `c` (stride `ldc`) must lie inside their slices.
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn stile<const R: usize>(
    a: MatRef<'_>,
    b: MatRef<'_>,
    c: &mut [f32],
    ldc: usize,
    i: usize,
    j: usize,
) {
    let ap = a.data.as_ptr();
    let bp = b.data.as_ptr();
    let mut acc = [[_mm256_setzero_ps(); 2]; R];
    for p in 0..a.cols {
        // SAFETY: row p of b has columns j..j + 16 (caller).
        let (b0, b1) = unsafe {
            (
                _mm256_loadu_ps(bp.add(p * b.stride + j)),
                _mm256_loadu_ps(bp.add(p * b.stride + j + 8)),
            )
        };
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: row i + r of a has column p (caller).
            let av = _mm256_set1_ps(unsafe { *ap.add((i + r) * a.stride + p) });
            row[0] = _mm256_fmadd_ps(av, b0, row[0]);
            row[1] = _mm256_fmadd_ps(av, b1, row[1]);
        }
    }
    let cp = c.as_mut_ptr();
    for (r, row) in acc.iter().enumerate() {
        // SAFETY: row i + r of c has columns j..j + 16 (caller).
        unsafe {
            _mm256_storeu_ps(cp.add((i + r) * ldc + j), row[0]);
            _mm256_storeu_ps(cp.add((i + r) * ldc + j + 8), row[1]);
        }
    }
}
