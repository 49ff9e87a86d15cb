# Search page, related articles and OpenSearch (en-US).

search-title = Search
search-results-title = Search results for “{ $query }”
search-count =
    { $count ->
        [one] 1 result
       *[other] { $count } results
    }
search-tips = Tip: put a phrase in "quotes" and put a - before a word that must not appear.
search-empty-query = Type one or more words to search.
search-none = No articles were found for “{ $query }”.
search-recommend = Describe your problem in your own words and get recommended steps
search-did-you-mean = Did you mean
search-filter-label = Topic
search-filter-all = All topics
search-sort-label = Sort by
search-sort-relevance = Relevance
search-sort-date = Date
related-heading = Related articles
opensearch-description = Search the Helpportal help articles
search-relaxed = Less precise results follow the others; some of them lack: { $words }.
search-not-all-words = not every word
search-also-in = also in:
search-by-meaning = found by meaning
