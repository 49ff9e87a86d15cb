//! The content pipeline: a content root on disk becomes a list of rendered
//! [`Article`]s plus the [`Problem`]s found on the way.
//!
//! A content root holds collections (its subfolders). Every `.md` file
//! outside `includes/` folders is an article whose id is its path relative
//! to the root without `.md`. Malformed files are reported with file, line
//! and reason, and skipped; everything else is served.

mod article;
mod article_ix;
pub mod front_matter;
mod include;
pub mod links;
pub mod loader;
pub mod markdown;
pub mod markers;
pub mod packed;
pub mod plain_text;
mod problem;
pub mod redirects;
mod removed;
mod render;
pub mod reuse;
pub mod sanitize;
pub mod stamp;
mod text;
pub mod title;
mod walk;

pub use article::{Article, ArticleData};
pub use article_ix::ArticleIx;
pub use front_matter::FrontMatter;
pub use loader::{LoadError, Loaded, load, load_reusing};
pub use markdown::TocEntry;
pub use problem::{Problem, Severity};
pub use text::normalise_text;
