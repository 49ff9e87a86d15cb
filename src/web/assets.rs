//! Static assets from `static/`, embedded in release builds, served under
//! content-hashed names (`/static/app.1a2b3c4d.css`) with a year of
//! immutable caching; the unhashed name still works with short caching.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

use super::cache_policy::CachePolicy;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Files;

struct Hashed {
    /// `app.css` → `/static/app.1a2b3c4d.css`
    urls: HashMap<String, &'static str>,
    /// `app.1a2b3c4d.css` → `app.css`
    names: HashMap<String, String>,
}

static HASHED: LazyLock<Hashed> = LazyLock::new(|| {
    let mut urls = HashMap::new();
    let mut names = HashMap::new();
    for name in Files::iter() {
        let Some(file) = Files::get(&name) else {
            continue;
        };
        let hash: String = file
            .metadata
            .sha256_hash()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        let url: &'static str = Box::leak(format!("/static/{hashed}").into_boxed_str());
        urls.insert(name.to_string(), url);
        names.insert(hashed, name.to_string());
    }
    Hashed { urls, names }
});

/// The cache-busting URL of a static file.
pub fn url(name: &str) -> &'static str {
    HASHED.urls.get(name).copied().unwrap_or("/static/missing")
}

/// Serves `/static/{file}`; anything not embedded is `None` (a 404).
pub fn serve(req: &HttpRequest, file: &str) -> Option<HttpResponse> {
    let (name, immutable) = match HASHED.names.get(file) {
        Some(name) => (name.clone(), true),
        None => (file.to_owned(), false),
    };
    if name.contains("..") || name.contains('\\') {
        return None;
    }
    let embedded = Files::get(&name)?;
    let etag: String = embedded
        .metadata
        .sha256_hash()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    let etag = format!("\"{etag}\"");
    let cache = if immutable {
        CachePolicy::Immutable
    } else {
        CachePolicy::PublicShort
    };
    let matches = req
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Some(
            HttpResponse::NotModified()
                .insert_header((ETAG, etag))
                .insert_header(cache)
                .finish(),
        );
    }
    let mime = match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("xml") => "application/opensearchdescription+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    Some(
        HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, mime))
            .insert_header((ETAG, etag))
            .insert_header(cache)
            .body(embedded.data.into_owned()),
    )
}
