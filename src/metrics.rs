//! Prometheus metrics the portal exports at `/metrics`: requests and their
//! latency per route pattern, method and status; searches, searches without
//! results, recommendations with and without a confident match, reloads and
//! their failures, how many articles are loaded, how many insights
//! events were dropped, whether the sentence encoder's article vectors are
//! ready and how often its queue was full.
//!
//! The counters are process-wide; [`register`] adds them to a registry.

use std::sync::LazyLock;

use prometheus::{
    HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
};

/// The portal's own counters.
pub struct Metrics {
    /// Labels `endpoint` (the route pattern, `UNKNOWN` when none matched),
    /// `method`, `status`.
    pub http_requests: IntCounterVec,
    /// Seconds from the request reaching the portal to its response, with
    /// the same labels.
    pub http_duration: HistogramVec,
    pub searches: IntCounter,
    pub searches_without_results: IntCounter,
    /// Label `confident`: `true` or `false`.
    pub recommendations: IntCounterVec,
    /// Label `outcome`: `ok` or `failed`.
    pub reloads: IntCounterVec,
    pub articles_loaded: IntGauge,
    /// Insights events that could not be kept (queue full, shutdown).
    pub insights_dropped: IntCounter,
    /// 1 when every article of the served snapshot has its vector.
    pub semantic_ready: IntGauge,
    /// Descriptions matched by words alone because the encoder's queue was full.
    pub semantic_overflow: IntCounter,
}

fn counter(name: &str, help: &str) -> Option<IntCounter> {
    IntCounter::with_opts(Opts::new(name, help).namespace("helpportal")).ok()
}

fn counter_vec(name: &str, help: &str, label: &str) -> Option<IntCounterVec> {
    IntCounterVec::new(Opts::new(name, help).namespace("helpportal"), &[label]).ok()
}

/// The process-wide counters.
pub static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| {
    let labels = ["endpoint", "method", "status"];
    Some(Metrics {
        http_requests: IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered").namespace("helpportal"),
            &labels,
        )
        .ok()?,
        http_duration: HistogramVec::new(
            HistogramOpts::new(
                "http_requests_duration_seconds",
                "HTTP request latency in seconds",
            )
            .namespace("helpportal"),
            &labels,
        )
        .ok()?,
        searches: counter("searches_total", "Search requests answered")?,
        searches_without_results: counter(
            "searches_without_results_total",
            "Search requests that found nothing",
        )?,
        recommendations: counter_vec(
            "recommendations_total",
            "Recommended-steps requests, by whether a confident match was found",
            "confident",
        )?,
        reloads: counter_vec("reloads_total", "Content reloads, by outcome", "outcome")?,
        articles_loaded: IntGauge::with_opts(
            Opts::new("articles_loaded", "Articles in the snapshot being served")
                .namespace("helpportal"),
        )
        .ok()?,
        insights_dropped: counter(
            "insights_dropped_total",
            "Search and recommendation events dropped before they were stored",
        )?,
        semantic_ready: IntGauge::with_opts(
            Opts::new(
                "semantic_ready",
                "1 when the sentence encoder is loaded and every article has its vector",
            )
            .namespace("helpportal"),
        )
        .ok()?,
        semantic_overflow: counter(
            "semantic_overflow_total",
            "Descriptions matched by words alone because the encoder's queue was full",
        )?,
    })
});

/// Adds the portal's counters to `registry` (one registry per app).
pub fn register(registry: &Registry) {
    let Some(m) = METRICS.as_ref() else { return };
    let _ = registry.register(Box::new(m.http_requests.clone()));
    let _ = registry.register(Box::new(m.http_duration.clone()));
    let _ = registry.register(Box::new(m.searches.clone()));
    let _ = registry.register(Box::new(m.searches_without_results.clone()));
    let _ = registry.register(Box::new(m.recommendations.clone()));
    let _ = registry.register(Box::new(m.reloads.clone()));
    let _ = registry.register(Box::new(m.articles_loaded.clone()));
    let _ = registry.register(Box::new(m.insights_dropped.clone()));
    let _ = registry.register(Box::new(m.semantic_ready.clone()));
    let _ = registry.register(Box::new(m.semantic_overflow.clone()));
}

/// Records one answered request.
pub fn http_request(endpoint: &str, method: &str, status: &str, seconds: f64) {
    if let Some(m) = METRICS.as_ref() {
        let labels = [endpoint, method, status];
        m.http_requests.with_label_values(&labels).inc();
        m.http_duration.with_label_values(&labels).observe(seconds);
    }
}

/// Counts insights events that were dropped.
pub fn insights_dropped(count: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.insights_dropped
            .inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }
}

/// Records one search and whether it found anything.
pub fn search(results: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.searches.inc();
        if results == 0 {
            m.searches_without_results.inc();
        }
    }
}

/// Records one recommendation and whether it was confident.
pub fn recommendation(confident: bool) {
    if let Some(m) = METRICS.as_ref() {
        m.recommendations
            .with_label_values(&[if confident { "true" } else { "false" }])
            .inc();
    }
}

/// Records a reload's outcome.
pub fn reload(ok: bool) {
    if let Some(m) = METRICS.as_ref() {
        m.reloads
            .with_label_values(&[if ok { "ok" } else { "failed" }])
            .inc();
    }
}

/// Records how many articles the current snapshot serves.
pub fn articles_loaded(count: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.articles_loaded
            .set(i64::try_from(count).unwrap_or(i64::MAX));
    }
}

/// Records whether the served snapshot has every article's vector.
pub fn semantic_ready(ready: bool) {
    if let Some(m) = METRICS.as_ref() {
        m.semantic_ready.set(i64::from(ready));
    }
}

/// Counts a description matched by words alone because the encoder's
/// queue was full.
pub fn semantic_overflow() {
    if let Some(m) = METRICS.as_ref() {
        m.semantic_overflow.inc();
    }
}
