//! `/{locale}/articles/{id}.txt`: the article as plain text for emails
//! (see [`crate::content::plain_text`]), absolute URLs under `base_url`.
//! Loose spellings of the id redirect to the canonical `.txt` URL.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;

use crate::content::plain_text;
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::web::article_urls::{TEXT_SUFFIX, find_loosely};
use crate::web::cache_policy::CachePolicy;
use crate::web::respond::to_local;

/// The answer for `raw_id` ending in `.txt`, if it names an article.
pub fn respond(
    library: &Library,
    base_url: &str,
    locale: UiLocale,
    segment: &str,
    raw_id: &str,
) -> Option<HttpResponse> {
    let stem = raw_id.get(..raw_id.len().checked_sub(TEXT_SUFFIX.len())?)?;
    if !raw_id[stem.len()..].eq_ignore_ascii_case(TEXT_SUFFIX) {
        return None;
    }
    let article = find_loosely(library, stem)?;
    if article.id != stem
        || raw_id[stem.len()..] != *TEXT_SUFFIX
        || segment != locale.path_segment()
    {
        return Some(to_local(
            StatusCode::MOVED_PERMANENTLY,
            &format!("{}{TEXT_SUFFIX}", article.url(locale)),
        ));
    }
    Some(
        HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
            .insert_header(CachePolicy::PublicShort)
            .insert_header(("X-Robots-Tag", "noindex"))
            .body(plain_text::for_locale(
                article,
                base_url,
                locale,
                library.original_url(article).as_deref(),
            )),
    )
}
