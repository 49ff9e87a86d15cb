//! Configuration: `helpportal.toml`, overridden by `HELPPORTAL_…`
//! environment variables, overridden by command-line flags.
//!
//! Relative paths in a config file are resolved against the folder that
//! holds the file, so a config works from any working directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The config file read when none is named and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "helpportal.toml";

/// Settings for one collection (a subfolder of the content root).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    /// Display name, e.g. "Azure-facturering"; the folder name otherwise.
    pub name: Option<String>,
    /// URL prefixes of the site the articles came from, e.g.
    /// `https://docs.microsoft.com/azure/billing/`: links to them are local.
    #[serde(default)]
    pub origins: Vec<String>,
    /// File-name prefixes the origin site dropped when it renamed pages:
    /// a link to `<origin>/x` also finds `<collection>/<prefix>x`
    /// (`billing-` finds `billing-spending-limit` for `…/manage/spending-limit`).
    #[serde(default)]
    pub slug_prefixes: Vec<String>,
}

/// The whole configuration, after every layer is applied.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The content root.
    pub content: PathBuf,
    /// The listen address.
    pub addr: String,
    /// The public base URL, for canonical links, sitemaps and previews.
    pub base_url: String,
    /// `text` or `json` log lines.
    pub log_format: String,
    /// Collections by folder name.
    pub collections: BTreeMap<String, CollectionConfig>,
    /// A synonym file for search that replaces the built-in list
    /// (`src/search/synonyms.nl.txt` shows the format).
    pub synonyms: Option<PathBuf>,
    /// HTTP worker threads; unset: one per physical core.
    pub workers: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            content: PathBuf::from("content"),
            addr: "127.0.0.1:8080".into(),
            base_url: "http://127.0.0.1:8080".into(),
            log_format: "text".into(),
            collections: BTreeMap::new(),
            synonyms: None,
            workers: None,
        }
    }
}

/// A config file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Config {
    /// Reads `path`, or `helpportal.toml` in the working directory when no
    /// path is given and that file exists, or the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => PathBuf::from(DEFAULT_CONFIG_FILE),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let mut config = Config::from_toml(&text).map_err(|message| ConfigError::Parse {
            path: path.clone(),
            message,
        })?;
        if config.content.is_relative() {
            let base = path.parent().unwrap_or(Path::new(""));
            config.content = base.join(&config.content);
        }
        if let Some(synonyms) = config.synonyms.as_mut().filter(|p| p.is_relative()) {
            let base = path.parent().unwrap_or(Path::new(""));
            *synonyms = base.join(&*synonyms);
        }
        Ok(config)
    }

    /// Parses TOML text; relative paths stay as written.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The display name of a collection.
    pub fn collection_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.collections
            .get(key)
            .and_then(|c| c.name.as_deref())
            .unwrap_or(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_collections_and_keeps_defaults() {
        let config = Config::from_toml(
            "content = \"../corpus\"\n[collections.azure-billing]\nname = \"Azure-facturering\"\norigins = [\"https://docs.microsoft.com/azure/billing/\"]\n",
        )
        .expect("valid");
        assert_eq!(config.addr, "127.0.0.1:8080");
        assert_eq!(config.collection_name("azure-billing"), "Azure-facturering");
        assert_eq!(config.collection_name("other"), "other");
    }

    #[test]
    fn unknown_keys_are_reported() {
        assert!(Config::from_toml("contnet = \"x\"").is_err());
    }

    #[test]
    fn relative_content_is_resolved_against_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("site.toml");
        std::fs::write(&file, "content = \"articles\"").expect("write");
        let config = Config::load(Some(&file)).expect("load");
        assert_eq!(config.content, dir.path().join("articles"));
    }
}
