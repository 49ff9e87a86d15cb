//! Where a link in an article points: another loaded article (relative
//! `.md` links, `/Collection/slug` root links and links to a collection's
//! origin site), a fragment on the same page, a media file under the
//! content root, or the outside world.
//!
//! Resolution is pure: it needs the set of loaded ids and the configured
//! origin prefixes, nothing from the file system or the web layer.

use std::collections::{HashMap, HashSet};

/// A marker in rendered HTML replaced by `/{locale}` when a page is built
/// for a UI locale, so one rendering serves every locale.
pub const LOCALE_MARKER: &str = "\u{E000}locale\u{E001}";

/// What the loader knows about every article when links are resolved.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Lowercased article id → canonical id.
    ids: HashMap<String, String>,
    /// (origin URL prefix, collection) pairs, longest prefix first.
    origins: Vec<(String, String)>,
    /// Lowercased collection folder names, for `/Collection/slug` links.
    collections: HashSet<String>,
    /// Collection → the first origin prefix configured for it, as written:
    /// where relative and root links that leave the portal really point.
    primary_origins: HashMap<String, String>,
    /// Collection → file-name prefixes the origin site dropped.
    slug_prefixes: HashMap<String, Vec<String>>,
}

/// The outcome of resolving one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Another article (or this one) in the portal.
    Article {
        id: String,
        fragment: Option<String>,
    },
    /// A fragment of the current page.
    Fragment(String),
    /// A file under the content root (images), by root-relative path.
    Media(String),
    /// A link out of the portal.
    External(String),
    /// Meant to be an article, but that article is not loaded. `fallback`
    /// is an origin-site URL to use instead, when one is known.
    Unresolved { fallback: Option<String> },
}

impl LinkIndex {
    /// Builds the index from canonical ids and `(collection, origin prefix)`.
    pub fn new<'a>(
        ids: impl IntoIterator<Item = &'a str>,
        origins: impl IntoIterator<Item = (String, String)>,
    ) -> LinkIndex {
        let ids: HashMap<String, String> = ids
            .into_iter()
            .map(|id| (id.to_lowercase(), id.to_owned()))
            .collect();
        let collections = ids
            .values()
            .filter_map(|id| id.split('/').next())
            .map(str::to_lowercase)
            .collect();
        let mut primary_origins = HashMap::new();
        let mut origins: Vec<(String, String)> = origins
            .into_iter()
            .map(|(collection, prefix)| {
                primary_origins
                    .entry(collection.clone())
                    .or_insert_with(|| prefix.trim().to_owned());
                (normalise_origin(&prefix), collection)
            })
            .collect();
        origins.sort_by_key(|o| std::cmp::Reverse(o.0.len()));
        LinkIndex {
            ids,
            origins,
            collections,
            primary_origins,
            slug_prefixes: HashMap::new(),
        }
    }

    /// Adds file-name prefixes the origin site of `collection` dropped: an
    /// origin link to `…/x` then also finds `collection/{prefix}x`.
    pub fn with_slug_prefixes(
        mut self,
        collection: &str,
        prefixes: impl IntoIterator<Item = String>,
    ) -> LinkIndex {
        self.slug_prefixes
            .entry(collection.to_owned())
            .or_default()
            .extend(prefixes);
        self
    }

    /// The canonical id for `id`, ignoring case.
    pub fn canonical(&self, id: &str) -> Option<&str> {
        self.ids.get(&id.to_lowercase()).map(String::as_str)
    }

    /// Resolves `href` as written in the article `from_id`.
    pub fn resolve(&self, from_id: &str, href: &str) -> Resolution {
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            return Resolution::Fragment(fragment.to_owned());
        }
        if let Some(scheme_end) = scheme_end(href) {
            let scheme = href[..scheme_end].to_ascii_lowercase();
            if (scheme == "http" || scheme == "https")
                && let Some(resolution) = self.resolve_origin(href)
            {
                return resolution;
            }
            return Resolution::External(href.to_owned());
        }
        if href.starts_with("//") {
            return Resolution::External(format!("https:{href}"));
        }
        let (path, fragment) = split_fragment(href);
        let path = path.split('?').next().unwrap_or(path);
        let path = percent_decode(path);
        if let Some(rooted) = path.strip_prefix('/') {
            return self.resolve_rooted(from_id, rooted, fragment);
        }
        let base_dir = from_id.rsplit_once('/').map_or("", |(dir, _)| dir);
        let Some(joined) = join_relative(base_dir, &path) else {
            return Resolution::Unresolved {
                fallback: self.origin_url_of_relative(from_id, &path, fragment),
            };
        };
        if is_markdown(&joined) || joined.is_empty() {
            let id = joined.strip_suffix(".md").unwrap_or(&joined);
            let id = if id.is_empty() { from_id } else { id };
            if self.canonical(id).is_some() {
                return self.article_or_unresolved(id, fragment, None);
            }
            // `../billing/x.md` written on the origin site: the origin's own
            // folder names the collection.
            let fallback = self.origin_url_of_relative(from_id, &path, fragment);
            let leaves_collection = from_id.split('/').next() != id.split('/').next();
            if leaves_collection
                && let Some(url) = &fallback
                && let Some(found @ Resolution::Article { .. }) = self.resolve_origin(url)
            {
                return found;
            }
            return Resolution::Unresolved { fallback };
        }
        Resolution::Media(joined)
    }

    /// Where a relative link points on the origin site of `from_id`'s
    /// collection: `../x/y.md` from `azure-billing/a` with origin
    /// `https://docs.microsoft.com/azure/billing/` is
    /// `https://docs.microsoft.com/azure/x/y`.
    fn origin_url_of_relative(
        &self,
        from_id: &str,
        path: &str,
        fragment: Option<&str>,
    ) -> Option<String> {
        let (collection, inside) = from_id.split_once('/')?;
        let origin = self.primary_origins.get(collection)?;
        let (site, origin_path) = split_site(origin)?;
        let inside_dir = inside.rsplit_once('/').map_or("", |(dir, _)| dir);
        let base = format!("{}/{inside_dir}", origin_path.trim_matches('/'));
        let joined = join_relative(&base, path)?;
        let joined = joined
            .strip_suffix(".md")
            .or_else(|| joined.strip_suffix(".MD"))
            .unwrap_or(&joined);
        Some(with_fragment(&format!("{site}/{joined}"), fragment))
    }

    fn article_or_unresolved(
        &self,
        id: &str,
        fragment: Option<&str>,
        fallback: Option<String>,
    ) -> Resolution {
        match self.canonical(id) {
            Some(canonical) => Resolution::Article {
                id: canonical.to_owned(),
                fragment: fragment.map(str::to_owned),
            },
            None => Resolution::Unresolved { fallback },
        }
    }

    /// `/AlchemyInsights/slug`-style links: the first segment names a
    /// collection (ignoring case and dashes), the rest is the article.
    /// Other root links point at the origin site of `from_id`'s collection
    /// (`/partner-center/x` on docs.microsoft.com).
    fn resolve_rooted(&self, from_id: &str, rooted: &str, fragment: Option<&str>) -> Resolution {
        let rooted = rooted.trim_end_matches('/');
        let rooted = rooted.strip_suffix(".md").unwrap_or(rooted);
        if let Some((first, rest)) = rooted.split_once('/') {
            let squashed = first.replace('-', "").to_lowercase();
            if let Some(collection) = self
                .collections
                .iter()
                .find(|c| c.replace('-', "") == squashed)
            {
                let id = format!("{collection}/{rest}");
                if self.canonical(&id).is_some() {
                    return self.article_or_unresolved(&id, fragment, None);
                }
            }
        }
        let site = from_id
            .split_once('/')
            .and_then(|(collection, _)| self.primary_origins.get(collection))
            .and_then(|origin| split_site(origin))
            .map(|(site, _)| site);
        let Some(site) = site else {
            return Resolution::Unresolved { fallback: None };
        };
        let url = with_fragment(&format!("{site}/{rooted}"), fragment);
        self.resolve_origin(&url)
            .unwrap_or(Resolution::External(url))
    }

    /// Links to a collection's origin site become local when the article
    /// is loaded; otherwise the original URL stays, without tracking.
    fn resolve_origin(&self, href: &str) -> Option<Resolution> {
        let (without_fragment, fragment) = split_fragment(href);
        let path = without_fragment
            .split('?')
            .next()
            .unwrap_or(without_fragment);
        let normalised = normalise_origin(path);
        let (prefix, collection) = self
            .origins
            .iter()
            .find(|(prefix, _)| normalised.starts_with(prefix.as_str()))?;
        let slug = normalised[prefix.len()..].trim_matches('/');
        let slug = slug.strip_suffix(".md").unwrap_or(slug);
        if slug.is_empty() {
            return None;
        }
        let clean = with_fragment(path, fragment);
        let prefixes = self.slug_prefixes.get(collection.as_str());
        let found = std::iter::once(String::new())
            .chain(prefixes.into_iter().flatten().cloned())
            .map(|p| format!("{collection}/{p}{slug}"))
            .find(|id| self.canonical(id).is_some());
        Some(match found {
            Some(id) => self.article_or_unresolved(&id, fragment, None),
            None => Resolution::Unresolved {
                fallback: Some(clean),
            },
        })
    }
}

/// `https://host` and the path after it, of an absolute http(s) URL.
pub(crate) fn split_site(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url.find("://")? + 3;
    let path_start = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some((&url[..path_start], &url[path_start..]))
}

fn with_fragment(url: &str, fragment: Option<&str>) -> String {
    match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url.to_owned(),
    }
}

/// Lowercased, without scheme, `www.` and locale segments like `/en-us/`,
/// so `https://docs.microsoft.com/nl-nl/azure/billing/x` and
/// `https://learn.microsoft.com/azure/billing/x` compare equal after the host.
fn normalise_origin(url: &str) -> String {
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

fn scheme_end(href: &str) -> Option<usize> {
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

fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (href, None),
    }
}

fn is_markdown(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".md")
}

/// Joins a relative path onto a directory, resolving `.` and `..`; `None`
/// when it climbs above the content root.
fn join_relative(base_dir: &str, path: &str) -> Option<String> {
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

fn percent_decode(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        LinkIndex::new(
            [
                "azure-billing/billing-how-to-pay-by-invoice",
                "azure-billing/index",
                "alchemy-insights/Declined-Card",
                "alchemy-insights/sub/deep",
            ],
            [(
                "azure-billing".to_owned(),
                "https://docs.microsoft.com/azure/billing/".to_owned(),
            )],
        )
    }

    #[test]
    fn relative_md_links_resolve_to_loaded_articles() {
        let idx = index();
        let from = "azure-billing/billing-troubleshoot-declined-card";
        assert_eq!(
            idx.resolve(from, "billing-how-to-pay-by-invoice.md#faq"),
            Resolution::Article {
                id: "azure-billing/billing-how-to-pay-by-invoice".into(),
                fragment: Some("faq".into())
            }
        );
        assert_eq!(
            idx.resolve(from, "index.md"),
            Resolution::Article {
                id: "azure-billing/index".into(),
                fragment: None
            }
        );
        assert_eq!(
            idx.resolve("alchemy-insights/sub/deep", "../declined-card.md"),
            Resolution::Article {
                id: "alchemy-insights/Declined-Card".into(),
                fragment: None
            }
        );
        assert_eq!(
            idx.resolve(from, "missing.md"),
            Resolution::Unresolved {
                fallback: Some("https://docs.microsoft.com/azure/billing/missing".into())
            },
            "the origin site's page is the fallback"
        );
        assert_eq!(
            idx.resolve(from, "../../../etc/passwd.md"),
            Resolution::Unresolved { fallback: None }
        );
    }

    #[test]
    fn origin_links_become_local_without_tracking() {
        let idx = index();
        let href = "https://docs.microsoft.com/nl-nl/azure/billing/billing-how-to-pay-by-invoice?WT.mc_id=Portal#faq";
        assert_eq!(
            idx.resolve("x/y", href),
            Resolution::Article {
                id: "azure-billing/billing-how-to-pay-by-invoice".into(),
                fragment: Some("faq".into())
            }
        );
        let missing = "https://docs.microsoft.com/azure/billing/gone?WT.mc_id=x#a";
        assert_eq!(
            idx.resolve("x/y", missing),
            Resolution::Unresolved {
                fallback: Some("https://docs.microsoft.com/azure/billing/gone#a".into())
            }
        );
        assert_eq!(
            idx.resolve("x/y", "https://example.com/a"),
            Resolution::External("https://example.com/a".into())
        );
    }

    #[test]
    fn rooted_collection_links_and_media() {
        let idx = index();
        assert_eq!(
            idx.resolve("alchemy-insights/a", "/AlchemyInsights/declined-card"),
            Resolution::Article {
                id: "alchemy-insights/Declined-Card".into(),
                fragment: None
            }
        );
        assert_eq!(
            idx.resolve("alchemy-insights/a", "media/x%20y.png"),
            Resolution::Media("alchemy-insights/media/x y.png".into())
        );
        assert_eq!(
            idx.resolve("a/b", "#top"),
            Resolution::Fragment("top".into())
        );
        assert_eq!(
            idx.resolve("a/b", "javascript:alert(1)"),
            Resolution::External("javascript:alert(1)".into())
        );
    }

    fn docs_index() -> LinkIndex {
        LinkIndex::new(
            [
                "azure-billing/billing-spending-limit",
                "azure-billing/billing-how-to-change-credit-card",
                "azure-billing/mpa-overview",
            ],
            [
                (
                    "azure-billing".to_owned(),
                    "https://docs.microsoft.com/azure/billing/".to_owned(),
                ),
                (
                    "azure-billing".to_owned(),
                    "https://learn.microsoft.com/azure/cost-management-billing/manage/".to_owned(),
                ),
            ],
        )
        .with_slug_prefixes(
            "azure-billing",
            ["billing-".to_owned(), "billing-how-to-".to_owned()],
        )
    }

    #[test]
    fn renamed_origin_pages_find_their_prefixed_files() {
        let idx = docs_index();
        let article = |id: &str, fragment: Option<&str>| Resolution::Article {
            id: id.into(),
            fragment: fragment.map(Into::into),
        };
        assert_eq!(
            idx.resolve(
                "x/y",
                "https://learn.microsoft.com/en-us/azure/cost-management-billing/manage/spending-limit?source=recommendations#why"
            ),
            article("azure-billing/billing-spending-limit", Some("why"))
        );
        assert_eq!(
            idx.resolve(
                "x/y",
                "https://learn.microsoft.com/azure/cost-management-billing/manage/change-credit-card"
            ),
            article("azure-billing/billing-how-to-change-credit-card", None)
        );
        assert_eq!(
            idx.resolve(
                "x/y",
                "https://docs.microsoft.com/azure/billing/mpa-overview"
            ),
            article("azure-billing/mpa-overview", None),
            "the exact name wins"
        );
    }

    #[test]
    fn links_leaving_the_collection_fall_back_to_the_origin_site() {
        let idx = docs_index();
        let from = "azure-billing/billing-spending-limit";
        assert_eq!(
            idx.resolve(from, "../role-based-access-control/overview.md#roles"),
            Resolution::Unresolved {
                fallback: Some(
                    "https://docs.microsoft.com/azure/role-based-access-control/overview#roles"
                        .into()
                )
            }
        );
        assert_eq!(
            idx.resolve(from, "../billing/mpa-overview.md"),
            Resolution::Article {
                id: "azure-billing/mpa-overview".into(),
                fragment: None
            },
            "the origin's own folder is this collection"
        );
        assert_eq!(
            idx.resolve(from, "/partner-center/azure-reservations"),
            Resolution::External(
                "https://docs.microsoft.com/partner-center/azure-reservations".into()
            )
        );
        assert_eq!(
            idx.resolve(from, "/azure/billing/billing-how-to-change-credit-card#faq"),
            Resolution::Article {
                id: "azure-billing/billing-how-to-change-credit-card".into(),
                fragment: Some("faq".into())
            }
        );
        assert_eq!(
            idx.resolve("other/a", "/partner-center/x"),
            Resolution::Unresolved { fallback: None },
            "no origin known: the text stands alone"
        );
    }

    #[test]
    fn article_paths_are_percent_encoded() {
        assert_eq!(
            article_path("alchemy-insights/sign in to x"),
            "/articles/alchemy-insights/sign%20in%20to%20x"
        );
    }
}
