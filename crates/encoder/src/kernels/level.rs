//! The kernel levels by name, and why a kernel function refuses to run.
//! Whether the running CPU has a level is the business of `Cpu` (the parent).

use std::fmt;

/// Which int8 kernel (and matching f32 code) the encoder runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// 512-bit `vpdpbusd` (AVX-512 VNNI) and 512-bit f32 FMA.
    Avx512Vnni,
    /// 256-bit `vpdpbusd` (AVX-VNNI, or AVX-512 VNNI with VL) and AVX2 f32 code.
    AvxVnni,
    /// AVX2 `vpmaddubsw` with the sign trick, and AVX2 + FMA f32 code.
    Avx2,
    /// Plain Rust, any target.
    Portable,
}

impl Kernel {
    /// Every kernel, fastest first.
    pub const ALL: [Kernel; 4] = [
        Kernel::Avx512Vnni,
        Kernel::AvxVnni,
        Kernel::Avx2,
        Kernel::Portable,
    ];

    /// The short name, as accepted by [`Kernel::from_name`] and the
    /// `HELPPORTAL_ENCODER_KERNEL` variable.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Avx512Vnni => "avx512vnni",
            Kernel::AvxVnni => "avxvnni",
            Kernel::Avx2 => "avx2",
            Kernel::Portable => "portable",
        }
    }

    /// The kernel with this short name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Kernel> {
        let name = name.trim();
        Kernel::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a kernel function refused to run.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    /// The CPU lacks the instructions.
    #[error("the {0} kernel is not supported by this CPU")]
    Unavailable(Kernel),
    /// Operand sizes do not fit together.
    #[error("operand shapes do not match: {0}")]
    Shape(String),
}
