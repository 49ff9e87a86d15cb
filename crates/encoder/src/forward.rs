//! The BERT-style encoder: weights in their run-time layout, and the forward
//! pass from token ids to a mean-pooled, L2-normalised sentence vector.
//!
//! Per layer: `q, k, v = x·Wqkv` (one fused int8 product), scaled dot-product
//! attention per head in f32, `x = LN(x + ctx·Wo)`, `x = LN(x + GELU(x·Wi)·Wo2)`.
//! Every product input is quantised to int8 per token; weights were
//! re-quantised to int8 per output row at load. All buffers belong to the
//! call, so one model serves many threads at once.

use crate::error::ModelError;
use crate::format::{Header, ModelFile, Q4_BLOCK_BYTES, QK};
use crate::kernels::{Cpu, MatRef, PackedWeights};
use crate::quant::{Int8Rows, dequantize_q4_row, q4_to_int8_rows};

/// A linear layer `y = x·Wᵀ + b` with int8 weights and per-row scales.
struct Linear {
    weights: PackedWeights,
    scales: Vec<f32>,
    bias: Vec<f32>,
}

struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

struct Layer {
    qkv: Linear,
    attn_out: Linear,
    attn_norm: Norm,
    ff_in: Linear,
    ff_out: Linear,
    out_norm: Norm,
}

/// The token-embedding table, kept in the file's Q4_0 blocks (the most
/// compact form) and decoded one row per token.
struct WordTable {
    blocks: Vec<u8>,
    row_bytes: usize,
}

pub(crate) struct Model {
    header: Header,
    words: WordTable,
    /// `max_positions` x hidden.
    positions: Vec<f32>,
    /// Token type 0.
    token_type: Vec<f32>,
    embed_norm: Norm,
    layers: Vec<Layer>,
}

/// Query rows per attention block (bounds the score buffer).
const ATTENTION_BLOCK: usize = 32;

impl Linear {
    /// Stacks Q4_0 matrices into one int8 layer. Each part is (weight
    /// tensor, bias tensor, output rows, factor applied to its outputs); all
    /// parts have `cols` inputs.
    fn load(
        file: &ModelFile<'_>,
        parts: &[(&str, &str, usize, f32)],
        cols: usize,
    ) -> Result<Linear, ModelError> {
        let mut rows = Int8Rows {
            values: Vec::new(),
            scales: Vec::new(),
        };
        let mut bias = Vec::new();
        for &(w, b, n, scale) in parts {
            let q4 = file.q4_tensor(w, n, cols)?;
            let first = rows.scales.len();
            q4_to_int8_rows(q4, n, cols, &mut rows);
            for s in &mut rows.scales[first..] {
                *s *= scale;
            }
            bias.extend(file.f32_tensor(b, n)?.into_iter().map(|v| v * scale));
        }
        let n = rows.scales.len();
        let weights = PackedWeights::pack(&rows.values, n, cols)
            .map_err(|e| ModelError::BadDimensions(e.to_string()))?;
        Ok(Linear {
            weights,
            scales: rows.scales,
            bias,
        })
    }

    fn heap_bytes(&self) -> usize {
        self.weights.heap_bytes() + (self.scales.len() + self.bias.len()) * 4
    }
}

impl Norm {
    fn load(file: &ModelFile<'_>, name: &str, h: usize) -> Result<Norm, ModelError> {
        Ok(Norm {
            weight: file.f32_tensor(&format!("{name}.w"), h)?,
            bias: file.f32_tensor(&format!("{name}.b"), h)?,
        })
    }
}

impl Model {
    pub(crate) fn load(file: &ModelFile<'_>) -> Result<Model, ModelError> {
        let header = file.header;
        let (h, ff) = (header.hidden, header.ff);
        let words = file.q4_tensor("emb.word", header.vocab_rows, h)?;
        let positions = file.f32_tensor("emb.pos", header.max_positions * h)?;
        let types = file.f32_tensor("emb.type", header.type_vocab * h)?;
        let embed_norm = Norm::load(file, "emb.ln", h)?;
        // 1/sqrt(head size) is folded into the query projection.
        let q_scale = 1.0 / (header.head_dim() as f32).sqrt();
        let mut layers = Vec::with_capacity(header.layers);
        for l in 0..header.layers {
            let name = |s: &str| format!("l{l}.{s}");
            let (qw, qb, kw, kb, vw, vb) = (
                name("q.w"),
                name("q.b"),
                name("k.w"),
                name("k.b"),
                name("v.w"),
                name("v.b"),
            );
            layers.push(Layer {
                qkv: Linear::load(
                    file,
                    &[
                        (&qw, &qb, h, q_scale),
                        (&kw, &kb, h, 1.0),
                        (&vw, &vb, h, 1.0),
                    ],
                    h,
                )?,
                attn_out: Linear::load(file, &[(&name("ao.w"), &name("ao.b"), h, 1.0)], h)?,
                attn_norm: Norm::load(file, &name("aln"), h)?,
                ff_in: Linear::load(file, &[(&name("fi.w"), &name("fi.b"), ff, 1.0)], h)?,
                ff_out: Linear::load(file, &[(&name("fo.w"), &name("fo.b"), h, 1.0)], ff)?,
                out_norm: Norm::load(file, &name("oln"), h)?,
            });
        }
        Ok(Model {
            header,
            words: WordTable {
                blocks: words.to_vec(),
                row_bytes: h / QK * Q4_BLOCK_BYTES,
            },
            positions,
            token_type: types[..h].to_vec(),
            embed_norm,
            layers,
        })
    }

    pub(crate) fn dim(&self) -> usize {
        self.header.hidden
    }

    pub(crate) fn max_positions(&self) -> usize {
        self.header.max_positions
    }

    /// Bytes of weights held.
    pub(crate) fn heap_bytes(&self) -> usize {
        let f = |v: &Vec<f32>| v.len() * 4;
        self.words.blocks.len()
            + f(&self.positions)
            + f(&self.token_type)
            + f(&self.embed_norm.weight) * 2
            + self
                .layers
                .iter()
                .map(|l| {
                    l.qkv.heap_bytes()
                        + l.attn_out.heap_bytes()
                        + l.ff_in.heap_bytes()
                        + l.ff_out.heap_bytes()
                        + f(&l.attn_norm.weight) * 4
                })
                .sum::<usize>()
    }

    /// The sentence vector of `ids` (at most `max_positions` ids, at least
    /// one): mean of the last hidden states, L2-normalised.
    pub(crate) fn embed(&self, cpu: Cpu, ids: &[u32]) -> Vec<f32> {
        let h = self.header.hidden;
        let ids = &ids[..ids.len().min(self.header.max_positions)];
        let l = ids.len();
        if l == 0 {
            return vec![0.0; h];
        }
        let mut s = Scratch::new(&self.header, l);

        for (t, (&id, x)) in ids.iter().zip(s.x.chunks_exact_mut(h)).enumerate() {
            let row = self.words.row_bytes;
            // Ids come from the tokenizer (< pieces <= embedding rows); an
            // unknown id would embed as zeros rather than panic.
            if let Some(blocks) = self
                .words
                .blocks
                .get(id as usize * row..(id as usize + 1) * row)
            {
                dequantize_q4_row(blocks, x);
            }
            let pos = &self.positions[t * h..(t + 1) * h];
            for ((v, &p), &ty) in x.iter_mut().zip(pos).zip(&self.token_type) {
                *v += p + ty;
            }
        }
        let eps = self.header.eps;
        cpu.add_layer_norm(
            &mut s.x,
            None,
            &self.embed_norm.weight,
            &self.embed_norm.bias,
            eps,
        );

        for layer in &self.layers {
            s.linear(cpu, &layer.qkv, Input::X, Output::Qkv);
            s.attention(cpu, &self.header);
            s.linear(cpu, &layer.attn_out, Input::Ctx, Output::Tmp);
            cpu.add_layer_norm(
                &mut s.x,
                Some(&s.tmp),
                &layer.attn_norm.weight,
                &layer.attn_norm.bias,
                eps,
            );
            s.linear(cpu, &layer.ff_in, Input::X, Output::Mid);
            cpu.gelu(&mut s.mid);
            s.linear(cpu, &layer.ff_out, Input::Mid, Output::Tmp);
            cpu.add_layer_norm(
                &mut s.x,
                Some(&s.tmp),
                &layer.out_norm.weight,
                &layer.out_norm.bias,
                eps,
            );
        }

        let mut pooled = vec![0f32; h];
        for row in s.x.chunks_exact(h) {
            for (p, &v) in pooled.iter_mut().zip(row) {
                *p += v;
            }
        }
        let inv_len = 1.0 / l as f32;
        pooled.iter_mut().for_each(|v| *v *= inv_len);
        let norm = pooled.iter().map(|v| v * v).sum::<f32>().max(1e-12).sqrt();
        pooled.iter_mut().for_each(|v| *v /= norm);
        pooled
    }
}

#[derive(Clone, Copy)]
enum Input {
    X,
    Ctx,
    Mid,
}

#[derive(Clone, Copy)]
enum Output {
    Qkv,
    Tmp,
    Mid,
}

/// The buffers of one forward pass.
struct Scratch {
    l: usize,
    /// Residual stream, l x hidden.
    x: Vec<f32>,
    /// Fused projections, l x 3·hidden.
    qkv: Vec<f32>,
    /// Attention output, l x hidden.
    ctx: Vec<f32>,
    /// Sub-layer output before the residual add, l x hidden.
    tmp: Vec<f32>,
    /// Feed-forward activations, l x ff.
    mid: Vec<f32>,
    /// Quantised activations and their per-token scales.
    acts: Vec<u8>,
    act_scales: Vec<f32>,
    /// int32 products.
    acc: Vec<i32>,
    /// One head's keys, transposed: head_dim x lp.
    keys_t: Vec<f32>,
    /// Attention weights (unnormalised) of one block of queries: block x lp.
    probs: Vec<f32>,
    /// 1 / (sum of the weights) per query of the block.
    inv_sums: Vec<f32>,
    /// l rounded up to 16.
    lp: usize,
}

impl Scratch {
    fn new(header: &Header, l: usize) -> Scratch {
        let (h, ff) = (header.hidden, header.ff);
        let lp = l.div_ceil(16) * 16;
        let widest = ff.max(3 * h);
        Scratch {
            l,
            x: vec![0.0; l * h],
            qkv: vec![0.0; l * 3 * h],
            ctx: vec![0.0; l * h],
            tmp: vec![0.0; l * h],
            mid: vec![0.0; l * ff],
            acts: vec![0; l * (h.max(ff).div_ceil(4) * 4)],
            act_scales: vec![0.0; l],
            acc: vec![0; l * widest],
            keys_t: vec![0.0; header.head_dim() * lp],
            probs: vec![0.0; ATTENTION_BLOCK.min(l) * lp],
            inv_sums: vec![0.0; ATTENTION_BLOCK.min(l)],
            lp,
        }
    }

    /// `output = input · Wᵀ + b` through an int8 product.
    fn linear(&mut self, cpu: Cpu, layer: &Linear, input: Input, output: Output) {
        let l = self.l;
        let (k, kp, n) = (
            layer.weights.cols(),
            layer.weights.padded_cols(),
            layer.weights.rows(),
        );
        let x = match input {
            Input::X => &self.x,
            Input::Ctx => &self.ctx,
            Input::Mid => &self.mid,
        };
        cpu.quantize_rows(x, l, k, kp, &mut self.acts, &mut self.act_scales);
        cpu.gemm_i8(&self.acts, l, &layer.weights, &mut self.acc);
        let out = match output {
            Output::Qkv => &mut self.qkv,
            Output::Tmp => &mut self.tmp,
            Output::Mid => &mut self.mid,
        };
        cpu.dequantize(
            &self.acc[..l * n],
            l,
            &self.act_scales,
            &layer.scales,
            &layer.bias,
            out,
        );
    }

    /// Multi-head self-attention over all tokens: `ctx = softmax(q·kᵀ)·v`
    /// per head (the 1/sqrt(d) scale is already in q).
    fn attention(&mut self, cpu: Cpu, header: &Header) {
        let (l, lp, h) = (self.l, self.lp, header.hidden);
        let hd = header.head_dim();
        let ld = 3 * h;
        for head in 0..header.heads {
            let (q0, k0, v0) = (head * hd, h + head * hd, 2 * h + head * hd);
            for (s, row) in self.qkv.chunks_exact(ld).enumerate() {
                for (e, &v) in row[k0..k0 + hd].iter().enumerate() {
                    self.keys_t[e * lp + s] = v;
                }
            }
            let keys_t = MatRef {
                data: &self.keys_t,
                rows: hd,
                cols: lp,
                stride: lp,
            };
            let values = MatRef {
                data: &self.qkv[v0..],
                rows: l,
                cols: hd,
                stride: ld,
            };
            let mut t0 = 0;
            while t0 < l {
                let rows = (l - t0).min(ATTENTION_BLOCK);
                let queries = MatRef {
                    data: &self.qkv[t0 * ld + q0..],
                    rows,
                    cols: hd,
                    stride: ld,
                };
                cpu.sgemm(queries, keys_t, &mut self.probs, lp);
                cpu.softmax_rows(&mut self.probs, rows, l, lp, Some(&mut self.inv_sums));
                let probs = MatRef {
                    data: &self.probs,
                    rows,
                    cols: l,
                    stride: lp,
                };
                cpu.sgemm(probs, values, &mut self.ctx[t0 * h + q0..], h);
                for (r, &inv) in self.inv_sums[..rows].iter().enumerate() {
                    let at = (t0 + r) * h + q0;
                    self.ctx[at..at + hd].iter_mut().for_each(|v| *v *= inv);
                }
                t0 += rows;
            }
        }
    }
}
