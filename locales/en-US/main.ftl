# Interface strings for en-US, the fallback for every message.

site-name = Helpportal
site-tagline = Help with billing, subscriptions and administration
skip-link = Skip to content
nav-home = Home
nav-language = Language
footer-license = Articles: Microsoft, CC BY 4.0. Translation of the original documentation.
footer-contact = Need help? Contact support.

search-label = Search the articles
search-placeholder = Search for an article, for example: card declined
search-button = Search

describe-heading = Describe your problem
describe-intro = Tell us in your own words what is going wrong. We will look for the article that solves it.
describe-label = What is the problem?
describe-placeholder = For example: my credit card is declined when I pay for my subscription
describe-button = Find a solution

home-title = How can we help you?
home-intro =
    Search { $count ->
        [one] one article
       *[other] { $count } articles
    } or describe your problem.
home-collections = Topics
home-recent = Recently updated
home-all-articles = All articles in { $name }
article-count =
    { $count ->
        [one] 1 article
       *[other] { $count } articles
    }

collection-title = { $name }
pagination-label = Pagination
pagination-previous = Previous
pagination-next = Next
pagination-page = Page { $page } of { $pages }

breadcrumb-label = Breadcrumb
article-updated = Last updated on { $date }
article-toc = In this article
article-mt-notice = This article was machine-translated. The text may contain errors.
section-link = Link to this section
external-link = external link
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

error-not-found-title = Page not found
error-not-found-text = This page does not exist (any more). Search may help you find what you are looking for.
error-bad-request-title = Bad request
error-bad-request-text = We cannot process this request. Please start again from the home page.
error-uri-too-long-title = Address too long
error-uri-too-long-text = The address of this page is too long to process. Go back and try a shorter search or description.
error-internal-title = Something went wrong
error-internal-text = Something went wrong on our side. Please try again in a moment.
error-home-link = Go to the home page

# "Veelgestelde vragen" on the home page and the collection pages.
faq-title = Frequently asked questions
collection-all-articles = All articles
collection-sort-label = Sort
collection-sort-title = By title
collection-sort-popular = Most read
# The machine-translation notice's link to the original.
article-mt-original = Read the English original
article-mt-original-plain = English original: { $url }
