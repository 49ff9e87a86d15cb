//! The staff overview `/staff/` and one page per report (top searches,
//! searches without results, descriptions without a confident match,
//! articles with the most "Nee", unresolved links), from the insights
//! store and the loaded content.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::UiLocale;
use crate::insights::store::QueryStat;
use crate::insights::{QueryKind, STAFF_LIMIT};
use crate::library::Library;
use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::private_page;
use crate::web::state::AppState;

use super::frame::{Current, NavItem, StaffFrame, staff_layout, unavailable};

/// Rows per report table.
const ROWS: i64 = 50;

/// The reports, in menu order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    Queries,
    Gaps,
    Descriptions,
    Unhelpful,
    Links,
}

impl Report {
    const ALL: [Report; 5] = [
        Report::Queries,
        Report::Gaps,
        Report::Descriptions,
        Report::Unhelpful,
        Report::Links,
    ];

    fn slug(self) -> &'static str {
        match self {
            Report::Queries => "queries",
            Report::Gaps => "gaps",
            Report::Descriptions => "descriptions",
            Report::Unhelpful => "unhelpful",
            Report::Links => "links",
        }
    }

    fn title(self, locale: UiLocale) -> String {
        match self {
            Report::Queries => locale.t("staff-queries-title"),
            Report::Gaps => locale.t("staff-gaps-title"),
            Report::Descriptions => locale.t("staff-descriptions-title"),
            Report::Unhelpful => locale.t("staff-unhelpful-title"),
            Report::Links => locale.t("staff-links-title"),
        }
    }

    fn intro(self, locale: UiLocale) -> String {
        match self {
            Report::Queries => locale.t("staff-queries-intro"),
            Report::Gaps => locale.t("staff-gaps-intro"),
            Report::Descriptions => locale.t("staff-descriptions-intro"),
            Report::Unhelpful => locale.t("staff-unhelpful-intro"),
            Report::Links => locale.t("staff-links-intro"),
        }
    }
}

/// One table cell: text, linked when `url` is set.
struct Cell {
    text: String,
    url: Option<String>,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            url: None,
        }
    }

    fn link(text: impl Into<String>, url: String) -> Cell {
        Cell {
            text: text.into(),
            url: Some(url),
        }
    }
}

struct Table {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    empty: String,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    layout: Layout,
    /// The overview lists every entry of its menu with its intro.
    staff: StaffFrame,
    intro: String,
    tables: Vec<Table>,
}

/// The menu of the reports, none of them current (other staff pages).
pub(super) fn report_nav(locale: UiLocale) -> Vec<NavItem> {
    nav(locale, None)
}

fn nav(locale: UiLocale, active: Option<Report>) -> Vec<NavItem> {
    Report::ALL
        .into_iter()
        .map(|r| NavItem {
            url: format!("/staff/{}", r.slug()),
            label: r.title(locale),
            intro: r.intro(locale),
            active: active == Some(r),
        })
        .collect()
}

fn staff_page(
    req: &HttpRequest,
    state: &AppState,
    locale: UiLocale,
    report: Option<Report>,
    tables: Vec<Table>,
) -> Result<HttpResponse, PageError> {
    let title = report.map_or_else(|| locale.t("staff-title"), |r| r.title(locale));
    let current = report.map_or(Current::Overview, |_| Current::Report);
    let page = StaffPage {
        layout: staff_layout(locale, title),
        staff: StaffFrame::signed_in(state, req, locale, nav(locale, report), current)?,
        intro: report.map_or_else(|| locale.t("staff-intro"), |r| r.intro(locale)),
        tables,
    };
    private_page(locale, StatusCode::OK, &page)
}

/// `GET /staff/`: the list of reports.
pub async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    staff_page(&req, &state, locale::negotiated(&req), None, Vec::new())
}

/// `GET /staff/{report}`
pub async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::negotiated(&req);
    let report = Report::ALL
        .into_iter()
        .find(|r| r.slug() == path.as_str())
        .ok_or(PageError::NotFound(locale))?;
    let library = state.library.current();
    let tables = match report {
        Report::Queries => {
            vec![queries_table(&state, &library, locale, QueryKind::Search, false).await?]
        }
        Report::Gaps => {
            vec![queries_table(&state, &library, locale, QueryKind::Search, true).await?]
        }
        Report::Descriptions => {
            vec![queries_table(&state, &library, locale, QueryKind::Recommend, true).await?]
        }
        Report::Unhelpful => unhelpful_tables(&state, &library, locale).await?,
        Report::Links => vec![links_table(&library, locale)],
    };
    staff_page(&req, &state, locale, Some(report), tables)
}

/// An article id as a link titled with the article, or the bare id.
fn article_cell(library: &Library, locale: UiLocale, id: &str) -> Cell {
    match library.get(id) {
        Some(article) => Cell::link(article.title.clone(), article.url(locale)),
        None => Cell::text(id),
    }
}

/// The page that re-runs a query.
fn query_cell(locale: UiLocale, kind: QueryKind, stat: &QueryStat) -> Cell {
    let (page, key) = match kind {
        QueryKind::Search => ("search", "q"),
        QueryKind::Recommend => ("recommend", "problem"),
    };
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair(key, &stat.query);
    Cell::link(
        stat.query.clone(),
        format!("/{}/{page}?{}", locale.path_segment(), query.finish()),
    )
}

async fn queries_table(
    state: &AppState,
    library: &Library,
    locale: UiLocale,
    kind: QueryKind,
    only_failed: bool,
) -> Result<Table, PageError> {
    let stats = state
        .insights
        .store
        .top_queries(kind, only_failed, ROWS, STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    let first_column = match kind {
        QueryKind::Search => locale.t("staff-column-query"),
        QueryKind::Recommend => locale.t("staff-column-description"),
    };
    let mut columns = vec![
        first_column,
        locale.t("staff-column-count"),
        locale.t("staff-column-results"),
        locale.t("staff-column-first-result"),
        locale.t("staff-column-opened"),
    ];
    let teach = kind == QueryKind::Recommend;
    if teach {
        columns.push(locale.t("staff-column-teach"));
    }
    let rows = stats
        .iter()
        .map(|stat| {
            let mut row = vec![
                query_cell(locale, kind, stat),
                Cell::text(stat.count.to_string()),
                Cell::text(stat.results.to_string()),
                stat.first_result
                    .as_deref()
                    .map_or_else(|| Cell::text(""), |id| article_cell(library, locale, id)),
                Cell::text(stat.opened.to_string()),
            ];
            if teach {
                row.push(teach_cell(locale, Some(&stat.query)));
            }
            row
        })
        .collect();
    Ok(Table {
        caption: locale.t("staff-table-caption"),
        columns,
        rows,
        empty: locale.t("staff-empty"),
    })
}

/// "Juiste artikel kiezen" for a description (nothing without one).
fn teach_cell(locale: UiLocale, description: Option<&str>) -> Cell {
    match description.filter(|d| !d.is_empty()) {
        Some(description) => Cell::link(
            locale.t("staff-teach-choose"),
            super::frame::choose_url(description, None),
        ),
        None => Cell::text(""),
    }
}

/// A Unix time as `YYYY-MM-DD HH:MM` (UTC).
pub(super) fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

async fn unhelpful_tables(
    state: &AppState,
    library: &Library,
    locale: UiLocale,
) -> Result<Vec<Table>, PageError> {
    let store = &state.insights.store;
    let votes = store
        .unhelpful_articles(ROWS, STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    let recent = store
        .recent_unhelpful(ROWS, STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    let totals = Table {
        caption: locale.t("staff-unhelpful-totals"),
        columns: vec![
            locale.t("staff-column-article"),
            locale.t("staff-column-no"),
            locale.t("staff-column-yes"),
        ],
        rows: votes
            .iter()
            .map(|v| {
                vec![
                    article_cell(library, locale, &v.article),
                    Cell::text(v.unhelpful.to_string()),
                    Cell::text(v.helpful.to_string()),
                ]
            })
            .collect(),
        empty: locale.t("staff-empty"),
    };
    let latest = Table {
        caption: locale.t("staff-unhelpful-latest"),
        columns: vec![
            locale.t("staff-column-when"),
            locale.t("staff-column-article"),
            locale.t("staff-column-where"),
            locale.t("staff-column-comment"),
            locale.t("staff-column-description"),
            locale.t("staff-column-teach"),
        ],
        rows: recent
            .iter()
            .map(|f| {
                vec![
                    Cell::text(when(f.at)),
                    article_cell(library, locale, &f.article),
                    Cell::text(if f.kind == "recommend" {
                        locale.t("staff-where-recommend")
                    } else {
                        locale.t("staff-where-article")
                    }),
                    Cell::text(f.comment.clone().unwrap_or_default()),
                    Cell::text(f.description.clone().unwrap_or_default()),
                    teach_cell(locale, f.description.as_deref()),
                ]
            })
            .collect(),
        empty: locale.t("staff-empty"),
    };
    Ok(vec![totals, latest])
}

/// Links `check` reports as unresolved, from the loaded content.
fn links_table(library: &Library, locale: UiLocale) -> Table {
    let rows = library
        .problems()
        .iter()
        .filter_map(|p| {
            let href = p.reason.strip_prefix("unresolved link: ")?;
            Some(vec![
                Cell::text(format!("{}:{}", p.file, p.line)),
                Cell::text(href),
            ])
        })
        .collect();
    Table {
        caption: locale.t("staff-table-caption"),
        columns: vec![locale.t("staff-column-file"), locale.t("staff-column-link")],
        rows,
        empty: locale.t("staff-empty"),
    }
}
