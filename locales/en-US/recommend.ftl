# Recommended steps: /{locale}/recommend
recommend-title = A solution for your problem
recommend-intro = Describe in your own words what goes wrong. We look for the article that solves it.
recommend-found = Based on your problem description, we found a solution for you
recommend-open-article = Open the article: { $title }
recommend-alternatives = Other articles that may help
recommend-matched-words = Words from your description that match:
recommend-not-found = We did not find an article that surely fits your problem.
recommend-closest = These articles come closest:
recommend-nothing = We found no articles that fit your description. Try other words.
recommend-contact = Still stuck? Contact support and include the link to this page, so the agent sees your description right away.
recommend-retry = Try again
