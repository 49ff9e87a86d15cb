//! The term–article matrix of the latent space and its two products with
//! dense matrices, on every core and bit for bit what one thread computes.

use std::ops::Range;

use rayon::prelude::*;

use super::super::index::{Bm25f, Index};
/// The weight of a term in an article: field-weighted log tf × idf.
pub(super) fn weight(index: &Index, params: &Bm25f, term: u32, tf: &[f32]) -> f32 {
    let weighted: f32 = tf.iter().zip(params.weight).map(|(t, w)| t * w).sum();
    if weighted <= 0.0 {
        return 0.0;
    }
    (1.0 + weighted.ln().max(0.0)) * index.idf(term)
}

/// The term–article matrix `A`: log tf × idf weights from the index's
/// postings (terms in at least two articles), each article's column scaled
/// to unit length so that every article counts alike. Its products run on
/// every core and add up every output row in the same order as one thread
/// would, so the result is the same bit for bit.
pub(super) struct TermArticle<'a> {
    index: &'a Index,
    params: &'a Bm25f,
    /// Terms in at least two articles, ascending.
    useful: Vec<u32>,
    /// Per article, 1 / the length of its column (0 for an empty one).
    scale: Vec<f32>,
}

impl<'a> TermArticle<'a> {
    pub(super) fn new(index: &'a Index, params: &'a Bm25f) -> TermArticle<'a> {
        let useful = (0..index.term_count() as u32)
            .filter(|&t| index.df(t) >= 2)
            .collect();
        let mut a = TermArticle {
            index,
            params,
            useful,
            scale: Vec::new(),
        };
        let mut norms = vec![0.0f32; index.doc_count()];
        a.by_article_blocks(&mut norms, 1, |first, block| {
            for &t in &a.useful {
                for (d, w) in a.weights(t, first..first + block.len()) {
                    block[d - first] += w * w;
                }
            }
        });
        for n in &mut norms {
            *n = if *n > 0.0 { 1.0 / n.sqrt() } else { 0.0 };
        }
        a.scale = norms;
        a
    }

    /// Term `t`'s unscaled weights in the articles of `docs`, by article.
    fn weights(&self, t: u32, docs: Range<usize>) -> impl Iterator<Item = (usize, f32)> + '_ {
        let postings = self.index.postings(t);
        // Postings are in article order.
        let from = postings.partition_point(|p| (p.doc as usize) < docs.start);
        let to = postings.partition_point(|p| (p.doc as usize) < docs.end);
        postings
            .get(from..to)
            .into_iter()
            .flatten()
            .filter_map(move |p| {
                let w = weight(self.index, self.params, t, &p.tf());
                (w > 0.0).then_some((p.doc as usize, w))
            })
    }

    /// Term `t`'s row of `A` over the articles of `docs`.
    fn row(&self, t: u32, docs: Range<usize>) -> impl Iterator<Item = (usize, f32)> + '_ {
        (self.weights(t, docs)).map(|(d, w)| (d, w * self.scale.get(d).copied().unwrap_or(0.0)))
    }

    /// `out (terms × width) += A · m (articles × width)`, a term's row per task.
    pub(super) fn times(&self, m: &[f32], out: &mut [f32], width: usize) {
        let all = 0..self.index.doc_count();
        out.par_chunks_mut(width).enumerate().for_each(|(t, dst)| {
            let t = t as u32;
            if self.index.df(t) < 2 {
                return;
            }
            for (d, w) in self.row(t, all.clone()) {
                if let Some(src) = m.get(d * width..(d + 1) * width) {
                    dst.iter_mut().zip(src).for_each(|(o, s)| *o += w * s);
                }
            }
        });
    }

    /// `out (articles × width) += Aᵀ · m (terms × width)`, a block of
    /// articles per task, each summed over the terms in ascending order.
    pub(super) fn transposed_times(&self, m: &[f32], out: &mut [f32], width: usize) {
        self.by_article_blocks(out, width, |first, block| {
            let articles = first..first + block.len() / width;
            for &t in &self.useful {
                let start = t as usize * width;
                let Some(src) = m.get(start..start + width) else {
                    continue;
                };
                for (d, w) in self.row(t, articles.clone()) {
                    let at = (d - first) * width;
                    if let Some(dst) = block.get_mut(at..at + width) {
                        dst.iter_mut().zip(src).for_each(|(o, s)| *o += w * s);
                    }
                }
            }
        });
    }

    /// Runs `f(first article, its rows)` over blocks of a per-article
    /// matrix of `width` columns, in parallel.
    fn by_article_blocks(
        &self,
        out: &mut [f32],
        width: usize,
        f: impl Fn(usize, &mut [f32]) + Sync,
    ) {
        let per_block = self.index.doc_count().div_ceil(64).max(1);
        out.par_chunks_mut(per_block * width)
            .enumerate()
            .for_each(|(i, block)| f(i * per_block, block));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `docs` articles over 40 terms, drawn from a fixed seed.
    /// Numbers in [-1, 1) from a fixed seed.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        }
    }

    fn random_index(docs: usize) -> Index {
        use crate::recommend::index::{DocTerms, Field};
        let mut rng = Lcg(7);
        let mut index = Index::default();
        for _ in 0..docs {
            let mut terms = DocTerms::default();
            for _ in 0..12 {
                let term = format!("t{}", ((rng.next() + 1.0) * 20.0) as usize);
                let field = if rng.next() > 0.5 {
                    Field::Body
                } else {
                    Field::Title
                };
                terms.grow(field);
                terms.add(field, &term, 1.0);
            }
            index.push(terms);
        }
        index.finish();
        index
    }

    #[test]
    fn products_on_all_cores_equal_one_thread_bit_for_bit() {
        let params = Bm25f::PLAIN;
        let index = random_index(300);
        let a = TermArticle::new(&index, &params);
        let (terms, docs, width) = (index.term_count(), index.doc_count(), 5);
        let mut rng = Lcg(11);
        let by_article: Vec<f32> = (0..docs * width).map(|_| rng.next()).collect();
        let by_term: Vec<f32> = (0..terms * width).map(|_| rng.next()).collect();
        // One thread, term by term, as the products were first written.
        let (mut want_a, mut want_t) = (vec![0.0f32; terms * width], vec![0.0f32; docs * width]);
        for &t in &a.useful {
            for (d, w) in a.row(t, 0..docs) {
                let t = t as usize;
                for k in 0..width {
                    want_a[t * width + k] += w * by_article[d * width + k];
                    want_t[d * width + k] += w * by_term[t * width + k];
                }
            }
        }
        let (mut got_a, mut got_t) = (vec![0.0f32; terms * width], vec![0.0f32; docs * width]);
        a.times(&by_article, &mut got_a, width);
        a.transposed_times(&by_term, &mut got_t, width);
        assert!(want_t.iter().any(|&v| v != 0.0));
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got_a), bits(&want_a));
        assert_eq!(bits(&got_t), bits(&want_t));
    }
}
