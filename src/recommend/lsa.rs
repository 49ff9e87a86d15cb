//! Latent semantic analysis, computed from the corpus at load time: the
//! term–article matrix (log tf × idf, field-weighted) is reduced to a few
//! dozen latent topics with a randomised truncated SVD, so that a
//! description and an article that share a topic are close even when they
//! share few words. No model or data comes from outside the corpus.
//!
//! Method (Halko, Martinsson & Tropp): random range finder with one power
//! iteration, orthonormalised by Gram–Schmidt, then the small symmetric
//! eigenproblem of `B·Bᵀ` solved by cyclic Jacobi rotations.

use std::sync::Arc;

mod term_article;

use super::blocks::Blocks;
use super::index::{Bm25f, Index};
use term_article::{TermArticle, weight};

/// Latent dimensions kept.
const RANK: usize = 96;
/// Extra random directions for a better range estimate.
const OVERSAMPLE: usize = 16;
/// Article vectors per shared block.
const ROWS_PER_BLOCK: usize = 64;
/// Jacobi sweeps at most (it converges long before).
const SWEEPS: usize = 30;

/// Article vectors in the latent space, and the map from terms into it.
/// An update folds changed articles in (see [`Lsa::fold_in`]) and shares
/// the basis with the space it was made from.
#[derive(Debug, Default, Clone)]
pub struct Lsa {
    /// Row-major `terms × width`: the orthonormal range basis `Q`.
    basis: Arc<Vec<f32>>,
    /// Row-major `width × RANK`: eigenvectors of `B·Bᵀ` (largest first).
    rotation: Arc<Vec<f32>>,
    /// Row-major `docs × RANK`, each row of unit length (or zero), in
    /// blocks that an update's fold-in copies one at a time.
    docs: Blocks<f32>,
    width: usize,
    rank: usize,
}

/// `C = B·Bᵀ` (width × width, symmetric) of `B` stored per article.
fn gram(b: &[f32], width: usize) -> Vec<f64> {
    let mut c = vec![0.0f64; width * width];
    for row in b.chunks_exact(width) {
        for i in 0..width {
            let ri = f64::from(row[i]);
            if ri == 0.0 {
                continue;
            }
            for j in i..width {
                c[i * width + j] += ri * f64::from(row[j]);
            }
        }
    }
    for i in 0..width {
        for j in 0..i {
            c[i * width + j] = c[j * width + i];
        }
    }
    c
}

/// The eigenvectors of `C` with the largest eigenvalues, largest first,
/// as a row-major `width × rank` rotation, and the rank.
fn rotation(c: Vec<f64>, width: usize) -> (Vec<f32>, usize) {
    let (values, vectors) = jacobi(c, width);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&i, &j| values[j].total_cmp(&values[i]));
    let rank = RANK.min(width);
    let mut rotation = vec![0.0f32; width * rank];
    for (k, &col) in order.iter().take(rank).enumerate() {
        for i in 0..width {
            rotation[i * rank + k] = vectors[i * width + col] as f32;
        }
    }
    (rotation, rank)
}

/// A small deterministic generator for the random test matrix.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // Uniform in [-1, 1).
        (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

impl Lsa {
    /// Builds the latent space of `index` (terms in fewer than two
    /// articles carry no co-occurrence and are left out).
    pub fn build(index: &Index, params: &Bm25f) -> Lsa {
        let terms = index.term_count();
        let docs = index.doc_count();
        let width = (RANK + OVERSAMPLE).min(docs).min(terms);
        if width == 0 {
            return Lsa::default();
        }
        let a = TermArticle::new(index, params);

        // Y = A·Ω, then one power iteration Y = A·(Aᵀ·Y).
        let mut rng = SplitMix(0x5EED);
        let omega: Vec<f32> = (0..docs * width).map(|_| rng.next()).collect();
        let mut y = vec![0.0f32; terms * width];
        a.times(&omega, &mut y, width);
        let mut z = vec![0.0f32; docs * width];
        a.transposed_times(&y, &mut z, width);
        y.iter_mut().for_each(|v| *v = 0.0);
        a.times(&z, &mut y, width);
        orthonormalise(&mut y, terms, width);

        // B = Qᵀ·A, stored per article (docs × width).
        let mut b = vec![0.0f32; docs * width];
        a.transposed_times(&y, &mut b, width);
        let (rotation, rank) = rotation(gram(&b, width), width);
        let mut doc_vectors = vec![0.0f32; docs * rank];
        for (d, row) in b.chunks_exact(width).enumerate() {
            let out = &mut doc_vectors[d * rank..(d + 1) * rank];
            project(row, &rotation, rank, out);
            normalise(out);
        }
        Lsa {
            basis: Arc::new(y),
            rotation: Arc::new(rotation),
            docs: Blocks::new(doc_vectors, rank * ROWS_PER_BLOCK),
            width,
            rank,
        }
    }

    /// Folds article `doc` in again from its postings in `index` (the
    /// standard LSA fold-in: its column of the term–article matrix mapped
    /// through the basis, which stays as built). `terms` are the article's
    /// terms; those the basis was built without (in fewer than two
    /// articles then, or new) carry nothing, as in a query.
    pub fn fold_in(
        &mut self,
        index: &Index,
        params: &Bm25f,
        doc: u32,
        terms: impl IntoIterator<Item = u32>,
    ) {
        let mut b = vec![0.0f32; self.width];
        for t in terms {
            let Some(posting) = index.posting(t, doc).filter(|_| index.df(t) >= 2) else {
                continue;
            };
            let w = weight(index, params, t, &posting.tf());
            let start = t as usize * self.width;
            if let Some(row) = self.basis.get(start..start + self.width) {
                for (bi, ri) in b.iter_mut().zip(row) {
                    *bi += w * ri;
                }
            }
        }
        let start = doc as usize * self.rank;
        if let Some(out) = self.docs.run_mut(start, self.rank) {
            out.iter_mut().for_each(|x| *x = 0.0);
            project(&b, &self.rotation, self.rank, out);
            normalise(out);
        }
    }

    /// A description's latent vector from its weighted terms (unit length).
    pub fn embed(&self, index: &Index, terms: impl IntoIterator<Item = (u32, f32)>) -> Vec<f32> {
        let mut q = vec![0.0f32; self.width];
        for (term, w) in terms {
            let start = term as usize * self.width;
            if let Some(row) = self.basis.get(start..start + self.width) {
                let w = w * index.idf(term);
                for (qi, ri) in q.iter_mut().zip(row) {
                    *qi += w * ri;
                }
            }
        }
        let mut out = vec![0.0f32; self.rank];
        project(&q, &self.rotation, self.rank, &mut out);
        normalise(&mut out);
        out
    }

    /// Cosine similarity of an embedded description and an article.
    pub fn similarity(&self, query: &[f32], doc: usize) -> f32 {
        let start = doc * self.rank;
        self.docs
            .run(start, self.rank)
            .map_or(0.0, |row| row.iter().zip(query).map(|(a, b)| a * b).sum())
    }
}

/// Modified Gram–Schmidt on the columns of a row-major `rows × width`
/// matrix; columns that vanish are left zero. Worked on a column-major
/// copy, so that each dot product reads two runs of memory.
fn orthonormalise(m: &mut [f32], rows: usize, width: usize) {
    let mut columns = vec![0.0f32; rows * width];
    for (r, row) in m.chunks_exact(width).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            columns[j * rows + r] = v;
        }
    }
    for j in 0..width {
        let (done, rest) = columns.split_at_mut(j * rows);
        let Some(column) = rest.get_mut(..rows) else {
            break;
        };
        for k in done.chunks_exact(rows) {
            let dot = dot64(column, k) as f32;
            column.iter_mut().zip(k).for_each(|(c, q)| *c -= dot * q);
        }
        let norm = dot64(column, column);
        let scale = if norm > 1e-12 {
            1.0 / norm.sqrt() as f32
        } else {
            0.0
        };
        column.iter_mut().for_each(|c| *c *= scale);
    }
    for (r, row) in m.chunks_exact_mut(width).enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = columns[j * rows + r];
        }
    }
}

/// `a · b` summed in double precision, four running sums at a time.
fn dot64(a: &[f32], b: &[f32]) -> f64 {
    let mut sums = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = (a4.remainder().iter().zip(b4.remainder()))
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    for (x, y) in a4.zip(b4) {
        for i in 0..4 {
            sums[i] += f64::from(x[i]) * f64::from(y[i]);
        }
    }
    sums.iter().sum::<f64>() + tail
}

/// Eigenvalues and eigenvectors (columns, row-major) of a symmetric
/// matrix by cyclic Jacobi rotations.
fn jacobi(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _ in 0..SWEEPS {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j].powi(2))
            .sum();
        if off < 1e-18 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-30 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let values = (0..n).map(|i| a[i * n + i]).collect();
    (values, v)
}

/// `out = rowᵀ · rotation` for a row of `width` and a `width × rank` matrix.
fn project(row: &[f32], rotation: &[f32], rank: usize, out: &mut [f32]) {
    for (i, &x) in row.iter().enumerate() {
        if x == 0.0 {
            continue;
        }
        if let Some(r) = rotation.get(i * rank..(i + 1) * rank) {
            for (o, v) in out.iter_mut().zip(r) {
                *o += x * v;
            }
        }
    }
}

fn normalise(v: &mut [f32]) {
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_the_eigenvalues_of_a_small_matrix() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (mut values, _) = jacobi(vec![2.0, 1.0, 1.0, 2.0], 2);
        values.sort_by(f64::total_cmp);
        assert!((values[0] - 1.0).abs() < 1e-9 && (values[1] - 3.0).abs() < 1e-9);
    }

    #[test]
    fn random_columns_become_orthonormal() {
        let (rows, width) = (37, 6);
        let mut rng = SplitMix(3);
        let mut m: Vec<f32> = (0..rows * width).map(|_| rng.next()).collect();
        orthonormalise(&mut m, rows, width);
        for j in 0..width {
            for k in 0..=j {
                let dot: f32 = (0..rows).map(|r| m[r * width + j] * m[r * width + k]).sum();
                let want = if j == k { 1.0 } else { 0.0 };
                assert!((dot - want).abs() < 1e-5, "columns {j} and {k}: {dot}");
            }
        }
    }

    #[test]
    fn columns_become_orthonormal() {
        let mut m = vec![1.0, 1.0, 0.0, 1.0, 1.0, 0.0];
        orthonormalise(&mut m, 3, 2);
        let dot: f32 = (0..3).map(|r| m[r * 2] * m[r * 2 + 1]).sum();
        let n0: f32 = (0..3).map(|r| m[r * 2].powi(2)).sum();
        assert!(dot.abs() < 1e-6 && (n0 - 1.0).abs() < 1e-6);
    }
}
