//! Where a link in an article points: another loaded article (relative
//! `.md` links, `/Collection/slug` root links and links to a collection's
//! origin site), a fragment on the same page, a media file under the
//! content root, or the outside world.
//!
//! Resolution is pure: it needs the set of loaded ids and the configured
//! origin prefixes, nothing from the file system or the web layer.

use std::collections::{HashMap, HashSet};

mod paths;
#[cfg(test)]
mod tests;

pub use super::markers::LOCALE_MARKER;
pub use paths::{article_path, encode_segment};
pub(crate) use paths::{is_locale_segment, split_site};
use paths::{
    is_markdown, join_relative, normalise_origin, percent_decode, scheme_end, split_fragment,
    with_fragment,
};

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
