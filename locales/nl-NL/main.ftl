# Interface strings for nl-NL. Keep HTML out of messages: templates escape them.

site-name = Helpportal
site-tagline = Hulp bij facturering, abonnementen en beheer
skip-link = Direct naar de inhoud
nav-home = Start
nav-language = Taal
footer-license = Artikelen: Microsoft, CC BY 4.0. Vertaling van de oorspronkelijke documentatie.
footer-contact = Hulp nodig? Neem contact op met ondersteuning.

search-label = Zoeken in de artikelen
search-placeholder = Zoek een artikel, bijvoorbeeld: creditcard geweigerd
search-button = Zoeken

describe-heading = Beschrijf uw probleem
describe-intro = Vertel in uw eigen woorden wat er misgaat. We zoeken het artikel dat het oplost.
describe-label = Wat is het probleem?
describe-placeholder = Bijvoorbeeld: mijn creditcard wordt geweigerd bij het betalen van mijn abonnement
describe-button = Oplossing zoeken

home-title = Hoe kunnen we u helpen?
home-intro =
    Zoek in { $count ->
        [one] één artikel
       *[other] { $count } artikelen
    } of beschrijf uw probleem.
home-collections = Onderwerpen
home-recent = Onlangs bijgewerkt
home-all-articles = Alle artikelen in { $name }
article-count =
    { $count ->
        [one] 1 artikel
       *[other] { $count } artikelen
    }

collection-title = { $name }
pagination-label = Paginering
pagination-previous = Vorige
pagination-next = Volgende
pagination-page = Pagina { $page } van { $pages }

breadcrumb-label = Kruimelpad
article-updated = Laatst bijgewerkt op { $date }
article-toc = In dit artikel
article-mt-notice = Dit artikel is automatisch vertaald. De tekst kan fouten bevatten.
section-link = Link naar deze sectie
external-link = externe link
callout-note = Opmerking
callout-tip = Tip
callout-important = Belangrijk
callout-warning = Waarschuwing
callout-caution = Let op

error-not-found-title = Pagina niet gevonden
error-not-found-text = Deze pagina bestaat niet (meer). Misschien vindt u wat u zoekt via de zoekfunctie.
error-bad-request-title = Ongeldige aanvraag
error-bad-request-text = Deze aanvraag kunnen we niet verwerken. Probeer het opnieuw vanaf de startpagina.
error-uri-too-long-title = Adres te lang
error-uri-too-long-text = Het adres van deze pagina is te lang om te verwerken. Ga terug en probeer het met een kortere zoekopdracht of beschrijving.
error-internal-title = Er is iets misgegaan
error-internal-text = Er ging bij ons iets mis. Probeer het over een ogenblik opnieuw.
error-home-link = Naar de startpagina

# "Veelgestelde vragen" on the home page and the collection pages.
faq-title = Veelgestelde vragen
collection-all-articles = Alle artikelen
collection-sort-label = Sorteren
collection-sort-title = Op titel
collection-sort-popular = Meest gelezen
# The machine-translation notice's link to the original.
article-mt-original = Lees het Engelse origineel
article-mt-original-plain = Engels origineel: { $url }
