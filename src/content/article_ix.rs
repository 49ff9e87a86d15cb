//! [`ArticleIx`]: where an article sits in one snapshot's list of articles.
//! Search hits, recommended matches, related articles and the link graph
//! name articles by it; it is only meaningful for the snapshot that made
//! it (a reload may number the articles differently).

/// The position of an article in one library snapshot's article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleIx(usize);

impl ArticleIx {
    /// The article at `position` of the list.
    pub const fn new(position: usize) -> ArticleIx {
        ArticleIx(position)
    }

    /// The position in the list.
    pub const fn get(self) -> usize {
        self.0
    }
}

impl std::fmt::Display for ArticleIx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleIx;

    #[test]
    fn keeps_its_position_and_orders_by_it() {
        let (a, b) = (ArticleIx::new(3), ArticleIx::new(7));
        assert_eq!(a.get(), 3);
        assert!(a < b);
        assert_eq!(b.to_string(), "#7");
    }
}
