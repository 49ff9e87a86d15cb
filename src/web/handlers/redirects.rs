//! Redirects that keep old and sloppy URLs working: `/` to the best UI
//! locale, `/nl-nl` to `/nl-nl/`, `/articles/{id}` (or `{id}.txt`)
//! without a locale, and a collection's URL with a trailing slash.
//! Every `Location` is a path on this site, never another host.

use actix_web::http::StatusCode;
use actix_web::http::header::{LOCATION, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::locale;

/// A redirect to a path on this site; any run of leading slashes or
/// backslashes collapses to one so the browser cannot read a host into it.
pub fn to_local(status: StatusCode, path: &str) -> HttpResponse {
    let trimmed = path.trim_start_matches(['/', '\\']);
    let location = format!("/{trimmed}");
    HttpResponse::build(status)
        .insert_header((LOCATION, location))
        .finish()
}

/// Whether two paths name the same segments once each is percent-decoded
/// on its own: `a%2Fb` is one segment and `a/b` two, while `%7e` and `~`
/// are the same. (Comparing segment by segment, not the bytes, keeps a
/// client that encodes differently from being redirected in a loop.)
pub fn same_segments(raw: &str, canonical: &str) -> bool {
    raw.split('/')
        .map(percent_decoded)
        .eq(canonical.split('/').map(percent_decoded))
}

/// A path segment with its `%XX` escapes decoded; malformed escapes stay
/// as they are.
fn percent_decoded(segment: &str) -> Vec<u8> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| segment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// `/` → `/{locale}/`, by `Accept-Language`.
pub async fn root(req: HttpRequest) -> HttpResponse {
    let locale = locale::negotiated(&req);
    let mut response = to_local(StatusCode::FOUND, &format!("/{}/", locale.path_segment()));
    response.headers_mut().insert(
        VARY,
        actix_web::http::header::HeaderValue::from_static("Accept-Language"),
    );
    response
}

/// `/nl-nl` (any case) → `/nl-nl/`.
pub async fn locale_root(
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    Ok(to_local(
        StatusCode::MOVED_PERMANENTLY,
        &format!("/{}/", locale.path_segment()),
    ))
}

/// `/articles/{id}` → `/{locale}/articles/{canonical id}`.
pub async fn article_without_locale(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::negotiated(&req);
    let library = state.library.current();
    let suffix = super::article_text::SUFFIX;
    let (article, suffix) = match super::article::find_loosely(&library, &path) {
        Some(article) => (article, ""),
        None => path
            .strip_suffix(suffix)
            .and_then(|stem| super::article::find_loosely(&library, stem))
            .map(|article| (article, suffix))
            .ok_or(PageError::NotFound(locale))?,
    };
    Ok(to_local(
        StatusCode::MOVED_PERMANENTLY,
        &format!("{}{suffix}", article.url(locale)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_compare_decoded_one_by_one() {
        assert!(same_segments("/nl-nl/articles/a/b", "/nl-nl/articles/a/b"));
        assert!(same_segments(
            "/nl-nl/articles/a%7eb",
            "/nl-nl/articles/a~b"
        ));
        assert!(same_segments("/x/sign%20in", "/x/sign%20in"));
        assert!(!same_segments(
            "/nl-nl/articles/a%2fb",
            "/nl-nl/articles/a/b"
        ));
        assert!(!same_segments(
            "/nl-nl/articles/a%2Fb",
            "/nl-nl/articles/a/b"
        ));
        assert!(!same_segments(
            "/nl-nl/articles/a/b/",
            "/nl-nl/articles/a/b"
        ));
        assert!(same_segments("/bad%zz%", "/bad%zz%"));
        assert!(!same_segments("/bad%zz", "/bad%7a"));
    }
}
