//! AVX-512 kernels: the int8 product with 512-bit `vpdpbusd` (AVX-512 VNNI),
//! the f32 product with 512-bit FMA, and the element-wise maths compiled for
//! AVX-512. Every function here is a `#[target_feature]` function; the
//! dispatcher calls them only with a `Cpu` token made after detection.

use std::arch::x86_64::*;

use super::elementwise::{Fused, level_functions};
use super::operands::{MatRef, PANEL, PackedWeights};

level_functions!(features = "avx512f,avx512bw,avx512vl,avx2,fma", Fused);

/// Token rows per int8 tile.
const MR: usize = 4;
/// Panels (of 16 outputs) per int8 tile.
const NP: usize = 4;

/// `out[m][n] = Σ_k (a[m][k] - 128) · w[n][k]`.
///
/// Needs `a.len() >= m * w.kp` and `out.len() >= m * w.n` (checked by the
/// dispatcher).
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
pub(super) fn gemm_i8(a: &[u8], m: usize, w: &PackedWeights, out: &mut [i32]) {
    let panels = w.panels();
    let mut p = 0;
    while p < panels {
        let group = (panels - p).min(NP);
        match group {
            4 => rows::<4>(a, m, w, p, out),
            3 => rows::<3>(a, m, w, p, out),
            2 => rows::<2>(a, m, w, p, out),
            _ => rows::<1>(a, m, w, p, out),
        }
        p += group;
    }
}

/// All token rows against panels `p..p + G`; the first tile also prefetches
/// the next group of panels, so that it arrives while this one is computed.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[inline]
fn rows<const G: usize>(a: &[u8], m: usize, w: &PackedWeights, p: usize, out: &mut [i32]) {
    let (kp, n) = (w.kp, w.n);
    let weights = &w.data[p * PANEL * kp..(p + G) * PANEL * kp];
    let next = &w.data[(p + G) * PANEL * kp..(w.data.len()).min((p + G + NP) * PANEL * kp)];
    let sums = &w.row_sums[p * PANEL..(p + G) * PANEL];
    let valid = (n - p * PANEL).min(G * PANEL);
    let mut r = 0;
    while r < m {
        let acts = &a[r * kp..];
        let dst = &mut out[r * n + p * PANEL..];
        let prefetch: &[i8] = if r == 0 { next } else { &[] };
        // SAFETY: `acts` holds the remaining `m - r` rows of `kp` bytes,
        // `weights` G panels of `16 * kp` bytes, `sums` 16 * G values, and
        // `dst` reaches at least `valid` columns of each of those rows at
        // stride `n` (the dispatcher checked `a` and `out` against m, kp, n).
        unsafe {
            match m - r {
                1 => tile::<1, G>(acts, kp, weights, sums, dst, n, valid, prefetch),
                2 => tile::<2, G>(acts, kp, weights, sums, dst, n, valid, prefetch),
                3 => tile::<3, G>(acts, kp, weights, sums, dst, n, valid, prefetch),
                _ => tile::<MR, G>(acts, kp, weights, sums, dst, n, valid, prefetch),
            }
        }
        r += MR;
    }
}

/// One `R` x `16 G` tile: accumulates over the whole depth in registers,
/// removes the activation offset and stores the first `valid` columns.
///
/// # Safety
/// `acts` must hold `R` rows of `kp` bytes, `weights` `G` panels of `16 kp`
/// bytes, `sums` `16 G` values, and `dst` must reach `(R - 1) * ldo + valid`
/// values. `prefetch` (any length) is pulled into the cache, `G` lines per
/// step of the depth.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[inline]
#[allow(clippy::too_many_arguments)]
unsafe fn tile<const R: usize, const G: usize>(
    acts: &[u8],
    kp: usize,
    weights: &[i8],
    sums: &[i32],
    dst: &mut [i32],
    ldo: usize,
    valid: usize,
    prefetch: &[i8],
) {
    debug_assert!(acts.len() >= (R - 1) * kp + kp && weights.len() >= G * PANEL * kp);
    debug_assert!(sums.len() >= G * PANEL && dst.len() >= (R - 1) * ldo + valid);
    let a = acts.as_ptr();
    let wp = weights.as_ptr();
    let panel = PANEL * kp;
    let mut acc = [[_mm512_setzero_si512(); G]; R];
    for q in 0..kp / 4 {
        for g in 0..G {
            let at = (q * G + g) * 64;
            if at < prefetch.len() {
                // SAFETY: `at` lies inside `prefetch`; prefetching never faults.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(prefetch.as_ptr().add(at).cast()) };
            }
        }
        let mut wv = [_mm512_setzero_si512(); G];
        for (g, v) in wv.iter_mut().enumerate() {
            // SAFETY: panel g spans `16 kp` bytes; 64 bytes at `q * 64` lie inside.
            *v = unsafe { _mm512_loadu_si512(wp.add(g * panel + q * 64).cast()) };
        }
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: row r spans `kp` bytes; 4 bytes at `q * 4` lie inside.
            let quad = unsafe { a.add(r * kp + q * 4).cast::<i32>().read_unaligned() };
            let av = _mm512_set1_epi32(quad);
            for (c, &v) in row.iter_mut().zip(&wv) {
                *c = _mm512_dpbusd_epi32(*c, av, v);
            }
        }
    }
    let d = dst.as_mut_ptr();
    for g in 0..G {
        // SAFETY: `sums` holds 16 values per panel.
        let sum = unsafe { _mm512_loadu_si512(sums.as_ptr().add(g * PANEL).cast()) };
        let offset = _mm512_slli_epi32::<7>(sum);
        let cols = valid.saturating_sub(g * PANEL).min(PANEL);
        let mask: __mmask16 = ((1u32 << cols) - 1) as u16;
        for (r, row) in acc.iter().enumerate() {
            let v = _mm512_sub_epi32(row[g], offset);
            // SAFETY: the mask writes only the `cols` columns that exist; with
            // `cols == 0` nothing is written and the address is not accessed.
            unsafe { _mm512_mask_storeu_epi32(d.wrapping_add(r * ldo + g * PANEL), mask, v) };
        }
    }
}

/// Rows per f32 tile (8 rows x 2 vectors = 16 accumulators).
const SR: usize = 8;

/// `c = a · b` (f32), `b.cols` a multiple of 16: tiles of 8 rows by 32 (or 16) columns.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(super) fn sgemm(a: MatRef<'_>, b: MatRef<'_>, c: &mut [f32], ldc: usize) {
    let n = b.cols;
    let mut j = 0;
    while j < n {
        if n - j >= 32 {
            scolumns::<2>(a, b, c, ldc, j);
            j += 32;
        } else {
            scolumns::<1>(a, b, c, ldc, j);
            j += 16;
        }
    }
}

/// All rows of `c` in columns `j..j + 16 V`.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
#[inline]
fn scolumns<const V: usize>(a: MatRef<'_>, b: MatRef<'_>, c: &mut [f32], ldc: usize, j: usize) {
    let mut i = 0;
    while i < a.rows {
        let rows = (a.rows - i).min(SR);
        // SAFETY: the dispatcher checked that a (rows x k), b (k x n) and c
        // (rows x n at ldc) fit their slices; the tile reads rows i..i+rows
        // of a, columns j..j+16 V <= n of b and writes the same block of c.
        unsafe {
            match rows {
                8 => stile::<8, V>(a, b, c, ldc, i, j),
                7 => stile::<7, V>(a, b, c, ldc, i, j),
                6 => stile::<6, V>(a, b, c, ldc, i, j),
                5 => stile::<5, V>(a, b, c, ldc, i, j),
                4 => stile::<4, V>(a, b, c, ldc, i, j),
                3 => stile::<3, V>(a, b, c, ldc, i, j),
                2 => stile::<2, V>(a, b, c, ldc, i, j),
                _ => stile::<1, V>(a, b, c, ldc, i, j),
            }
        }
        i += rows;
    }
}

/// # Safety
/// Rows `i..i + R` of `a`, columns `j..j + 16 V` of `b` and the matching
/// block of `c` (stride `ldc`) must lie inside their slices.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
#[inline]
unsafe fn stile<const R: usize, const V: usize>(
    a: MatRef<'_>,
    b: MatRef<'_>,
    c: &mut [f32],
    ldc: usize,
    i: usize,
    j: usize,
) {
    let ap = a.data.as_ptr();
    let bp = b.data.as_ptr();
    let mut acc = [[_mm512_setzero_ps(); V]; R];
    for p in 0..a.cols {
        let mut bv = [_mm512_setzero_ps(); V];
        for (v, x) in bv.iter_mut().enumerate() {
            // SAFETY: row p of b has columns j..j + 16 V (caller).
            *x = unsafe { _mm512_loadu_ps(bp.add(p * b.stride + j + 16 * v)) };
        }
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: row i + r of a has column p (caller).
            let av = _mm512_set1_ps(unsafe { *ap.add((i + r) * a.stride + p) });
            for (x, &y) in row.iter_mut().zip(&bv) {
                *x = _mm512_fmadd_ps(av, y, *x);
            }
        }
    }
    let cp = c.as_mut_ptr();
    for (r, row) in acc.iter().enumerate() {
        for (v, &x) in row.iter().enumerate() {
            // SAFETY: row i + r of c has columns j..j + 16 V (caller).
            unsafe { _mm512_storeu_ps(cp.add((i + r) * ldc + j + 16 * v), x) };
        }
    }
}
