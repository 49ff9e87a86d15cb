//! Compute kernels, one set per instruction-set level, chosen once at load.
//!
//! Each set provides the int8 matrix product at the heart of the encoder
//! (`a · wᵀ` with int8 activations and int8 weights, exact int32 results), a
//! small f32 matrix product for attention, and the element-wise maths of the
//! forward pass (quantisation, layer norm, softmax, GELU) compiled for that
//! level. The int8 products of every set give bit-identical results; the f32
//! parts differ only in rounding.
//!
//! Operands of the int8 product:
//! * weights are packed by [`PackedWeights::pack`] into panels of 16 output
//!   rows, interleaved four input columns at a time (`[panel][k/4][16][4]`),
//!   with the depth padded to a multiple of 4 with zeros;
//! * activations are rows of `kp` (depth rounded up to 4) bytes holding
//!   `a + 128` (`a` in -127..=127), the unsigned form `vpdpbusd` multiplies;
//!   kernels that need signed values undo the offset, the others subtract
//!   `128 · Σ w` per output row.
//!
//! Callers outside the crate reach the kernels through the free functions of
//! this module (used by the tests to compare every level with the portable
//! one); the forward pass uses the [`Cpu`] token, which can only be made for
//! a level the running CPU supports.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod avxvnni;
mod elementwise;
mod level;
mod operands;
mod portable;

pub use level::{Kernel, KernelError};
pub(crate) use operands::MatRef;
pub use operands::PackedWeights;

impl Kernel {
    /// Whether this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        Cpu::new(self).is_some()
    }

    /// The fastest kernel this CPU can run.
    pub fn best() -> Kernel {
        Cpu::best().kernel
    }
}

/// The kernels this CPU can run, fastest first (always ends with `Portable`).
pub fn available() -> Vec<Kernel> {
    Kernel::ALL
        .into_iter()
        .filter(|k| k.is_available())
        .collect()
}

/// `out[m][n] = Σ_k a[m][k] · w[n][k]` for a row-major `m` x `w.cols()`
/// activation matrix with values in -127..=127 (-128 is read as -127), run
/// by `kernel`.
pub fn gemm_i8(
    kernel: Kernel,
    a: &[i8],
    m: usize,
    w: &PackedWeights,
) -> Result<Vec<i32>, KernelError> {
    let cpu = Cpu::new(kernel).ok_or(KernelError::Unavailable(kernel))?;
    if m.checked_mul(w.k) != Some(a.len()) {
        return Err(KernelError::Shape(format!(
            "{} activations for {m} rows of {}",
            a.len(),
            w.k
        )));
    }
    let mut acts = vec![128u8; m * w.kp];
    for (dst, src) in acts.chunks_exact_mut(w.kp).zip(a.chunks_exact(w.k)) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = (i32::from(s.max(-127)) + 128) as u8;
        }
    }
    let mut out = vec![0i32; m * w.n];
    cpu.gemm_i8(&acts, m, w, &mut out);
    Ok(out)
}

/// `c = a · b` in f32 for row-major `a` (`m` x `k`) and `b` (`k` x `n`, `n`
/// a multiple of 16), run by `kernel`.
pub fn sgemm(
    kernel: Kernel,
    a: &[f32],
    m: usize,
    k: usize,
    b: &[f32],
    n: usize,
) -> Result<Vec<f32>, KernelError> {
    let cpu = Cpu::new(kernel).ok_or(KernelError::Unavailable(kernel))?;
    if m == 0 || k == 0 || n == 0 || !n.is_multiple_of(16) || a.len() != m * k || b.len() != k * n {
        return Err(KernelError::Shape(format!(
            "a has {} values for {m} x {k}, b has {} for {k} x {n} (n a multiple of 16)",
            a.len(),
            b.len()
        )));
    }
    let mut c = vec![0f32; m * n];
    cpu.sgemm(
        MatRef {
            data: a,
            rows: m,
            cols: k,
            stride: k,
        },
        MatRef {
            data: b,
            rows: k,
            cols: n,
            stride: n,
        },
        &mut c,
        n,
    );
    Ok(c)
}

/// GELU (erf form) of every value, computed by `kernel`'s element-wise code.
pub fn gelu(kernel: Kernel, x: &mut [f32]) -> Result<(), KernelError> {
    let cpu = Cpu::new(kernel).ok_or(KernelError::Unavailable(kernel))?;
    cpu.gelu(x);
    Ok(())
}

/// Softmax of `x` in place, computed by `kernel`'s element-wise code.
pub fn softmax(kernel: Kernel, x: &mut [f32]) -> Result<(), KernelError> {
    let cpu = Cpu::new(kernel).ok_or(KernelError::Unavailable(kernel))?;
    let len = x.len();
    if len > 0 {
        cpu.softmax_rows(x, 1, len, len, None);
    }
    Ok(())
}

/// The instruction-set level a [`Cpu`] runs; only built after detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// VEX-encoded AVX-VNNI.
    #[cfg(target_arch = "x86_64")]
    Vnni256Vex,
    /// 256-bit AVX-512 VNNI (EVEX, needs AVX-512 VL).
    #[cfg(target_arch = "x86_64")]
    Vnni256Evex,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

/// Proof that the running CPU supports a kernel: it can only be made by
/// [`Cpu::new`], after runtime feature detection. All dispatch goes through it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cpu {
    kernel: Kernel,
    isa: Isa,
}

#[cfg(target_arch = "x86_64")]
fn detect(kernel: Kernel) -> Option<Isa> {
    use std::arch::is_x86_feature_detected as has;
    let avx2 = has!("avx2") && has!("fma");
    match kernel {
        Kernel::Avx512Vnni => {
            (avx2 && has!("avx512f") && has!("avx512bw") && has!("avx512vl") && has!("avx512vnni"))
                .then_some(Isa::Avx512)
        }
        Kernel::AvxVnni if avx2 && has!("avxvnni") => Some(Isa::Vnni256Vex),
        Kernel::AvxVnni if avx2 && has!("avx512vnni") && has!("avx512vl") => Some(Isa::Vnni256Evex),
        Kernel::AvxVnni => None,
        Kernel::Avx2 => avx2.then_some(Isa::Avx2),
        Kernel::Portable => Some(Isa::Portable),
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn detect(kernel: Kernel) -> Option<Isa> {
    (kernel == Kernel::Portable).then_some(Isa::Portable)
}

/// Runs `$body` with the element-wise module of the CPU's level bound to `$m`.
macro_rules! with_level {
    ($cpu:expr, $m:ident => $body:expr) => {
        match $cpu.isa {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => {
                use avx512 as $m;
                // SAFETY: the `avx512` functions enable AVX-512 F/BW/VL, AVX2
                // and FMA; `Isa::Avx512` is only built by `detect` after
                // `is_x86_feature_detected!` confirmed all of them.
                unsafe { $body }
            }
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 | Isa::Vnni256Vex | Isa::Vnni256Evex => {
                use avx2 as $m;
                // SAFETY: the `avx2` functions enable AVX2 and FMA; these
                // levels are only built by `detect` after
                // `is_x86_feature_detected!` confirmed both.
                unsafe { $body }
            }
            Isa::Portable => {
                use portable as $m;
                $body
            }
        }
    };
}

impl Cpu {
    /// A token for `kernel` if this CPU supports it.
    pub(crate) fn new(kernel: Kernel) -> Option<Cpu> {
        detect(kernel).map(|isa| Cpu { kernel, isa })
    }

    /// The fastest level this CPU supports.
    pub(crate) fn best() -> Cpu {
        Kernel::ALL.into_iter().find_map(Cpu::new).unwrap_or(Cpu {
            kernel: Kernel::Portable,
            isa: Isa::Portable,
        })
    }

    pub(crate) fn kernel(self) -> Kernel {
        self.kernel
    }

    /// `out[m][n] = Σ_k (a[m][k] - 128) · w[n][k]` for `m` rows of `w.kp`
    /// offset activation bytes.
    pub(crate) fn gemm_i8(self, a: &[u8], m: usize, w: &PackedWeights, out: &mut [i32]) {
        assert!(
            a.len() >= m * w.kp && out.len() >= m * w.n,
            "gemm_i8 operands too small"
        );
        if m == 0 {
            return;
        }
        match self.isa {
            // SAFETY: `Isa::Avx512` is only built after detecting AVX-512
            // F/BW/VL/VNNI, AVX2 and FMA; the operand sizes were checked above.
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => unsafe { avx512::gemm_i8(a, m, w, out) },
            // SAFETY: built only after detecting AVX-VNNI, AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            Isa::Vnni256Vex => unsafe { avxvnni::gemm_i8_vex(a, m, w, out) },
            // SAFETY: built only after detecting AVX-512 VNNI + VL, AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            Isa::Vnni256Evex => unsafe { avxvnni::gemm_i8_evex(a, m, w, out) },
            // SAFETY: built only after detecting AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => unsafe { avx2::gemm_i8(a, m, w, out) },
            Isa::Portable => portable::gemm_i8(a, m, w, out),
        }
    }

    /// `c = a · b` (f32); `b.cols` must be a multiple of 16, `c` has row
    /// stride `ldc`.
    pub(crate) fn sgemm(self, a: MatRef<'_>, b: MatRef<'_>, c: &mut [f32], ldc: usize) {
        let c_fits = MatRef {
            data: c,
            rows: a.rows,
            cols: b.cols,
            stride: ldc,
        }
        .fits();
        assert!(
            a.fits() && b.fits() && c_fits && a.cols == b.rows && b.cols.is_multiple_of(16),
            "sgemm operands do not fit"
        );
        with_level!(self, level => level::sgemm(a, b, c, ldc))
    }

    /// Quantises `rows` rows of `k` values (stride `k`) to offset int8 rows of
    /// `kp` bytes in `out`, one scale per row in `scales`.
    pub(crate) fn quantize_rows(
        self,
        x: &[f32],
        rows: usize,
        k: usize,
        kp: usize,
        out: &mut [u8],
        scales: &mut [f32],
    ) {
        assert!(x.len() >= rows * k && out.len() >= rows * kp && scales.len() >= rows && kp >= k);
        with_level!(self, level => level::quantize_rows(x, rows, k, kp, out, scales))
    }

    /// `out[m][n] = acc[m][n] · row_scales[m] · col_scales[n] + bias[n]`.
    pub(crate) fn dequantize(
        self,
        acc: &[i32],
        rows: usize,
        row_scales: &[f32],
        col_scales: &[f32],
        bias: &[f32],
        out: &mut [f32],
    ) {
        let n = bias.len();
        assert!(
            acc.len() >= rows * n
                && out.len() >= rows * n
                && row_scales.len() >= rows
                && col_scales.len() == n
        );
        with_level!(self, level => level::dequantize(acc, rows, row_scales, col_scales, bias, out))
    }

    /// Row-wise `x = layer_norm(x + y)` (or of `x` alone) over rows of `w.len()`.
    pub(crate) fn add_layer_norm(
        self,
        x: &mut [f32],
        y: Option<&[f32]>,
        w: &[f32],
        b: &[f32],
        eps: f32,
    ) {
        assert!(w.len() == b.len() && !w.is_empty() && y.is_none_or(|y| y.len() >= x.len()));
        with_level!(self, level => level::add_layer_norm(x, y, w, b, eps))
    }

    pub(crate) fn gelu(self, x: &mut [f32]) {
        with_level!(self, level => level::gelu(x))
    }

    /// Softmax over the first `len` values of `rows` rows of stride `stride`
    /// (the rest of each row becomes zero). With `inv_sums` the rows are left
    /// unnormalised and `1 / sum` of each row is stored there.
    pub(crate) fn softmax_rows(
        self,
        x: &mut [f32],
        rows: usize,
        len: usize,
        stride: usize,
        inv_sums: Option<&mut [f32]>,
    ) {
        assert!(len > 0 && len <= stride && rows > 0 && x.len() >= (rows - 1) * stride + len);
        assert!(inv_sums.as_ref().is_none_or(|s| s.len() >= rows));
        with_level!(self, level => level::softmax_rows(x, rows, len, stride, inv_sums))
    }
}
