//! "Heeft dit artikel u geholpen?" and "Heeft dit uw probleem opgelost?":
//! the plain form posts behind the feedback block of article and
//! recommended-steps pages (`POST /{locale}/feedback`, and
//! `POST /{locale}/feedback/comment` for the optional comment after "Nee").
//! The block itself is [`crate::web::views::feedback`].
//!
//! A post needs the form's signed token (see `insights::tokens`) and, when
//! the browser names one, an origin of this site. Feedback is stored
//! before it is acknowledged; the answer is a 303 back to the page, whose
//! feedback block then thanks the customer only for what was stored, and
//! otherwise says why not (database down, the form's limit reached, a
//! comment for unknown feedback or a second comment). No JavaScript and
//! no cookie is involved.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::content::Article;
use crate::i18n::UiLocale;
use crate::insights::store::CommentOutcome;
use crate::insights::{Feedback, FeedbackKind, tokens};
use crate::library::Library;
use crate::recommend::{MAX_PROBLEM_BYTES, truncate};
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::locale;
use crate::web::respond::to_local;
use crate::web::security::same_origin;
use crate::web::state::AppState;
use crate::web::views::feedback::{Answered, comment_purpose, is_public_id, purpose};

/// The anchor of the feedback block.
const ANCHOR: &str = "hp-feedback";

/// The page to go back to, with what to show there.
fn back(
    locale: UiLocale,
    kind: FeedbackKind,
    article: &Article,
    problem: &str,
    answered: &Answered,
) -> HttpResponse {
    let url = match kind {
        FeedbackKind::Article => format!("{}?{}", article.url(locale), answered.query()),
        FeedbackKind::Recommend => {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("problem", problem);
            format!(
                "/{}/recommend?{}&{}",
                locale.path_segment(),
                query.finish(),
                answered.query()
            )
        }
    };
    to_local(StatusCode::SEE_OTHER, &format!("{url}#{ANCHOR}"))
}

/// A feedback post that passed the checks.
struct Posted<'a> {
    locale: UiLocale,
    kind: FeedbackKind,
    article: &'a Article,
    /// The description, from the recommended-steps page.
    problem: String,
}

impl Posted<'_> {
    fn back(&self, answered: &Answered) -> HttpResponse {
        back(
            self.locale,
            self.kind,
            self.article,
            &self.problem,
            answered,
        )
    }
}

/// The checks every feedback post passes: a known locale, this site's
/// origin, a known kind and article, and a form token for what
/// `purpose` says the form was for (`None`: no valid purpose).
fn checked<'a>(
    req: &HttpRequest,
    state: &AppState,
    segment: &str,
    fields: &Fields,
    library: &'a Library,
    purpose: impl FnOnce(FeedbackKind, &Article) -> Option<String>,
) -> Result<Posted<'a>, PageError> {
    let locale = locale::of_segment(req, segment)?;
    if !same_origin(req, &state.config.base_url) {
        return Err(PageError::Forbidden(locale));
    }
    let bad = || PageError::BadRequest(locale, "incomplete feedback form".into());
    let kind = FeedbackKind::parse(fields.get("kind")).ok_or_else(bad)?;
    let article = library.get(fields.get("article")).ok_or_else(bad)?;
    let token_fits = purpose(kind, article).is_some_and(|p| {
        state
            .insights
            .keys()
            .check_public_form_token(&p, fields.get("token"))
    });
    if !token_fits {
        return Err(PageError::Forbidden(locale));
    }
    let problem = match kind {
        FeedbackKind::Article => String::new(),
        FeedbackKind::Recommend => {
            truncate(fields.get("problem").trim(), MAX_PROBLEM_BYTES).to_owned()
        }
    };
    Ok(Posted {
        locale,
        kind,
        article,
        problem,
    })
}

/// `POST /{locale}/feedback`: `kind`, `article`, `answer` (`yes`/`no`),
/// `token`, and on the recommended-steps page `problem`.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let fields = Fields::parse(&body);
    let library = state.library.current();
    let posted = checked(&req, &state, &path, &fields, &library, |kind, article| {
        Some(purpose(kind, &article.id))
    })?;
    let helpful = match fields.get("answer") {
        "yes" => true,
        "no" => false,
        _ => return Err(PageError::BadRequest(posted.locale, "no answer".into())),
    };
    let feedback = Feedback {
        at: tokens::now(),
        kind: posted.kind,
        locale: posted.locale.lang_tag().to_owned(),
        article: posted.article.id.clone(),
        helpful,
        comment: None,
        description: (!posted.problem.is_empty()).then(|| posted.problem.clone()),
    };
    let answered = match state.insights.save_feedback(feedback).await {
        Ok(None) => Answered::Busy,
        Ok(Some(_)) if helpful => Answered::Yes,
        Ok(Some(fid)) => Answered::No { fid },
        Err(err) => {
            tracing::warn!("feedback not saved: {err}");
            Answered::Unsaved
        }
    };
    Ok(posted.back(&answered))
}

/// `POST /{locale}/feedback/comment`: `fid`, `comment`, `token`, and the
/// `kind`, `article` and `problem` of the page to return to.
pub async fn comment(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let fields = Fields::parse(&body);
    let library = state.library.current();
    let fid = fields.get("fid");
    let posted = checked(&req, &state, &path, &fields, &library, |_, _| {
        is_public_id(fid).then(|| comment_purpose(fid))
    })?;
    let comment = fields.get("comment");
    if comment.trim().is_empty() {
        return Ok(posted.back(&Answered::Yes));
    }
    let stored = state
        .insights
        .add_comment(fid, &posted.article.id, comment)
        .await;
    let answered = match stored {
        Ok(None) => Answered::Yes,
        Ok(Some(CommentOutcome::Stored)) => Answered::Commented,
        Ok(Some(CommentOutcome::UnknownFeedback)) => Answered::CommentUnknown,
        Ok(Some(CommentOutcome::AlreadyCommented)) => Answered::CommentTwice,
        Err(err) => {
            tracing::warn!("feedback comment not saved: {err}");
            Answered::Unsaved
        }
    };
    Ok(posted.back(&answered))
}
