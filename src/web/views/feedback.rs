//! The feedback block of article and recommended-steps pages
//! (`templates/partials/feedback.html`): what it asks, the signed tokens
//! of its forms and what it shows after a post ([`Answered`]). The posts
//! themselves are handled in `handlers::feedback`.

use crate::content::Article;
use crate::i18n::UiLocale;
use crate::insights::FeedbackKind;
use crate::web::state::AppState;

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

    /// The query string that shows this state, the inverse of
    /// [`Answered::from_query`].
    pub fn query(&self) -> String {
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
pub fn is_public_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What the form token of a feedback form is bound to.
pub fn purpose(kind: FeedbackKind, article: &str) -> String {
    format!("feedback:{}:{article}", kind.as_str())
}

/// What the form token of a comment form is bound to.
pub fn comment_purpose(fid: &str) -> String {
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
