//! What text of an article the encoder reads (the "recipe"). The recipe's
//! name is part of every cached vector's key, so changing a recipe can
//! never serve vectors made from another one.

use crate::content::Article;
use crate::nl::truncate;

/// A way to turn an article into the passage the encoder embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Recipe {
    /// Title, description and headings.
    Outline,
    /// Title, description, headings and the start of the body.
    #[default]
    OutlineAndLead,
    /// [`Recipe::OutlineAndLead`], then the rest of the body in pieces,
    /// each after the title; the closest passage counts.
    Passages,
}

/// How much of the body [`Recipe::OutlineAndLead`] adds, in bytes (about
/// 100 tokens of Dutch).
const LEAD_BYTES: usize = 400;
/// The size of each further piece of the body in [`Recipe::Passages`].
const PIECE_BYTES: usize = 600;
/// At most this many passages per article.
const MAX_PASSAGES: usize = 6;

impl Recipe {
    /// Every recipe, for measuring them side by side.
    pub const ALL: [Recipe; 3] = [Recipe::Outline, Recipe::OutlineAndLead, Recipe::Passages];

    /// The name that goes into cache keys and benchmark tables; a changed
    /// recipe gets a new name.
    pub fn name(self) -> &'static str {
        match self {
            Recipe::Outline => "outline-v1",
            Recipe::OutlineAndLead => "outline-lead400-v1",
            Recipe::Passages => "passages600x6-v1",
        }
    }

    pub fn from_name(name: &str) -> Option<Recipe> {
        Recipe::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The passages for `article` (at least one).
    pub fn passages(self, article: &Article) -> Vec<String> {
        let first = self.first(article);
        if self != Recipe::Passages {
            return vec![first];
        }
        let mut passages = vec![first];
        let body = article.text.trim();
        let mut rest = body.get(truncate(body, LEAD_BYTES).len()..).unwrap_or("");
        while !rest.trim().is_empty() && passages.len() < MAX_PASSAGES {
            let piece = truncate(rest, PIECE_BYTES);
            // End at a space so no word is cut, unless there is none.
            let piece = match piece.rfind(char::is_whitespace) {
                Some(end) if piece.len() < rest.len() && end > 0 => &piece[..end],
                _ => piece,
            };
            passages.push(format!("{}. {}", article.source_title, piece.trim()));
            rest = &rest[piece.len()..];
        }
        passages
    }

    /// The first passage: the outline, with the lead for the recipes that
    /// have one.
    fn first(self, article: &Article) -> String {
        let mut parts: Vec<&str> = vec![article.source_title.as_str()];
        if !article.description.is_empty() && article.description != article.source_title {
            parts.push(&article.description);
        }
        parts.extend(
            article
                .headings
                .iter()
                .map(String::as_str)
                .filter(|h| !h.is_empty() && *h != article.source_title),
        );
        let mut text = parts.join(". ");
        if self != Recipe::Outline {
            let lead = truncate(article.text.trim(), LEAD_BYTES);
            if !lead.is_empty() {
                text.push_str(". ");
                text.push_str(lead);
            }
        }
        text
    }
}
