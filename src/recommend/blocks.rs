//! A vector kept in blocks that snapshots share: cloning it copies one
//! pointer per block, and changing an element copies that element's block
//! alone. A reload's recommender update changes a few articles' rows, so
//! the new snapshot shares almost all of them with the one still serving.

use std::sync::Arc;

/// Elements in blocks of a fixed length (the last may be shorter).
#[derive(Debug, Clone)]
pub struct Blocks<T> {
    block_len: usize,
    blocks: Vec<Arc<Vec<T>>>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks {
            block_len: 1,
            blocks: Vec::new(),
        }
    }
}

impl<T: Clone> Blocks<T> {
    /// `items` in blocks of `block_len` (at least 1).
    pub fn new(items: Vec<T>, block_len: usize) -> Blocks<T> {
        let block_len = block_len.max(1);
        let mut blocks = Vec::with_capacity(items.len().div_ceil(block_len));
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            blocks.push(Arc::new(items.by_ref().take(block_len).collect()));
        }
        Blocks { block_len, blocks }
    }

    /// The element at `i`.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.blocks
            .get(i / self.block_len)
            .and_then(|block| block.get(i % self.block_len))
    }

    /// The `len` elements from `start`, when they lie in one block (always
    /// so for rows of a length that divides the block length).
    pub fn run(&self, start: usize, len: usize) -> Option<&[T]> {
        let offset = start % self.block_len;
        self.blocks
            .get(start / self.block_len)
            .and_then(|block| block.get(offset..offset + len))
    }

    /// Like [`Blocks::run`], to change: the block is copied first if
    /// another clone shares it.
    pub fn run_mut(&mut self, start: usize, len: usize) -> Option<&mut [T]> {
        let offset = start % self.block_len;
        self.blocks
            .get_mut(start / self.block_len)
            .and_then(|block| Arc::make_mut(block).get_mut(offset..offset + len))
    }

    /// Replaces the element at `i` (nothing happens past the end).
    pub fn set(&mut self, i: usize, value: T) {
        if let Some(slot) = self.run_mut(i, 1).and_then(|run| run.first_mut()) {
            *slot = value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_copies_one_block_and_leaves_the_clone_as_it_was() {
        let before = Blocks::new((0..10).collect::<Vec<u32>>(), 4);
        let mut after = before.clone();
        after.set(5, 50);
        assert_eq!(after.get(5), Some(&50));
        assert_eq!(before.get(5), Some(&5));
        assert_eq!(after.get(9), Some(&9));
        assert_eq!(after.get(10), None);
        // Blocks 0 and 2 are still shared, block 1 is not.
        let shared: Vec<bool> = (before.blocks.iter().zip(&after.blocks))
            .map(|(a, b)| Arc::ptr_eq(a, b))
            .collect();
        assert_eq!(shared, [true, false, true]);
    }

    #[test]
    fn rows_that_divide_the_block_length_are_whole() {
        let mut rows = Blocks::new((0..12).collect::<Vec<u32>>(), 6);
        assert_eq!(rows.run(3, 3), Some(&[3, 4, 5][..]));
        assert_eq!(rows.run(9, 3), Some(&[9, 10, 11][..]));
        assert_eq!(rows.run(12, 3), None);
        if let Some(row) = rows.run_mut(6, 3) {
            row.copy_from_slice(&[0, 0, 0]);
        }
        assert_eq!(rows.run(6, 3), Some(&[0, 0, 0][..]));
    }
}
