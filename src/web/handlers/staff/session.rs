//! Signing in and out of the staff pages: `GET`/`POST /staff/login`,
//! `POST /staff/logout`, and `/staff` → `/staff/`. Every form post needs
//! this site's origin and the form's token; the session cookie is
//! `HttpOnly`, `SameSite=Strict` and `Secure` on an HTTPS portal.

use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::UiLocale;
use crate::insights::{Login, tokens};
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::{private_page, private_see_other};
use crate::web::security::{is_https, same_origin};
use crate::web::staff_guard::{COOKIE, LOGIN_PATH, signed_in};
use crate::web::state::AppState;

use super::frame::{staff_layout, unavailable};

#[derive(Template)]
#[template(path = "staff_login.html")]
struct LoginPage {
    layout: Layout,
    configured: bool,
    token: String,
    account: String,
    message: Option<String>,
}

fn login_page(
    state: &AppState,
    locale: UiLocale,
    status: StatusCode,
    account: &str,
    message: Option<String>,
) -> Result<HttpResponse, PageError> {
    let page = LoginPage {
        layout: staff_layout(locale, locale.t("staff-login-title")),
        configured: state.insights.login_configured(),
        token: state.insights.keys().form_token("login"),
        account: account.to_owned(),
        message,
    };
    private_page(locale, status, &page)
}

/// `GET /staff/login`; a signed-in account goes to the overview.
pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    if signed_in(&req).is_some() {
        return Ok(private_see_other("/staff/"));
    }
    login_page(&state, locale::negotiated(&req), StatusCode::OK, "", None)
}

/// The locale and fields of a staff form post that comes from this site
/// with a `token` that `token_fits`; a 403 page otherwise.
pub(super) fn checked_post(
    req: &HttpRequest,
    state: &AppState,
    body: &[u8],
    token_fits: impl FnOnce(&str) -> bool,
) -> Result<(UiLocale, Fields), PageError> {
    let locale = locale::negotiated(req);
    let fields = Fields::parse(body);
    if same_origin(req, &state.config.base_url) && token_fits(fields.get("token")) {
        Ok((locale, fields))
    } else {
        Err(PageError::Forbidden(locale))
    }
}

/// `POST /staff/login`: `account`, `password`, `token`.
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (locale, fields) = checked_post(&req, &state, &body, |token| {
        state.insights.keys().check_form_token("login", token)
    })?;
    if !state.insights.login_configured() {
        return login_page(&state, locale, StatusCode::FORBIDDEN, "", None);
    }
    let account = fields.get("account").trim();
    match state.insights.login(account, fields.get("password")).await {
        Ok(Login::Success(session)) => {
            let cookie = Cookie::build(COOKIE, session)
                .path("/staff")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(is_https(&state.config.base_url))
                .max_age(Duration::seconds(tokens::SESSION_SECS))
                .finish();
            let mut response = private_see_other("/staff/");
            response
                .add_cookie(&cookie)
                .map_err(|e| PageError::Internal(locale, e.to_string()))?;
            Ok(response)
        }
        Ok(Login::Failed) => login_page(
            &state,
            locale,
            StatusCode::UNAUTHORIZED,
            account,
            Some(locale.t("staff-login-failed")),
        ),
        Ok(Login::LockedOut | Login::FailedNowLocked) => login_page(
            &state,
            locale,
            StatusCode::TOO_MANY_REQUESTS,
            account,
            Some(locale.t_count(
                "staff-login-locked",
                u64::try_from(crate::insights::auth::LOCKOUT_WINDOW_SECS / 60).unwrap_or(15),
            )),
        ),
        Err(err) => Err(unavailable(locale)(err)),
    }
}

/// `POST /staff/logout`: `token`, and `scope=everywhere` to end every
/// session of the account rather than this one. Needs the session's own
/// form token and this site's origin; the session ends in the database,
/// so the old cookie opens nothing anywhere afterwards.
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let Some(session) = signed_in(&req) else {
        return Ok(private_see_other(LOGIN_PATH));
    };
    let (locale, fields) = checked_post(&req, &state, &body, |token| {
        state.insights.check_staff_form_token(&session, token)
    })?;
    let ended = if fields.get("scope") == "everywhere" {
        state.insights.sign_out_everywhere(&session).await.map(drop)
    } else {
        state.insights.sign_out(&session).await
    };
    ended.map_err(unavailable(locale))?;
    let mut cookie = Cookie::build(COOKIE, "").path("/staff").finish();
    cookie.make_removal();
    let mut response = private_see_other(LOGIN_PATH);
    response
        .add_cookie(&cookie)
        .map_err(|e| PageError::Internal(locale, e.to_string()))?;
    Ok(response)
}

/// `GET /staff` → `/staff/`.
pub async fn to_index() -> HttpResponse {
    private_see_other("/staff/")
}
