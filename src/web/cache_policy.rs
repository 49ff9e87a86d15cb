//! How long clients and proxies may keep a response: the one place that
//! sets `Cache-Control`. Every response that carries the header names a
//! [`CachePolicy`]; no other code spells a `Cache-Control` value.

use std::convert::Infallible;

use actix_web::http::header::{CACHE_CONTROL, HeaderName, HeaderValue, TryIntoHeaderPair};

/// The caching a response allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Never kept: personal, one-off or operational answers (error pages,
    /// staff pages, the view after a feedback post, JSON answers, health).
    NoStore,
    /// Kept, but checked with the `ETag` before each use: cached article
    /// and search pages, which change with every content reload.
    Revalidate,
    /// Public for five minutes: plain-text articles and unhashed static
    /// file names.
    PublicShort,
    /// Public for an hour: `sitemap.xml` and `robots.txt`.
    PublicHour,
    /// Public for a day: images from the content's media folders.
    PublicDay,
    /// Public for a year, never revalidated: content-hashed static files.
    Immutable,
}

impl CachePolicy {
    /// The `Cache-Control` value of this policy.
    pub const fn value(self) -> &'static str {
        match self {
            CachePolicy::NoStore => "no-store",
            CachePolicy::Revalidate => "no-cache",
            CachePolicy::PublicShort => "public, max-age=300",
            CachePolicy::PublicHour => "public, max-age=3600",
            CachePolicy::PublicDay => "public, max-age=86400",
            CachePolicy::Immutable => "public, max-age=31536000, immutable",
        }
    }

    /// [`CachePolicy::value`] as a header value.
    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.value())
    }
}

/// `builder.insert_header(CachePolicy::NoStore)`.
impl TryIntoHeaderPair for CachePolicy {
    type Error = Infallible;

    fn try_into_pair(self) -> Result<(HeaderName, HeaderValue), Infallible> {
        Ok((CACHE_CONTROL, self.header_value()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_is_a_valid_header_value() {
        for policy in [
            CachePolicy::NoStore,
            CachePolicy::Revalidate,
            CachePolicy::PublicShort,
            CachePolicy::PublicHour,
            CachePolicy::PublicDay,
            CachePolicy::Immutable,
        ] {
            let (name, value) = policy.try_into_pair().unwrap_or_else(|e| match e {});
            assert_eq!(name, CACHE_CONTROL);
            assert_eq!(value.to_str().ok(), Some(policy.value()));
        }
    }
}
