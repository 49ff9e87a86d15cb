# Feedback on articles and recommended steps, and the support-staff pages.

feedback-question-article = Did this article help you?
feedback-question-recommend = Did this solve your problem?
feedback-yes = Yes
feedback-no = No
feedback-thanks = Thank you for your feedback.
feedback-comment-label = What could we improve? (optional, please leave out personal details)
feedback-comment-send = Send comment
feedback-comment-thanks = Thank you, we have received your comment.
feedback-unsaved = We are sorry: your feedback could not be saved right now. Would you try again later?
feedback-busy = This article has received a lot of feedback in the last few minutes. Your answer was not saved; please try again later.
feedback-comment-unknown = Your comment was not saved: the feedback it belongs to was not found.
feedback-comment-twice = Your comment was not saved: this feedback already has a comment.

error-forbidden-title = Form not accepted
error-forbidden-text = This form has expired or did not come from this site. Go back, reload the page and try again.
error-unavailable-title = Temporarily unavailable
error-unavailable-text = This overview is not available right now. Please try again in a moment.

staff-title = Insights for support
staff-intro = Which articles fail customers and what customers look for in vain.
staff-nav-label = Insights
staff-logout = Sign out ({ $account })
staff-logout-everywhere = Sign out everywhere
staff-login-title = Staff sign-in
staff-login-account = Account
staff-login-password = Password
staff-login-button = Sign in
staff-login-failed = Wrong account or password.
staff-login-locked =
    Too many failed attempts. This account is locked for { $count ->
        [one] one minute
       *[other] { $count } minutes
    }; try again after that.
staff-login-not-configured = Sign-in is not set up: no staff accounts are configured. Add an account under [staff.accounts] in the configuration (make the hash with helpportal hash-password).
staff-queries-title = Top searches
staff-queries-intro = The most frequent searches, with their first result and how often a result was opened.
staff-gaps-title = Searches without results
staff-gaps-intro = What customers searched for and did not find: topics an article is missing for.
staff-descriptions-title = Descriptions without a confident match
staff-descriptions-intro = Problem descriptions for which no article could be shown as the solution with confidence.
staff-unhelpful-title = Articles with the most No
staff-unhelpful-intro = Articles customers said did not help, and their comments.
staff-unhelpful-totals = Per article
staff-unhelpful-latest = Latest No answers
staff-links-title = Unresolved links
staff-links-intro = Links in articles that lead to no loaded article (as helpportal check reports them).
staff-table-caption = Overview
staff-empty = Nothing to report yet.
staff-column-query = Search
staff-column-description = Description
staff-column-count = Count
staff-column-results = Results
staff-column-first-result = First result
staff-column-opened = Opened
staff-column-article = Article
staff-column-no = No
staff-column-yes = Yes
staff-column-when = When
staff-column-where = Where
staff-column-comment = Comment
staff-column-file = File
staff-column-link = Link
staff-where-article = Article page
staff-where-recommend = Recommended steps
