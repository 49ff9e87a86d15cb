//! "Heeft dit artikel u geholpen?" and "Heeft dit uw probleem opgelost?":
//! the feedback block on article and recommended-steps pages and the plain
//! form posts behind it (`POST /{locale}/feedback`, and
//! `POST /{locale}/feedback/comment` for the optional comment after "Nee").
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
use crate::recommend::{MAX_PROBLEM_BYTES, truncate};
use crate::web::error::PageError;
use crate::web::security::same_origin;
use crate::web::{AppState, locale};

use super::Fields;
use super::redirects::to_local;

/// The anchor of the feedback block.
const ANCHOR: &str = "hp-feedback";

/// What the page shows after a post, from its query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    Yes,
    /// "Nee": the comment form is offered for this feedback.
    No {
        fid: String,
    },
    Commented,
    /// The database could not take it.
    Unsaved,
    /// The form's limit for now was reached; nothing was stored.
    Busy,
    /// A comment for feedback that does not exist (here); not stored.
    CommentUnknown,
    /// A second comment on the same feedback; not stored.
    CommentTwice,
}

impl Answered {
    /// `feedback=…&fid=…` from a query string; `None` for a normal view.
    pub fn from_query(query: &str) -> Option<Answered> {
        let mut feedback = None;
        let mut fid = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "feedback" if feedback.is_none() => feedback = Some(value.into_owned()),
                "fid" if fid.is_none() => fid = Some(value.into_owned()),
                _ => {}
            }
        }
        match feedback?.as_str() {
            "yes" => Some(Answered::Yes),
            "no" => Some(match fid.filter(|f| is_public_id(f)) {
                Some(fid) => Answered::No { fid },
                None => Answered::Yes,
            }),
            "comment" => Some(Answered::Commented),
            "unsaved" => Some(Answered::Unsaved),
            "busy" => Some(Answered::Busy),
            "comment-unknown" => Some(Answered::CommentUnknown),
            "comment-twice" => Some(Answered::CommentTwice),
            _ => None,
        }
    }

    fn query(&self) -> String {
        match self {
            Answered::Yes => "feedback=yes".to_owned(),
            Answered::No { fid } => format!("feedback=no&fid={fid}"),
            Answered::Commented => "feedback=comment".to_owned(),
            Answered::Unsaved => "feedback=unsaved".to_owned(),
            Answered::Busy => "feedback=busy".to_owned(),
            Answered::CommentUnknown => "feedback=comment-unknown".to_owned(),
            Answered::CommentTwice => "feedback=comment-twice".to_owned(),
        }
    }
}

/// Public feedback ids are 32 lowercase hex digits.
fn is_public_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What the form token of a feedback form is bound to.
fn purpose(kind: FeedbackKind, article: &str) -> String {
    format!("feedback:{}:{article}", kind.as_str())
}

fn comment_purpose(fid: &str) -> String {
    format!("comment:{fid}")
}

/// The feedback block of a page (`templates/partials/feedback.html`).
pub struct FeedbackView {
    pub action: String,
    pub comment_action: String,
    pub kind: &'static str,
    pub article: String,
    /// The description, on the recommended-steps page.
    pub problem: String,
    pub question: String,
    pub token: String,
    /// Show the Ja / Nee form.
    pub ask: bool,
    /// A thank-you or could-not-save line.
    pub message: Option<String>,
    /// Offer the comment form for this feedback id, with its token.
    pub comment: Option<(String, String)>,
}

impl FeedbackView {
    pub fn new(
        state: &AppState,
        locale: UiLocale,
        kind: FeedbackKind,
        article: &Article,
        problem: &str,
        answered: Option<&Answered>,
    ) -> FeedbackView {
        let keys = state.insights.keys();
        let prefix = format!("/{}", locale.path_segment());
        let message = answered.map(|a| match a {
            Answered::Yes | Answered::No { .. } => locale.t("feedback-thanks"),
            Answered::Commented => locale.t("feedback-comment-thanks"),
            Answered::Unsaved => locale.t("feedback-unsaved"),
            Answered::Busy => locale.t("feedback-busy"),
            Answered::CommentUnknown => locale.t("feedback-comment-unknown"),
            Answered::CommentTwice => locale.t("feedback-comment-twice"),
        });
        let comment = match answered {
            Some(Answered::No { fid }) => {
                Some((fid.clone(), keys.public_form_token(&comment_purpose(fid))))
            }
            _ => None,
        };
        FeedbackView {
            action: format!("{prefix}/feedback"),
            comment_action: format!("{prefix}/feedback/comment"),
            kind: kind.as_str(),
            article: article.id.clone(),
            problem: problem.to_owned(),
            question: match kind {
                FeedbackKind::Article => locale.t("feedback-question-article"),
                FeedbackKind::Recommend => locale.t("feedback-question-recommend"),
            },
            token: keys.public_form_token(&purpose(kind, &article.id)),
            ask: matches!(answered, None | Some(Answered::Unsaved)),
            message,
            comment,
        }
    }
}

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
    library: &'a crate::library::Library,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_state_is_read_from_the_query() {
        let fid = "0123456789abcdef0123456789abcdef";
        assert_eq!(Answered::from_query(""), None);
        assert_eq!(Answered::from_query("sq=1"), None);
        assert_eq!(Answered::from_query("feedback=yes"), Some(Answered::Yes));
        assert_eq!(
            Answered::from_query(&format!("feedback=no&fid={fid}")),
            Some(Answered::No { fid: fid.into() })
        );
        assert_eq!(
            Answered::from_query("feedback=no&fid=<script>"),
            Some(Answered::Yes)
        );
        assert_eq!(Answered::from_query("feedback=bogus"), None);
        assert_eq!(
            Answered::from_query("feedback=unsaved"),
            Some(Answered::Unsaved)
        );
        for answered in [
            Answered::Busy,
            Answered::CommentUnknown,
            Answered::CommentTwice,
        ] {
            assert_eq!(Answered::from_query(&answered.query()), Some(answered));
        }
    }
}
