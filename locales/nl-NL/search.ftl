# Search page, related articles and OpenSearch (nl-NL).

search-title = Zoeken
search-results-title = Zoekresultaten voor “{ $query }”
search-count =
    { $count ->
        [one] 1 resultaat
       *[other] { $count } resultaten
    }
search-tips = Tip: zet een woordgroep tussen "aanhalingstekens" en zet een - voor een woord dat niet mag voorkomen.
search-empty-query = Typ een of meer woorden om te zoeken.
search-none = Er zijn geen artikelen gevonden voor “{ $query }”.
search-recommend = Beschrijf uw probleem in uw eigen woorden en krijg aanbevolen stappen
search-did-you-mean = Bedoelde u
search-filter-label = Onderwerp
search-filter-all = Alle onderwerpen
search-sort-label = Sorteren op
search-sort-relevance = Relevantie
search-sort-date = Datum
related-heading = Gerelateerde artikelen
opensearch-description = Zoek in de help-artikelen van Helpportal
search-relaxed = Minder precieze resultaten staan onder de rest; daarin ontbreekt soms: { $words }.
search-not-all-words = niet alle woorden
search-also-in = ook in:
search-by-meaning = gevonden op betekenis
