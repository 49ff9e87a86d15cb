//! The portable kernels: plain Rust for any target, and the reference the
//! SIMD kernels are tested against.

use super::elementwise::{MulAdd, Separate, level_functions};
use super::operands::{MatRef, PANEL, PackedWeights};

level_functions!(portable);

/// Token rows handled together, so that each weight is widened once per block.
const ROWS: usize = 4;

/// `out[m][n] = Σ_k (a[m][k] - 128) · w[n][k]`, walking the packed panels
/// for blocks of up to four token rows.
pub(super) fn gemm_i8(a: &[u8], m: usize, w: &PackedWeights, out: &mut [i32]) {
    let (kp, n) = (w.kp, w.n);
    for (panel, (weights, sums)) in w
        .data
        .chunks_exact(PANEL * kp)
        .zip(w.row_sums.chunks_exact(PANEL))
        .enumerate()
    {
        let first = panel * PANEL;
        let valid = (n - first).min(PANEL);
        for (block, acts) in a[..m * kp].chunks(ROWS * kp).enumerate() {
            let mut acc = [[0i32; PANEL]; ROWS];
            for (q, wq) in weights.chunks_exact(4 * PANEL).enumerate() {
                let mut wide = [0i32; 4 * PANEL];
                for (d, &v) in wide.iter_mut().zip(wq) {
                    *d = i32::from(v);
                }
                for (row, acc) in acts.chunks_exact(kp).zip(acc.iter_mut()) {
                    let x = &row[q * 4..q * 4 + 4];
                    let (x0, x1, x2, x3) = (
                        i32::from(x[0]),
                        i32::from(x[1]),
                        i32::from(x[2]),
                        i32::from(x[3]),
                    );
                    for (lane, wl) in acc.iter_mut().zip(wide.chunks_exact(4)) {
                        *lane += x0 * wl[0] + x1 * wl[1] + x2 * wl[2] + x3 * wl[3];
                    }
                }
            }
            for (i, acc) in acc.iter().enumerate().take(acts.len() / kp) {
                let row = block * ROWS + i;
                let dst = &mut out[row * n + first..row * n + first + valid];
                for ((d, &v), &s) in dst.iter_mut().zip(acc).zip(sums) {
                    *d = v - 128 * s;
                }
            }
        }
    }
}

/// `c = a · b` as row-wise multiply-adds (vectorisable over `b`'s columns).
pub(super) fn sgemm(a: MatRef<'_>, b: MatRef<'_>, c: &mut [f32], ldc: usize) {
    let n = b.cols;
    for i in 0..a.rows {
        let arow = &a.data[i * a.stride..i * a.stride + a.cols];
        let crow = &mut c[i * ldc..i * ldc + n];
        crow.fill(0.0);
        for (p, &av) in arow.iter().enumerate() {
            let brow = &b.data[p * b.stride..p * b.stride + n];
            for (cv, &bv) in crow.iter_mut().zip(brow) {
                *cv = Separate::mul_add(av, bv, *cv);
            }
        }
    }
}
