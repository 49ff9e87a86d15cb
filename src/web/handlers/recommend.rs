//! Recommended steps: `GET /{locale}/recommend?problem=…` (a page support
//! staff can send as a link) and `GET /api/v1/recommend?problem=…` (JSON).
//! Matching lives in [`crate::recommend`]; this file only reads the
//! description, asks the library's recommender and fills the template.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use crate::i18n::UiLocale;
use crate::insights::FeedbackKind;
use crate::library::Library;
use crate::recommend::highlight::{Piece, pieces};
use crate::recommend::{MAX_PROBLEM_BYTES, Match, Meaning, Recommendation, truncate};
use crate::web::cache_policy::CachePolicy;
use crate::web::error::PageError;
use crate::web::layout::{Layout, TrustedHtml};
use crate::web::locale;
use crate::web::respond::{html_page, private_page};
use crate::web::state::AppState;
use crate::web::views::feedback::{Answered, FeedbackView};

/// The query string is cut to this many bytes before it is decoded.
const MAX_QUERY_BYTES: usize = 4 * MAX_PROBLEM_BYTES;
/// Matches on the page: the solution plus up to four alternatives.
const PAGE_MATCHES: usize = 5;
/// Matches in the JSON answer.
const API_MATCHES: usize = 5;
/// Descriptions longer than this show only their matched words.
const FULL_EXCERPT_BYTES: usize = 300;

/// One article in a list of matches, with the description's words it matched.
pub struct MatchView {
    pub title: String,
    pub url: String,
    pub pieces: Vec<Piece>,
}

impl MatchView {
    pub fn has_hits(&self) -> bool {
        self.pieces.iter().any(|p| p.hit)
    }
}

#[derive(Template)]
#[template(path = "recommend.html")]
struct RecommendPage<'a> {
    layout: Layout,
    problem: &'a str,
    /// Whether a description was given at all.
    asked: bool,
    best: Option<MatchView>,
    best_body: TrustedHtml<'a>,
    others: Vec<MatchView>,
    /// "Heeft dit uw probleem opgelost?", when a solution is shown.
    feedback: Option<FeedbackView>,
    /// Whether the solution shown was machine-translated, and its original.
    machine_translated: bool,
    original: Option<String>,
}

/// The description from a raw query string: cut early, decoded leniently,
/// control characters replaced, and cut to what the recommender reads.
pub fn problem_from_query(query: &str) -> String {
    let query = truncate(query, MAX_QUERY_BYTES);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let raw = pairs
        .into_iter()
        .find(|(k, _)| k == "problem")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    truncate(cleaned.trim(), MAX_PROBLEM_BYTES).to_owned()
}

fn view(library: &Library, locale: UiLocale, problem: &str, m: &Match) -> Option<MatchView> {
    let article = library.at(m.article)?;
    let pieces = if problem.len() <= FULL_EXCERPT_BYTES {
        pieces(problem, &m.spans)
    } else {
        hits_only(problem, &m.spans)
    };
    Some(MatchView {
        title: article.title.clone(),
        url: article.url(locale),
        pieces,
    })
}

/// Only the matched words of a long description, separated by spaces.
fn hits_only(problem: &str, spans: &[(usize, usize)]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces(problem, spans).into_iter().filter(|p| p.hit) {
        if out
            .iter()
            .any(|p| p.hit && p.text.eq_ignore_ascii_case(&piece.text))
        {
            continue;
        }
        if !out.is_empty() {
            out.push(Piece {
                text: " ".to_owned(),
                hit: false,
            });
        }
        out.push(piece);
    }
    out
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    let problem = problem_from_query(req.query_string());
    let library = state.library.current();
    // The view right after a feedback post is not a new recommendation.
    let answered = Answered::from_query(req.query_string());
    let found = if problem.is_empty() {
        Recommendation::default()
    } else {
        let found = recommend(&state, &library, &problem, PAGE_MATCHES).await;
        if answered.is_none() {
            record(&state, &library, &problem, &found);
        }
        found
    };
    let mut views = found
        .matches
        .iter()
        .filter_map(|m| view(&library, locale, &problem, m));
    let best_article = found
        .confident
        .then(|| found.matches.first().and_then(|m| library.at(m.article)))
        .flatten();
    let best = if best_article.is_some() {
        views.next()
    } else {
        None
    };
    let others: Vec<MatchView> = views.collect();
    let mut layout = Layout::new(locale, locale.t("recommend-title"), "/recommend");
    layout.noindex = true;
    layout.query = String::new();
    let feedback = best_article.map(|article| {
        FeedbackView::new(
            &state,
            locale,
            FeedbackKind::Recommend,
            article,
            &problem,
            answered.as_ref(),
        )
    });
    let best_body = best_article.map(|a| a.body(locale));
    let page = RecommendPage {
        layout,
        problem: &problem,
        asked: !problem.is_empty(),
        best,
        best_body: TrustedHtml(best_body.as_deref().unwrap_or("")),
        others,
        feedback,
        machine_translated: best_article.is_some_and(|a| a.meta.machine_translated()),
        original: best_article.and_then(|a| library.original_url(a)),
    };
    if answered.is_some() {
        private_page(locale, StatusCode::OK, &page)
    } else {
        html_page(locale, &page)
    }
}

/// The library's answer for `problem`: words fused with meaning when the
/// encoder and the snapshot's article vectors are ready, words alone
/// otherwise (also when the encoder's queue is full); then the examples
/// staff confirmed.
async fn recommend(
    state: &AppState,
    library: &Library,
    problem: &str,
    limit: usize,
) -> Recommendation {
    let vector = match library.vectors() {
        Some(_) if !problem.is_empty() => state.semantic.query(problem).await,
        _ => None,
    };
    let meaning = vector
        .as_deref()
        .zip(library.vectors())
        .map(|(query, articles)| Meaning { query, articles });
    library.recommender().recommend_taught(
        problem,
        limit,
        meaning,
        &state.examples.current(),
        |id| library.index_of(id),
    )
}

/// Counts a recommendation and records it for the staff insights.
fn record(state: &AppState, library: &Library, problem: &str, found: &Recommendation) {
    let confident = found.confident && !found.matches.is_empty();
    crate::metrics::recommendation(confident);
    let first = found
        .matches
        .first()
        .and_then(|m| library.at(m.article))
        .map(|a| a.id.as_str());
    state
        .insights
        .record_recommendation(problem, found.matches.len(), first, confident);
}

#[derive(Serialize)]
struct ApiMatch<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    score: f32,
}

#[derive(Serialize)]
struct ApiAnswer<'a> {
    confident: bool,
    matches: Vec<ApiMatch<'a>>,
}

pub async fn api(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let problem = problem_from_query(req.query_string());
    let library = state.library.current();
    let found = recommend(&state, &library, &problem, API_MATCHES).await;
    if !problem.is_empty() {
        record(&state, &library, &problem, &found);
    }
    let matches: Vec<ApiMatch<'_>> = found
        .matches
        .iter()
        .filter_map(|m| {
            let article = library.at(m.article)?;
            Some(ApiMatch {
                id: &article.id,
                title: &article.title,
                url: article.url(UiLocale::DEFAULT),
                score: (m.score * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(CachePolicy::NoStore)
        .json(ApiAnswer {
            confident: found.confident && !matches.is_empty(),
            matches,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_is_decoded_cleaned_and_cut() {
        assert_eq!(
            problem_from_query("problem=kaart+geweigerd"),
            "kaart geweigerd"
        );
        assert_eq!(problem_from_query("x=1&problem=a%00b%zz"), "a b%zz");
        assert_eq!(problem_from_query("problem=%FF%FEx"), "\u{FFFD}\u{FFFD}x");
        assert_eq!(problem_from_query(""), "");
        let huge = format!("problem={}", "a".repeat(100_000));
        assert_eq!(problem_from_query(&huge).len(), MAX_PROBLEM_BYTES);
    }

    #[test]
    fn long_descriptions_show_only_their_hits() {
        let got = hits_only("kaart x kaart y bank", &[(0, 5), (8, 13), (16, 20)]);
        let text: String = got.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "kaart bank");
    }
}
