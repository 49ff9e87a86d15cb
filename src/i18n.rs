//! UI locales: which ones exist, how they appear in URLs, their Fluent
//! messages (`locales/*/*.ftl`, nl-NL first with en-US as fallback) and
//! locale-aware date formatting.
//!
//! This module has no web types: the content pipeline uses it for callout
//! labels, the web layer for every string on a page.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the portal's interface is available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UiLocale {
    /// Dutch (Netherlands): the portal's first language.
    NlNl,
    /// English (United States): the fallback for every message.
    EnUs,
}

static NL_NL: LanguageIdentifier = langid!("nl-NL");
static EN_US: LanguageIdentifier = langid!("en-US");

type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

thread_local! {
    /// One long-date formatter per UI locale, per thread (they are not `Sync`).
    static DATE_FORMATTERS: Vec<Option<DateFormatter>> = UiLocale::ALL
        .iter()
        .map(|locale| {
            let prefs = match locale {
                UiLocale::NlNl => icu_locale::locale!("nl-NL"),
                UiLocale::EnUs => icu_locale::locale!("en-US"),
            };
            FixedCalendarDateTimeFormatter::try_new(prefs.into(), YMD::long()).ok()
        })
        .collect();
}

impl UiLocale {
    /// Every UI locale, the default first.
    pub const ALL: [UiLocale; 2] = [UiLocale::NlNl, UiLocale::EnUs];
    /// The locale used when nothing else is known.
    pub const DEFAULT: UiLocale = UiLocale::NlNl;

    /// The lowercase URL path segment, e.g. `nl-nl`.
    pub fn path_segment(self) -> &'static str {
        match self {
            UiLocale::NlNl => "nl-nl",
            UiLocale::EnUs => "en-us",
        }
    }

    /// The BCP 47 tag, e.g. `nl-NL`, for `<html lang>` and Fluent.
    pub fn lang_tag(self) -> &'static str {
        match self {
            UiLocale::NlNl => "nl-NL",
            UiLocale::EnUs => "en-US",
        }
    }

    /// Parses a URL segment, ignoring case (`nl-NL`, `nl-nl`).
    pub fn from_segment(segment: &str) -> Option<UiLocale> {
        UiLocale::ALL
            .into_iter()
            .find(|l| l.path_segment().eq_ignore_ascii_case(segment))
    }

    /// Picks the best UI locale for an `Accept-Language` header value,
    /// honouring q-values; a bare language (`nl`, `en-GB`) matches by prefix.
    pub fn negotiate(accept_language: &str) -> UiLocale {
        let mut ranked: Vec<(f32, usize, &str)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, tag) in ranked {
            let language = tag.split(['-', '_']).next().unwrap_or(tag);
            if let Some(exact) = UiLocale::from_segment(tag) {
                return exact;
            }
            if let Some(by_language) = UiLocale::ALL.into_iter().find(|l| {
                l.lang_tag()
                    .split('-')
                    .next()
                    .is_some_and(|own| own.eq_ignore_ascii_case(language))
            }) {
                return by_language;
            }
        }
        UiLocale::DEFAULT
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            UiLocale::NlNl => &NL_NL,
            UiLocale::EnUs => &EN_US,
        }
    }

    /// The message `key`, falling back to en-US.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.langid(), key)
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES.lookup_with_args(self.langid(), key, &map)
    }

    /// The message `key` with a numeric `$count`, so plural variants select.
    pub fn t_count(self, key: &str, count: u64) -> String {
        self.t_args(key, &[("count", FluentValue::from(count))])
    }

    /// The message `key` with one string argument.
    pub fn t_with(self, key: &str, name: &'static str, value: &str) -> String {
        self.t_args(key, &[(name, FluentValue::from(value.to_owned()))])
    }

    /// A long date in this locale: "12 augustus 2019", "August 12, 2019".
    pub fn format_date(self, date: jiff::civil::Date) -> String {
        let index = UiLocale::ALL.iter().position(|l| *l == self).unwrap_or(0);
        let gregorian = Date::try_new_gregorian(
            i32::from(date.year()),
            u8::try_from(date.month()).unwrap_or(1),
            u8::try_from(date.day()).unwrap_or(1),
        );
        DATE_FORMATTERS.with(|formatters| {
            match (formatters.get(index).and_then(Option::as_ref), gregorian) {
                (Some(formatter), Ok(d)) => formatter.format(&d).to_string(),
                _ => date.to_string(),
            }
        })
    }
}

impl std::fmt::Display for UiLocale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.lang_tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_ui_locale() {
        let date = jiff::civil::date(2019, 8, 12);
        assert_eq!(UiLocale::NlNl.format_date(date), "12 augustus 2019");
        assert_eq!(UiLocale::EnUs.format_date(date), "August 12, 2019");
    }

    #[test]
    fn accept_language_negotiation() {
        assert_eq!(UiLocale::negotiate("en-GB,en;q=0.8"), UiLocale::EnUs);
        assert_eq!(UiLocale::negotiate("nl-BE, en;q=0.5"), UiLocale::NlNl);
        assert_eq!(UiLocale::negotiate("de-DE"), UiLocale::NlNl);
        assert_eq!(
            UiLocale::negotiate("de;q=1, en;q=0.9, nl;q=0.1"),
            UiLocale::EnUs
        );
        assert_eq!(UiLocale::negotiate(""), UiLocale::NlNl);
        assert_eq!(UiLocale::negotiate(";;;,q=,"), UiLocale::NlNl);
    }

    #[test]
    fn dutch_plurals_select_on_numbers() {
        assert_eq!(UiLocale::NlNl.t_count("article-count", 1), "1 artikel");
        assert_eq!(UiLocale::NlNl.t_count("article-count", 23), "23 artikelen");
        assert_eq!(UiLocale::EnUs.t_count("article-count", 1), "1 article");
    }
}
