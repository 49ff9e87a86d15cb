//! Weight formats: decoding the file's Q4_0 blocks (f16 scale + 4-bit values)
//! and re-quantising them at load to symmetric int8 with one scale per output
//! row, the layout the int8 kernels multiply.

use crate::format::{Q4_BLOCK_BYTES, QK};

/// IEEE half precision to f32, exact for every input (subnormals, infinities, NaN).
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: value = man * 2^-24; normalise the mantissa.
            let shift = man.leading_zeros() - 21; // brings bit 10 to the top
            let man = (man << shift) & 0x3ff;
            let exp = 127 - 15 + 1 - shift;
            sign | (exp << 23) | (man << 13)
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

/// Decodes one Q4_0 row of `out.len()` weights (a multiple of 32) from `blocks`.
pub(crate) fn dequantize_q4_row(blocks: &[u8], out: &mut [f32]) {
    for (block, out) in blocks
        .chunks_exact(Q4_BLOCK_BYTES)
        .zip(out.chunks_exact_mut(QK))
    {
        let scale = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
        let (low, high) = out.split_at_mut(QK / 2);
        for ((&q, lo), hi) in block[2..].iter().zip(low).zip(high) {
            *lo = (i32::from(q & 0x0f) - 8) as f32 * scale;
            *hi = (i32::from(q >> 4) - 8) as f32 * scale;
        }
    }
}

/// Rounds `v` (expected within ±127.5) to the nearest integer, ties to even,
/// saturating to -127..=127: the f32 magic-number rounding, which needs no
/// library call on baseline x86-64.
fn round_to_i8(v: f32) -> i8 {
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23
    let v = v.clamp(-127.0, 127.0);
    ((v + ROUND).to_bits() as i32 - ROUND.to_bits() as i32) as i8
}

/// A matrix re-quantised to int8, row-major, with one scale per row:
/// `w[r][c] ~= values[r * cols + c] * scales[r]`.
pub(crate) struct Int8Rows {
    pub values: Vec<i8>,
    pub scales: Vec<f32>,
}

/// Re-quantises a Q4_0 matrix of `rows` x `cols` to int8 with one scale per
/// row (`max |w| / 127`, round to nearest even), appending to `into`.
pub(crate) fn q4_to_int8_rows(q4: &[u8], rows: usize, cols: usize, into: &mut Int8Rows) {
    let row_bytes = cols / QK * Q4_BLOCK_BYTES;
    let mut row = vec![0f32; cols];
    into.values.reserve(rows * cols);
    into.scales.reserve(rows);
    for blocks in q4.chunks_exact(row_bytes).take(rows) {
        dequantize_q4_row(blocks, &mut row);
        let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
        let (scale, inverse) = if max > 0.0 && max.is_finite() {
            (max / 127.0, 127.0 / max)
        } else {
            (0.0, 0.0)
        };
        into.values
            .extend(row.iter().map(|&w| round_to_i8(w * inverse)));
        into.scales.push(scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion_matches_known_values() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x0400), 2f32.powi(-14));
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
        assert!(f16_to_f32(0x7c00).is_infinite());
        assert!(f16_to_f32(0x7e00).is_nan());
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
    }

    #[test]
    fn q4_row_decodes_low_then_high_nibbles() {
        let mut block = vec![0x00, 0x3c]; // scale 1.0
        block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        let mut out = [0f32; 32];
        dequantize_q4_row(&block, &mut out);
        for j in 0..16 {
            assert_eq!(out[j], j as f32 - 8.0);
            assert_eq!(out[j + 16], (15 - j) as f32 - 8.0);
        }
        let mut rows = Int8Rows {
            values: Vec::new(),
            scales: Vec::new(),
        };
        q4_to_int8_rows(&block, 1, 32, &mut rows);
        assert_eq!(rows.scales, vec![8.0 / 127.0]);
        assert_eq!(rows.values[0], -127);
        assert_eq!(rows.values[8], 0);
    }

    #[test]
    fn rounding_is_to_nearest_even() {
        for (v, want) in [
            (0.5, 0),
            (1.5, 2),
            (2.5, 2),
            (-0.5, 0),
            (-1.5, -2),
            (126.6, 127),
            (300.0, 127),
            (-300.0, -127),
        ] {
            assert_eq!(round_to_i8(v), want, "{v}");
        }
    }
}
