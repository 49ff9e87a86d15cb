//! Teaching recommended steps: `GET /staff/examples/new?description=…`
//! picks the article that answers a description with the portal's own
//! search (or "Geen artikel"), `POST /staff/examples` confirms it, `GET
//! /staff/examples?q=…` lists and searches the confirmations (and those
//! whose article is no longer loaded), `POST /staff/examples/remove` undoes
//! one. Plain forms that work without JavaScript, each with this site's
//! origin and the session's form token, like signing out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::UiLocale;
use crate::insights::examples::{Confirmed, StoredExample};
use crate::insights::{STAFF_LIMIT, StaffSession};
use crate::library::Library;
use crate::search::SearchRequest;
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::{private_page, private_see_other};
use crate::web::staff_guard::signed_in;
use crate::web::state::AppState;

use super::frame::{Current, StaffFrame, staff_layout, unavailable};
use super::reports::{report_nav, when};
use super::session::checked_post;

/// Examples listed per page.
const ROWS: i64 = 200;
/// Articles offered to choose from.
const CHOICES: usize = 10;
/// A search typed on the choose page is cut to this many characters.
const MAX_SEARCH_CHARS: usize = 300;

/// The layout and menu of a page here titled `title`.
fn frame(
    state: &AppState,
    req: &HttpRequest,
    locale: UiLocale,
    title: String,
) -> Result<(Layout, StaffFrame), PageError> {
    let staff = StaffFrame::signed_in(state, req, locale, report_nav(locale), Current::Examples)?;
    Ok((staff_layout(locale, title), staff))
}

/// One confirmation as listed.
struct Row {
    id: String,
    description: String,
    /// The article's title and URL; `None` for "Geen artikel" or an
    /// article that is not loaded.
    article: Option<(String, String)>,
    /// The id of an article that is not loaded.
    missing: Option<String>,
    account: String,
    when: String,
}

fn row(library: &Library, locale: UiLocale, example: StoredExample) -> Row {
    let loaded = example.article.as_deref().and_then(|id| library.get(id));
    Row {
        article: loaded.map(|a| (a.title.clone(), a.url(locale))),
        missing: example.article.filter(|_| loaded.is_none()),
        id: example.id,
        description: example.description,
        account: example.account,
        when: when(example.at),
    }
}

#[derive(Template)]
#[template(path = "staff_examples.html")]
struct ListPage {
    layout: Layout,
    staff: StaffFrame,
    query: String,
    rows: Vec<Row>,
    /// Examples whose article is not loaded (ignored when matching).
    orphans: Vec<Row>,
}

/// `GET /staff/examples?q=…`
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let locale = locale::negotiated(&req);
    let fields = Fields::parse(req.query_string().as_bytes());
    let query: String = fields
        .get("q")
        .trim()
        .chars()
        .take(MAX_SEARCH_CHARS)
        .collect();
    let store = &state.insights.store;
    let found = store
        .examples(&query, ROWS, STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    let all = store
        .all_examples(STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    let library = state.library.current();
    let orphans = all
        .into_iter()
        .filter(|e| {
            e.article
                .as_deref()
                .is_some_and(|id| library.get(id).is_none())
        })
        .map(|e| row(&library, locale, e))
        .collect();
    let (layout, staff) = frame(&state, &req, locale, locale.t("staff-examples-title"))?;
    let page = ListPage {
        layout,
        staff,
        query,
        rows: found
            .into_iter()
            .map(|e| row(&library, locale, e))
            .collect(),
        orphans,
    };
    private_page(locale, StatusCode::OK, &page)
}

/// An article to choose.
struct Choice {
    id: String,
    title: String,
    url: String,
}

#[derive(Template)]
#[template(path = "staff_example_new.html")]
struct ChoosePage {
    layout: Layout,
    staff: StaffFrame,
    description: String,
    query: String,
    choices: Vec<Choice>,
}

/// `GET /staff/examples/new?description=…&q=…`: the portal's search for
/// `q` (the description itself at first), each result with a button that
/// confirms it, and "Geen artikel".
pub async fn choose(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::negotiated(&req);
    let fields = Fields::parse(req.query_string().as_bytes());
    let description = crate::insights::mask::normalise_query(fields.get("description"));
    if description.is_empty() {
        return Ok(private_see_other("/staff/examples"));
    }
    let typed: String = fields
        .get("q")
        .trim()
        .chars()
        .take(MAX_SEARCH_CHARS)
        .collect();
    let query = if typed.is_empty() {
        description.clone()
    } else {
        typed
    };
    let library = state.library.current();
    let mut request = SearchRequest::new(&query);
    request.per_page = CHOICES;
    let results = library.search().search(library.articles(), &request);
    let choices = results
        .hits
        .iter()
        .filter_map(|hit| library.at(hit.article))
        .map(|a| Choice {
            id: a.id.clone(),
            title: a.title.clone(),
            url: a.url(locale),
        })
        .collect();
    let (layout, staff) = frame(&state, &req, locale, locale.t("staff-teach-title"))?;
    let page = ChoosePage {
        layout,
        staff,
        description,
        query,
        choices,
    };
    private_page(locale, StatusCode::OK, &page)
}

/// The session and fields of a post from this site with the session's
/// own form token.
fn staff_post(
    req: &HttpRequest,
    state: &AppState,
    body: &[u8],
) -> Result<(StaffSession, UiLocale, Fields), PageError> {
    let locale = locale::negotiated(req);
    let session = signed_in(req).ok_or(PageError::Forbidden(locale))?;
    let (locale, fields) = checked_post(req, state, body, |token| {
        state.insights.check_staff_form_token(&session, token)
    })?;
    Ok((session, locale, fields))
}

/// `POST /staff/examples`: `token`, `description`, and `article` (a
/// loaded article's id) or `none=1` for "Geen artikel".
pub async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (session, locale, fields) = staff_post(&req, &state, &body)?;
    let article = match (fields.get("none"), fields.get("article").trim()) {
        ("1", _) => None,
        (_, id) if state.library.current().get(id).is_some() => Some(id.to_owned()),
        _ => {
            return Err(PageError::BadRequest(
                locale,
                locale.t("staff-teach-unknown-article"),
            ));
        }
    };
    let done = state
        .insights
        .confirm_example(
            &session.account,
            fields.get("description"),
            article.as_deref(),
        )
        .await
        .map_err(unavailable(locale))?;
    if done == Confirmed::Empty {
        return Err(PageError::BadRequest(locale, locale.t("staff-teach-empty")));
    }
    Ok(private_see_other("/staff/examples"))
}

/// `POST /staff/examples/remove`: `token`, `id`.
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (_, locale, fields) = staff_post(&req, &state, &body)?;
    state
        .insights
        .store
        .remove_example(fields.get("id"), STAFF_LIMIT)
        .await
        .map_err(unavailable(locale))?;
    Ok(private_see_other("/staff/examples"))
}
