//! What is recorded: searches and recommendations asked, results opened
//! ([`Event`]) and answers to the feedback questions ([`Feedback`]).

/// What a query was: a search or a problem description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    Search,
    Recommend,
}

impl QueryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::Search => "search",
            QueryKind::Recommend => "recommend",
        }
    }
}

/// A search or recommendation as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEvent {
    pub at: i64,
    pub kind: QueryKind,
    /// Normalised and masked.
    pub query: String,
    pub results: i64,
    /// The id of the first result.
    pub first_result: Option<String>,
    /// Searches: whether anything was found. Recommendations: whether the
    /// first match was presented as the solution.
    pub confident: bool,
}

/// A result opened from a search or recommendation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEvent {
    pub at: i64,
    pub kind: QueryKind,
    /// Normalised and masked, as in [`QueryEvent::query`].
    pub query: String,
    pub article: String,
}

/// Something the recorder writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Query(QueryEvent),
    Opened(OpenEvent),
}

/// Where feedback was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKind {
    /// "Heeft dit artikel u geholpen?" on an article page.
    Article,
    /// "Heeft dit uw probleem opgelost?" on the recommended-steps page.
    Recommend,
}

impl FeedbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Article => "article",
            FeedbackKind::Recommend => "recommend",
        }
    }

    pub fn parse(text: &str) -> Option<FeedbackKind> {
        match text {
            "article" => Some(FeedbackKind::Article),
            "recommend" => Some(FeedbackKind::Recommend),
            _ => None,
        }
    }
}

/// One answer to a feedback question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub at: i64,
    pub kind: FeedbackKind,
    /// The UI locale tag (`nl-NL`).
    pub locale: String,
    pub article: String,
    pub helpful: bool,
    /// Masked.
    pub comment: Option<String>,
    /// The description that led to the recommendation, masked.
    pub description: Option<String>,
}
