//! The one middleware every request passes through, outermost: it refuses
//! over-long URIs, answers cached article pages without going through the
//! router, compresses responses made per request, adds the security
//! headers, counts the request in the metrics and writes its log line.
//!
//! It replaces a stack of five (request span, metrics, default headers,
//! compression, URI check): several of those matched the route again or
//! allocated per request, and together they took more than half of an
//! article page's serving time; the compression middleware also moved
//! larger bodies to blocking threads, each of which kept a malloc arena of
//! its own (BENCHMARKS.md).

use std::borrow::Cow;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap, HeaderValue, VARY};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use super::compression::{Coding, Effort};
use super::handlers::article::{ROUTE as ARTICLE_ROUTE, from_cache as cached_article};
use super::state::AppState;
use super::{limits, security};

/// Bodies smaller than this are sent as they are: compressing them saves
/// less than the header costs.
const MIN_COMPRESS_BYTES: usize = 512;

/// The route label of requests no route matched.
const UNMATCHED: &str = "UNKNOWN";

pub async fn front(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let mut route = None;
    let response = if let Some(refused) = limits::refuse(req.request()) {
        req.into_response(refused)
    } else if let Some(page) = req
        .app_data::<web::Data<AppState>>()
        .and_then(|state| cached_article(req.request(), state))
    {
        route = Some(ARTICLE_ROUTE);
        req.into_response(page)
    } else {
        let method = req.method().clone();
        let path = req.path().to_owned();
        match next.call(req).await {
            Ok(response) => response.map_into_boxed_body(),
            Err(err) => {
                let status = err.as_response_error().status_code();
                log(method.as_str(), &path, UNMATCHED, status, started);
                return Err(err);
            }
        }
    };
    let mut response = compress(response);
    let https = response
        .request()
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| security::is_https(&state.config.base_url));
    security::add_headers(response.headers_mut(), https);
    let req = response.request();
    let route = route
        .map(Cow::Borrowed)
        .or_else(|| req.match_pattern().map(Cow::Owned))
        .unwrap_or(Cow::Borrowed(UNMATCHED));
    log(
        req.method().as_str(),
        req.path(),
        &route,
        response.status(),
        started,
    );
    Ok(response)
}

/// Counts the request and writes its log line.
fn log(method: &str, path: &str, route: &str, status: StatusCode, started: Instant) {
    let elapsed = started.elapsed();
    crate::metrics::http_request(route, method, status.as_str(), elapsed.as_secs_f64());
    tracing::info!(
        target: "helpportal::http",
        request_id = %request_id(),
        http.method = method,
        http.target = path,
        http.route = route,
        http.status_code = status.as_u16(),
        elapsed_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        "request"
    );
}

/// A process-unique id for a log line: a random prefix drawn at start and
/// a counter, 32 hex digits.
fn request_id() -> String {
    static PREFIX: LazyLock<u64> = LazyLock::new(|| {
        let mut bytes = [0u8; 8];
        // Without the OS's randomness the ids are still unique per process.
        let _ = getrandom::fill(&mut bytes);
        u64::from_le_bytes(bytes)
    });
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{:016x}{:016x}",
        *PREFIX,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Compresses a text response made for this request in the best coding the
/// client accepts. Responses that carry a coding already (cached pages),
/// have no body, are small, are streamed or are not text pass unchanged.
fn compress(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    if !is_compressible(response.status(), response.headers()) {
        return response;
    }
    let coding = Coding::negotiate(response.request());
    let (req, response) = response.into_parts();
    let (mut response, body) = response.into_parts();
    vary_on_accept_encoding(response.headers_mut());
    let body = match (body.try_into_bytes(), coding.header_value()) {
        (Ok(bytes), Some(name)) if bytes.len() >= MIN_COMPRESS_BYTES => {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static(name));
            BoxBody::new(coding.encode(&bytes, Effort::Quick))
        }
        (Ok(bytes), _) => BoxBody::new(bytes),
        (Err(body), _) => body,
    };
    ServiceResponse::new(req, response.set_body(body))
}

/// Adds `Vary: accept-encoding` unless a `Vary` header names it already
/// (cached article pages carry their own).
fn vary_on_accept_encoding(headers: &mut HeaderMap) {
    let named = headers.get_all(VARY).any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !named {
        headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    }
}

fn is_compressible(status: StatusCode, headers: &HeaderMap) -> bool {
    if matches!(
        status,
        StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED | StatusCode::SWITCHING_PROTOCOLS
    ) || headers.contains_key(CONTENT_ENCODING)
    {
        return false;
    }
    let Some(kind) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim();
    kind.starts_with("text/")
        || kind.ends_with("+xml")
        || matches!(
            kind,
            "application/json" | "application/xml" | "application/javascript"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uncoded_text_bodies_are_compressible() {
        let with = |kind: &str, coded: bool| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(kind).unwrap());
            if coded {
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            is_compressible(StatusCode::OK, &headers)
        };
        assert!(with("text/html; charset=utf-8", false));
        assert!(with("application/json", false));
        assert!(with("application/opensearchdescription+xml", false));
        assert!(!with("text/html; charset=utf-8", true));
        assert!(!with("image/png", false));
        assert!(!is_compressible(StatusCode::OK, &HeaderMap::new()));
    }

    #[test]
    fn vary_names_accept_encoding_once() {
        let mut headers = HeaderMap::new();
        vary_on_accept_encoding(&mut headers);
        vary_on_accept_encoding(&mut headers);
        assert_eq!(headers.get_all(VARY).count(), 1);
        let mut cached = HeaderMap::new();
        cached.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        vary_on_accept_encoding(&mut cached);
        assert_eq!(cached.get_all(VARY).count(), 1);
        let mut other = HeaderMap::new();
        other.insert(VARY, HeaderValue::from_static("Accept-Language"));
        vary_on_accept_encoding(&mut other);
        assert_eq!(other.get_all(VARY).count(), 2);
    }

    #[test]
    fn request_ids_are_32_hex_digits_and_differ() {
        let (a, b) = (request_id(), request_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
