//! Rendered article pages kept in memory for the current library snapshot,
//! one per article and UI locale, with their gzip and brotli forms and a
//! strong `ETag` per form.
//!
//! A page is rendered on its first request and each compressed form is
//! made the first time a client asks for it; after that every request is a
//! lookup and a copy of reference-counted bytes. When a new snapshot is
//! swapped in, the cache for the old one is dropped as a whole, and so it
//! is when the key that signs the pages' feedback forms changes (once, when
//! the key shared between replicas has been loaded). Responses
//! carry `Content-Encoding` themselves, so the front middleware does not
//! compress them again.

use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, OnceLock};

use actix_web::HttpRequest;
use actix_web::HttpResponse;
use actix_web::http::header::{
    self, CONTENT_ENCODING, CONTENT_TYPE, ETAG, HeaderValue, IF_NONE_MATCH, VARY,
};
use actix_web::web::Bytes;

use super::cache_policy::CachePolicy;
use super::compression::{Coding, Effort};
use super::per_snapshot::PerSnapshot;
use crate::content::ArticleIx;
use crate::i18n::UiLocale;
use crate::library::Library;

/// The suffix a coding adds to a page's `ETag`.
fn suffix(coding: Coding) -> &'static str {
    match coding {
        Coding::Identity => "",
        Coding::Gzip => "-gz",
        Coding::Brotli => "-br",
    }
}

/// One rendered page in every form it has been asked for.
#[derive(Debug)]
pub struct CachedPage {
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    /// Hash of the identity bytes; each coding's `ETag` adds a suffix.
    tag: String,
    /// How hard the compressed forms are compressed.
    effort: Effort,
    /// `Content-Type` and the `ETag` of each coding, made once.
    content_type: HeaderValue,
    etags: [HeaderValue; 3],
}

impl CachedPage {
    /// A page compressed thoroughly: worth it for pages asked often.
    pub fn new(html: String) -> CachedPage {
        CachedPage::with_effort(html, Effort::Thorough, header::ContentType::html())
    }

    /// A body compressed quickly: for pages that may be asked once only
    /// (search results), where a slow first answer costs more than bytes.
    pub fn quick(body: String, content_type: header::ContentType) -> CachedPage {
        CachedPage::with_effort(body, Effort::Quick, content_type)
    }

    fn with_effort(html: String, effort: Effort, content_type: header::ContentType) -> CachedPage {
        let mut hasher = DefaultHasher::new();
        hasher.write(html.as_bytes());
        let tag = format!("{:016x}{:08x}", hasher.finish(), html.len());
        let etags = [Coding::Identity, Coding::Gzip, Coding::Brotli].map(|coding| {
            HeaderValue::try_from(format!("\"{tag}{}\"", suffix(coding)))
                .unwrap_or(HeaderValue::from_static("\"\""))
        });
        let content_type = HeaderValue::try_from(content_type.to_string())
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
        CachedPage {
            identity: Bytes::from(html),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            tag,
            effort,
            content_type,
            etags,
        }
    }

    /// The page's bytes in `coding`, compressing on first use.
    pub fn bytes(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Identity => self.identity.clone(),
            Coding::Gzip => self
                .gzip
                .get_or_init(|| coding.encode(&self.identity, self.effort))
                .clone(),
            Coding::Brotli => self
                .brotli
                .get_or_init(|| coding.encode(&self.identity, self.effort))
                .clone(),
        }
    }

    /// The strong `ETag` of the page in `coding`, quoted.
    pub fn etag(&self, coding: Coding) -> String {
        self.etag_value(coding)
            .to_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn etag_value(&self, coding: Coding) -> &HeaderValue {
        match coding {
            Coding::Identity => &self.etags[0],
            Coding::Gzip => &self.etags[1],
            Coding::Brotli => &self.etags[2],
        }
    }

    /// Bytes held: the page and the compressed forms made so far.
    pub fn held_bytes(&self) -> usize {
        self.identity.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len)
    }

    /// Whether `If-None-Match` names this page in any coding (the content
    /// is the same whichever coding the client cached).
    fn matches(&self, req: &HttpRequest) -> bool {
        let Some(value) = req
            .headers()
            .get(IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        value.split(',').any(|candidate| {
            let candidate = candidate.trim().trim_start_matches("W/");
            candidate == "*"
                || candidate
                    .strip_prefix('"')
                    .and_then(|c| c.strip_suffix('"'))
                    .and_then(|c| c.strip_prefix(self.tag.as_str()))
                    .is_some_and(|rest| ["", "-gz", "-br"].contains(&rest))
        })
    }

    /// A `200` with the best accepted coding, or a `304` when the client's
    /// copy is current.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let coding = Coding::negotiate(req);
        let not_modified = self.matches(req);
        let mut builder = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        builder
            .insert_header((ETAG, self.etag_value(coding).clone()))
            .insert_header((VARY, HeaderValue::from_static("Accept-Encoding")))
            .insert_header(CachePolicy::Revalidate);
        if not_modified {
            return builder.finish();
        }
        if let Some(value) = coding.header_value() {
            builder.insert_header((CONTENT_ENCODING, HeaderValue::from_static(value)));
        }
        builder
            .insert_header((CONTENT_TYPE, self.content_type.clone()))
            .body(self.bytes(coding))
    }
}

/// One slot per article and UI locale.
type Slots = Vec<OnceLock<Arc<CachedPage>>>;

/// The slot of article `index` in `locale`.
fn slot_of(index: ArticleIx, locale: UiLocale) -> Option<usize> {
    let locale_index = UiLocale::ALL.iter().position(|l| *l == locale)?;
    Some(index.get() * UiLocale::ALL.len() + locale_index)
}

/// The cache of rendered article pages for the current snapshot.
#[derive(Default)]
pub struct PageCache {
    current: PerSnapshot<Slots>,
}

impl PageCache {
    /// The page of article `index` in `locale`, rendered by `render` if it
    /// is not cached yet for this snapshot and signing-key generation
    /// `keys`. Render errors are returned and not cached.
    pub fn get_or_render<E>(
        &self,
        library: &Arc<Library>,
        keys: u64,
        index: ArticleIx,
        locale: UiLocale,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<CachedPage>, E> {
        let slots = self.current.get_or_make(library, keys, || {
            let count = library.articles().len() * UiLocale::ALL.len();
            (0..count).map(|_| OnceLock::new()).collect()
        });
        let Some(slot) = slot_of(index, locale).and_then(|i| slots.get(i)) else {
            return render().map(|html| Arc::new(CachedPage::new(html)));
        };
        if let Some(page) = slot.get() {
            return Ok(page.clone());
        }
        let page = Arc::new(CachedPage::new(render()?));
        Ok(slot.get_or_init(|| page).clone())
    }

    /// The page of article `index` in `locale` if it is already cached for
    /// this snapshot and signing-key generation; never renders.
    pub fn cached(
        &self,
        library: &Arc<Library>,
        keys: u64,
        index: ArticleIx,
        locale: UiLocale,
    ) -> Option<Arc<CachedPage>> {
        let slots = self.current.get(library, keys)?;
        slots.get(slot_of(index, locale)?)?.get().cloned()
    }

    /// Pages cached for the current snapshot and the bytes they hold.
    pub fn usage(&self) -> (usize, usize) {
        let Some(slots) = self.current.latest() else {
            return (0, 0);
        };
        slots
            .iter()
            .filter_map(OnceLock::get)
            .fold((0, 0), |(n, bytes), page| {
                (n + 1, bytes + page.held_bytes())
            })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use actix_web::test::TestRequest;

    use super::*;

    fn page() -> CachedPage {
        CachedPage::new("<!doctype html><p>hallo wereld</p>".repeat(50))
    }

    #[test]
    fn compressed_forms_decode_to_the_page() {
        let page = page();
        let mut gz = String::new();
        flate2::read::GzDecoder::new(&page.bytes(Coding::Gzip)[..])
            .read_to_string(&mut gz)
            .unwrap();
        assert_eq!(gz.as_bytes(), &page.bytes(Coding::Identity)[..]);
        let mut br = String::new();
        brotli::Decompressor::new(&page.bytes(Coding::Brotli)[..], 4096)
            .read_to_string(&mut br)
            .unwrap();
        assert_eq!(br.as_bytes(), &page.bytes(Coding::Identity)[..]);
        assert!(page.bytes(Coding::Brotli).len() < page.bytes(Coding::Identity).len() / 5);
    }

    #[test]
    fn etags_differ_per_coding_and_any_of_them_revalidates() {
        let page = page();
        assert_ne!(page.etag(Coding::Gzip), page.etag(Coding::Brotli));
        let other = CachedPage::new("anders".into());
        assert_ne!(page.etag(Coding::Identity), other.etag(Coding::Identity));
        let req = TestRequest::get()
            .insert_header(("If-None-Match", page.etag(Coding::Gzip)))
            .insert_header(("Accept-Encoding", "br"))
            .to_http_request();
        let res = page.respond(&req);
        assert_eq!(res.status(), actix_web::http::StatusCode::NOT_MODIFIED);
        let stale = TestRequest::get()
            .insert_header(("If-None-Match", other.etag(Coding::Gzip)))
            .to_http_request();
        assert_eq!(
            page.respond(&stale).status(),
            actix_web::http::StatusCode::OK
        );
    }
}
