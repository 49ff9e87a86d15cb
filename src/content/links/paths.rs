//! The string work behind link resolution: splitting and joining URL
//! paths, percent-coding, and comparing origin-site URLs.

/// `https://host` and the path after it, of an absolute http(s) URL.
pub(crate) fn split_site(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url.find("://")? + 3;
    let path_start = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some((&url[..path_start], &url[path_start..]))
}

pub(super) fn with_fragment(url: &str, fragment: Option<&str>) -> String {
    match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url.to_owned(),
    }
}

/// Lowercased, without scheme, `www.` and locale segments like `/en-us/`,
/// so `https://docs.microsoft.com/nl-nl/azure/billing/x` and
/// `https://learn.microsoft.com/azure/billing/x` compare equal after the host.
pub(super) fn normalise_origin(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let without_scheme = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let without_www = without_scheme
        .strip_prefix("www.")
        .unwrap_or(without_scheme);
    let mut segments: Vec<&str> = without_www.split('/').collect();
    if segments.len() > 1 && is_locale_segment(segments[1]) {
        segments.remove(1);
    }
    segments.join("/")
}

pub(crate) fn is_locale_segment(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_alphabetic())
}

pub(super) fn scheme_end(href: &str) -> Option<usize> {
    let colon = href.find(':')?;
    let scheme = &href[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(colon)
}

pub(super) fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (href, None),
    }
}

pub(super) fn is_markdown(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".md")
}

/// Joins a relative path onto a directory, resolving `.` and `..`; `None`
/// when it climbs above the content root.
pub(super) fn join_relative(base_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The portal URL of an article for a UI locale prefix (`/nl-nl`), with
/// each path segment percent-encoded.
pub fn article_path(id: &str) -> String {
    let encoded: Vec<String> = id.split('/').map(encode_segment).collect();
    format!("/articles/{}", encoded.join("/"))
}

/// Percent-encodes one URL path segment (spaces and non-ASCII included).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
