//! The operands of the kernels: int8 weights packed in panels
//! ([`PackedWeights`]) and strided f32 matrix views ([`MatRef`]).

use super::level::KernelError;

/// An int8 weight matrix of `n` rows (outputs) by `k` columns (depth),
/// packed for the int8 kernels.
#[derive(Clone, Debug)]
pub struct PackedWeights {
    pub(super) n: usize,
    pub(super) k: usize,
    pub(super) kp: usize,
    pub(super) data: Vec<i8>,
    /// `Σ_k w[row][k]` per row, padded with zeros to whole panels.
    pub(super) row_sums: Vec<i32>,
}

/// Outputs per panel.
pub(super) const PANEL: usize = 16;

fn round_up(v: usize, to: usize) -> usize {
    v.div_ceil(to) * to
}

impl PackedWeights {
    /// Packs a row-major `n` x `k` int8 matrix.
    pub fn pack(w: &[i8], n: usize, k: usize) -> Result<PackedWeights, KernelError> {
        if n == 0 || k == 0 || n.checked_mul(k) != Some(w.len()) {
            return Err(KernelError::Shape(format!(
                "{} weights for a {n} x {k} matrix",
                w.len()
            )));
        }
        let kp = round_up(k, 4);
        let panels = n.div_ceil(PANEL);
        let mut data = vec![0i8; panels * PANEL * kp];
        let mut row_sums = vec![0i32; panels * PANEL];
        for (row, weights) in w.chunks_exact(k).enumerate() {
            let (panel, lane) = (row / PANEL, row % PANEL);
            let base = panel * PANEL * kp + lane * 4;
            for (col, &v) in weights.iter().enumerate() {
                data[base + (col / 4) * PANEL * 4 + col % 4] = v;
            }
            row_sums[row] = weights.iter().map(|&v| i32::from(v)).sum();
        }
        Ok(PackedWeights {
            n,
            k,
            kp,
            data,
            row_sums,
        })
    }

    /// Output rows.
    pub fn rows(&self) -> usize {
        self.n
    }

    /// Depth (input columns).
    pub fn cols(&self) -> usize {
        self.k
    }

    /// Depth rounded up to the packing unit: the row stride of activations.
    pub(crate) fn padded_cols(&self) -> usize {
        self.kp
    }

    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(super) fn panels(&self) -> usize {
        self.row_sums.len() / PANEL
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.data.len() + self.row_sums.len() * 4
    }
}

/// A strided row-major f32 matrix view.
#[derive(Clone, Copy)]
pub(crate) struct MatRef<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub stride: usize,
}

impl MatRef<'_> {
    pub(super) fn fits(&self) -> bool {
        self.rows > 0
            && self.cols <= self.stride
            && (self.rows - 1)
                .checked_mul(self.stride)
                .and_then(|v| v.checked_add(self.cols))
                .is_some_and(|need| need <= self.data.len())
    }
}
