//! `/go/{id}` and `/{locale}/go/{id}`: short links for emails. Any
//! identifier an article has (see [`crate::library::Identifiers`]) answers
//! with a permanent redirect to the article; one shared by several
//! articles gives a short page to choose from. The redirect target is
//! always an article URL built here, never anything from the request.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::links::encode_segment;
use crate::i18n::UiLocale;
use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::{html_page, to_local};
use crate::web::state::AppState;

/// One article to choose from.
struct Choice<'a> {
    url: String,
    title: &'a str,
    collection: &'a str,
    description: &'a str,
}

#[derive(Template)]
#[template(path = "go_choices.html")]
struct ChoicesPage<'a> {
    layout: Layout,
    identifier: &'a str,
    choices: Vec<Choice<'a>>,
}

/// `/go/{id}`, in the locale `Accept-Language` prefers.
pub async fn go(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    answer(locale::negotiated(&req), &state, &path)
}

/// `/{locale}/go/{id}`.
pub async fn go_localized(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (segment, identifier) = path.into_inner();
    let locale = locale::of_segment(&req, &segment)?;
    answer(locale, &state, &identifier)
}

fn answer(locale: UiLocale, state: &AppState, identifier: &str) -> Result<HttpResponse, PageError> {
    let library = state.library.current();
    let found = library.go(identifier);
    match found.as_slice() {
        [] => Err(PageError::NotFound(locale)),
        [article] => Ok(to_local(
            StatusCode::MOVED_PERMANENTLY,
            &article.url(locale),
        )),
        many => {
            let encoded: Vec<String> = identifier.split('/').map(encode_segment).collect();
            let mut layout = Layout::new(
                locale,
                locale.t("go-choices-title"),
                format!("/go/{}", encoded.join("/")),
            );
            layout.noindex = true;
            let choices = many
                .iter()
                .map(|a| Choice {
                    url: a.url(locale),
                    title: &a.title,
                    collection: library.collection_name(&a.collection),
                    description: &a.description,
                })
                .collect();
            let page = ChoicesPage {
                layout,
                identifier,
                choices,
            };
            html_page(locale, &page)
        }
    }
}
