//! The schema and the in-RAM index built from the loaded articles.
//!
//! Fields (all analysed with [`crate::nl::analysis`]):
//!
//! | field | analyzer | holds |
//! |---|---|---|
//! | `title`, `headings`, `description`, `body` | `nl` | the article's text, with positions for phrases |
//! | `slug` | `nl` | the English words of the file name (`declined-credit-card`) |
//! | `service` | `nl` | `ms.service` (`o365-administration`) |
//! | `parts` | `nl` | the parts of every compound word ([`crate::nl::compound`]) |
//! | `words` | `nl_words` | every word folded but unstemmed: typos and prefixes |
//! | `ids` | `nl_ident` | article id, slug, `ms.custom`, `ms.assetid`, `ms.locfileid` |
//! | `collection` | raw | the collection key |
//! | `key` | raw | the article id as written, to delete its document on a reload |
//! | `ord` | fast | the article's index in the library |
//! | `date` | fast | `ms.date` as days since 1970, for completeness of the schema |
//!
//! Nothing is stored: snippets and related articles read the article text
//! from the library snapshot that owns the index.

use rayon::prelude::*;
// Keys are the articles' words (from content authors; requests only look
// them up), so a fast hasher without flood protection is fine here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument};

use crate::content::Article;
use crate::nl::analysis::{self, DUTCH, IDENT, KnownStems, WORDS};
use crate::nl::compound::{Limits, Splitter};
use crate::nl::word_list::WordList;

/// How search splits compounds: parts of at least four letters (heads
/// too), only words of eight letters or more, and only words of letters
/// found in at least two articles as parts.
pub(super) const COMPOUNDS: Limits = Limits {
    min_part: 4,
    min_head: 4,
    min_word: 8,
    min_doc_freq: 2,
    letters_only: true,
};

/// Memory for the single indexing thread (tantivy wants ≥ 15 MB).
pub(super) const WRITER_BUDGET: usize = 50_000_000;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub title: Field,
    pub headings: Field,
    pub description: Field,
    pub body: Field,
    pub slug: Field,
    pub service: Field,
    pub parts: Field,
    pub words: Field,
    pub ids: Field,
    pub collection: Field,
    pub key: Field,
    pub ord: Field,
    pub date: Field,
}

fn text(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let prose = text(DUTCH, IndexRecordOption::WithFreqsAndPositions);
    let fields = Fields {
        title: b.add_text_field("title", prose.clone()),
        headings: b.add_text_field("headings", prose.clone()),
        description: b.add_text_field("description", prose.clone()),
        body: b.add_text_field("body", prose),
        slug: b.add_text_field("slug", text(DUTCH, IndexRecordOption::WithFreqs)),
        service: b.add_text_field("service", text(DUTCH, IndexRecordOption::WithFreqs)),
        parts: b.add_text_field("parts", text(DUTCH, IndexRecordOption::WithFreqs)),
        words: b.add_text_field("words", text(WORDS, IndexRecordOption::WithFreqs)),
        ids: b.add_text_field("ids", text(IDENT, IndexRecordOption::Basic)),
        collection: b.add_text_field("collection", STRING),
        key: b.add_text_field("key", STRING),
        ord: b.add_u64_field("ord", FAST),
        date: b.add_i64_field("date", FAST),
    };
    (b.build(), fields)
}

/// What the index build leaves behind besides the tantivy index.
pub(super) struct Built {
    pub index: Index,
    /// The commit the searcher sees.
    pub opstamp: u64,
    pub searcher: Searcher,
    pub fields: Fields,
    /// Per segment, per doc id: the article's index in the library.
    pub ords: Vec<Vec<u32>>,
    /// Folded word → number of articles it occurs in.
    pub vocabulary: HashMap<String, u32>,
    /// The stems of the vocabulary, which the index's analyser looks up.
    pub stems: KnownStems,
    pub compounds: Splitter,
}

/// Every identifier a staff member might type for an article, lowercased.
pub fn identifiers(article: &Article) -> Vec<String> {
    let meta = &article.meta;
    let mut ids = vec![article.id.clone(), article.slug().to_owned()];
    ids.extend(meta.ms_custom.iter().cloned());
    ids.extend(meta.ms_assetid.iter().cloned());
    ids.extend(meta.ms_locfileid.iter().cloned());
    let mut seen = HashSet::default();
    ids.into_iter()
        .map(|id| id.trim().to_lowercase())
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .collect()
}

/// Pass 1 of the build: the folded words of every article, the
/// vocabulary and the compound splitter made from it.
pub(super) struct Folded {
    article_words: Vec<WordList>,
    pub vocabulary: HashMap<String, u32>,
    compounds: Splitter,
}

/// Pass 1 over `articles` (in library order), on all cores.
pub(super) fn fold(articles: &[Article]) -> Folded {
    let (article_words, vocabulary) = folded_articles(articles);
    let compounds = Splitter::from_vocabulary(
        vocabulary.iter().map(|(w, df)| (w.as_str(), *df as usize)),
        COMPOUNDS,
    );
    Folded {
        article_words,
        vocabulary,
        compounds,
    }
}

/// Builds the index for `articles` (in library order): both passes.
#[cfg(test)]
pub(super) fn build(articles: &[Article]) -> tantivy::Result<Built> {
    build_folded(articles, fold(articles))
}

/// Pass 2: the index for `articles` (in library order) from pass 1. One
/// indexing thread, so documents keep the library's order and ties rank
/// the same on every build. The vocabulary's stems are made first (on all
/// cores), so that the analyser looks them up instead of running the
/// stemmer on every occurrence.
pub(super) fn build_folded(articles: &[Article], folded: Folded) -> tantivy::Result<Built> {
    let Folded {
        article_words,
        vocabulary,
        compounds,
    } = folded;
    let stems = KnownStems::new(vocabulary.par_iter().map(|(w, _)| w));
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    analysis::register(&index, &stems);

    // Pass 2: documents.
    let writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BUDGET)?;
    let mut split_cache = HashMap::default();
    // Each article's words are dropped once its document is made.
    for (ord, (article, words)) in articles.iter().zip(article_words).enumerate() {
        let doc = document(
            &fields,
            &compounds,
            &mut split_cache,
            (article, ord),
            &words,
        );
        writer.add_document(doc)?;
    }
    let (searcher, opstamp) = commit_and_search(writer, &index)?;
    let ords = ords(&searcher)?;
    Ok(Built {
        index,
        opstamp,
        searcher,
        fields,
        ords,
        vocabulary,
        stems,
        compounds,
    })
}

/// The tantivy document of `article` at index `ord`, from its folded
/// words; `split_cache` keeps the compound parts of words seen before.
pub(super) fn document(
    fields: &Fields,
    compounds: &Splitter,
    split_cache: &mut HashMap<String, Vec<String>>,
    (article, ord): (&Article, usize),
    words: &WordList,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    add_article(&mut doc, fields, article, ord);
    let mut parts = String::new();
    let mut unique = String::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for w in words.iter() {
        if !seen.insert(w) {
            continue;
        }
        if !split_cache.contains_key(w) {
            let mut parts = compounds.split(w);
            parts.extend(compounds.key(w));
            split_cache.insert(w.to_owned(), parts);
        }
        let split = split_cache.get(w).map_or(&[][..], Vec::as_slice);
        for part in split.iter() {
            parts.push_str(part);
            parts.push(' ');
        }
        unique.push_str(w);
        unique.push(' ');
    }
    doc.add_text(fields.words, &unique);
    doc.add_text(fields.parts, &parts);
    doc
}

/// The folded words of one article (title, description, headings, body).
pub(super) fn article_words(a: &Article) -> WordList {
    let mut words = WordList::folded(&a.source_title);
    words.push_folded(&a.description);
    for h in &a.headings {
        words.push_folded(h);
    }
    words.push_folded(&a.text);
    words.shrink_to_fit();
    words
}

/// The folded words of each article, and in how many articles each word
/// occurs.
fn folded_articles(articles: &[Article]) -> (Vec<WordList>, HashMap<String, u32>) {
    let article_words: Vec<WordList> = articles.par_iter().map(article_words).collect();
    let mut vocabulary: HashMap<String, u32> = HashMap::default();
    for words in &article_words {
        let unique: HashSet<&str> = words.iter().collect();
        for w in unique {
            match vocabulary.get_mut(w) {
                Some(df) => *df += 1,
                None => {
                    vocabulary.insert(w.to_owned(), 1);
                }
            }
        }
    }
    (article_words, vocabulary)
}

/// The fields of one article's document other than `words` and `parts`.
fn add_article(doc: &mut TantivyDocument, fields: &Fields, article: &Article, ord: usize) {
    doc.add_text(fields.title, &article.source_title);
    doc.add_text(fields.description, &article.description);
    for h in &article.headings {
        doc.add_text(fields.headings, h);
    }
    doc.add_text(fields.body, &article.text);
    doc.add_text(fields.slug, article.slug());
    if let Some(service) = &article.meta.ms_service {
        doc.add_text(fields.service, service);
    }
    for id in identifiers(article) {
        doc.add_text(fields.ids, &id);
    }
    doc.add_text(fields.collection, &article.collection);
    doc.add_text(fields.key, &article.id);
    doc.add_u64(fields.ord, ord as u64);
    if let Some(date) = article.date {
        let days = date
            .since(jiff::civil::date(1970, 1, 1))
            .map_or(0, |span| i64::from(span.get_days()));
        doc.add_i64(fields.date, days);
    }
}

/// Per segment, per doc id: the article's index in the library.
/// Commits what `writer` added and deleted, waits for its merges, and
/// returns a searcher over that commit with the commit's opstamp (for a
/// full build and an update alike).
pub(super) fn commit_and_search(
    mut writer: IndexWriter,
    index: &Index,
) -> tantivy::Result<(Searcher, u64)> {
    let opstamp = writer.commit()?;
    writer.wait_merging_threads()?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    reader.reload()?;
    Ok((reader.searcher(), opstamp))
}

pub(super) fn ords(searcher: &Searcher) -> tantivy::Result<Vec<Vec<u32>>> {
    let mut ords = Vec::new();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64("ord")?;
        ords.push(
            (0..segment.max_doc())
                .map(|doc| {
                    column
                        .first(doc)
                        .and_then(|o| u32::try_from(o).ok())
                        .unwrap_or(u32::MAX)
                })
                .collect(),
        );
    }
    Ok(ords)
}
