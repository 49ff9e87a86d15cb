# Cross-links, backlinks, short links and the plain-text rendition (en-US).

backlinks-title = Articles that link here
backlinks-more =
    { $count ->
        [one] and one more article
       *[other] and { $count } more articles
    }
go-choices-title = Choose an article
go-choices-text = Several articles belong to the reference "{ $id }". Choose the one you are looking for.
copy-section-link = Copy link to this section
copy-section-link-done = Link copied
article-plain-text = Plain text for email
