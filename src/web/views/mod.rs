//! View types that more than one page fills: links to articles in a list
//! and the feedback block. A type only one page uses stays in its handler.

pub mod article_link;
pub mod feedback;
