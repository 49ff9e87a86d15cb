//! Security headers sent with every response (and HSTS when the portal's
//! public URL is `https://`), and the same-origin check for form posts.

use actix_web::HttpRequest;
use actix_web::http::header::{
    HOST, HeaderMap, HeaderName, HeaderValue, ORIGIN, REFERER, STRICT_TRANSPORT_SECURITY,
};

/// `scheme://host[:port]` of a URL, lowercased.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme, host).to_ascii_lowercase())
}

/// Whether a form post comes from this site: its `Origin` (or, without
/// one, its `Referer`) names `base_url`'s origin or the request's own host.
/// A post with neither header passes; its form token still has to.
pub fn same_origin(req: &HttpRequest, base_url: &str) -> bool {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    match (header(ORIGIN), header(REFERER)) {
        (Some(origin), _) => is_own_url(req, base_url, origin),
        (None, Some(referer)) => is_own_url(req, base_url, referer),
        (None, None) => true,
    }
}

/// Whether `url` is on this site: `base_url`'s origin or the host the
/// request was sent to.
pub fn is_own_url(req: &HttpRequest, base_url: &str, url: &str) -> bool {
    let Some(claimed) = origin_of(url) else {
        return false;
    };
    if origin_of(base_url).is_some_and(|own| own == claimed) {
        return true;
    }
    let host = req
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| req.connection_info().host().to_owned())
        .to_ascii_lowercase();
    claimed
        .split_once("://")
        .is_some_and(|(_, claimed_host)| claimed_host == host)
}

/// The headers every response carries: no inline script, no framing, no
/// MIME sniffing, a sober referrer.
const HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
];

/// `Strict-Transport-Security` for a portal served over HTTPS: one year,
/// subdomains included.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether `base_url` makes the portal an HTTPS site.
pub fn is_https(base_url: &str) -> bool {
    base_url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// Adds the security headers a response does not set itself; `https`
/// adds HSTS.
pub fn add_headers(headers: &mut HeaderMap, https: bool) {
    for (name, value) in HEADERS {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if https {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    const BASE: &str = "https://help.example.nl";

    #[test]
    fn posts_from_this_site_pass_and_others_fail() {
        let with = |name: &str, value: &str| {
            let req = TestRequest::post()
                .insert_header(("Host", "127.0.0.1:9000"))
                .insert_header((name, value))
                .to_http_request();
            same_origin(&req, BASE)
        };
        assert!(with("Origin", "https://help.example.nl"));
        assert!(with("Origin", "http://127.0.0.1:9000"));
        assert!(with("Referer", "https://help.example.nl/nl-nl/articles/x"));
        assert!(!with("Origin", "https://evil.example"));
        assert!(!with("Origin", "null"));
        assert!(!with("Referer", "https://help.example.nl.evil.example/x"));
        let bare = TestRequest::post().to_http_request();
        assert!(same_origin(&bare, BASE));
    }

    #[test]
    fn hsts_only_for_https_sites() {
        assert!(is_https(BASE));
        assert!(is_https("HTTPS://help.example.nl"));
        assert!(!is_https("http://127.0.0.1:8080"));
        assert!(!is_https("https:"));
        let mut headers = HeaderMap::new();
        add_headers(&mut headers, false);
        assert!(!headers.contains_key(STRICT_TRANSPORT_SECURITY));
        add_headers(&mut headers, true);
        assert_eq!(headers.get(STRICT_TRANSPORT_SECURITY).unwrap(), HSTS);
    }
}
