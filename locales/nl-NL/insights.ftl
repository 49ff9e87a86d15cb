# Feedback on articles and recommended steps, and the support-staff pages.

feedback-question-article = Heeft dit artikel u geholpen?
feedback-question-recommend = Heeft dit uw probleem opgelost?
feedback-yes = Ja
feedback-no = Nee
feedback-thanks = Bedankt voor uw feedback.
feedback-comment-label = Wat kunnen we verbeteren? (optioneel, laat geen persoonlijke gegevens achter)
feedback-comment-send = Opmerking versturen
feedback-comment-thanks = Bedankt, we hebben uw opmerking ontvangen.
feedback-unsaved = Het spijt ons: uw feedback kon op dit moment niet worden opgeslagen. Probeert u het later nog eens?
feedback-busy = Over dit artikel is de afgelopen minuten al veel feedback gegeven. Uw antwoord is niet opgeslagen; probeert u het later nog eens.
feedback-comment-unknown = Uw opmerking is niet opgeslagen: de feedback waar deze bij hoort, is niet gevonden.
feedback-comment-twice = Uw opmerking is niet opgeslagen: bij deze feedback is al een opmerking ontvangen.

error-forbidden-title = Formulier niet geaccepteerd
error-forbidden-text = Dit formulier is verlopen of kwam niet van deze site. Ga terug, vernieuw de pagina en probeer het opnieuw.
error-unavailable-title = Tijdelijk niet beschikbaar
error-unavailable-text = Dit overzicht is op dit moment niet beschikbaar. Probeer het over een ogenblik opnieuw.

staff-title = Inzichten voor ondersteuning
staff-intro = Welke artikelen klanten niet helpen en wat klanten tevergeefs zoeken.
staff-nav-label = Inzichten
staff-logout = Afmelden ({ $account })
staff-logout-everywhere = Overal afmelden
staff-login-title = Aanmelden voor medewerkers
staff-login-account = Account
staff-login-password = Wachtwoord
staff-login-button = Aanmelden
staff-login-failed = Account of wachtwoord onjuist.
staff-login-locked =
    Te veel mislukte pogingen. Dit account is { $count ->
        [one] één minuut
       *[other] { $count } minuten
    } geblokkeerd; probeer het daarna opnieuw.
staff-login-not-configured = Aanmelden is niet ingesteld: er zijn geen medewerkersaccounts geconfigureerd. Voeg een account toe onder [staff.accounts] in de configuratie (maak de hash met helpportal hash-password).
staff-queries-title = Meest gezocht
staff-queries-intro = De zoekopdrachten die het vaakst zijn gedaan, met het eerste resultaat en hoe vaak een resultaat werd geopend.
staff-gaps-title = Zoekopdrachten zonder resultaten
staff-gaps-intro = Wat klanten zochten en niet vonden: onderwerpen waar een artikel ontbreekt.
staff-descriptions-title = Beschrijvingen zonder zekere oplossing
staff-descriptions-intro = Probleembeschrijvingen waarvoor geen artikel met zekerheid als oplossing kon worden getoond.
staff-unhelpful-title = Artikelen met de meeste Nee
staff-unhelpful-intro = Artikelen waarvan klanten zeiden dat ze niet hielpen, en hun opmerkingen.
staff-unhelpful-totals = Per artikel
staff-unhelpful-latest = Laatste reacties met Nee
staff-links-title = Onopgeloste links
staff-links-intro = Links in artikelen die naar geen geladen artikel leiden (zoals helpportal check ze meldt).
staff-table-caption = Overzicht
staff-empty = Nog niets te melden.
staff-column-query = Zoekopdracht
staff-column-description = Beschrijving
staff-column-count = Aantal
staff-column-results = Resultaten
staff-column-first-result = Eerste resultaat
staff-column-opened = Geopend
staff-column-article = Artikel
staff-column-no = Nee
staff-column-yes = Ja
staff-column-when = Wanneer
staff-column-where = Waar
staff-column-comment = Opmerking
staff-column-file = Bestand
staff-column-link = Link
staff-where-article = Artikelpagina
staff-where-recommend = Aanbevolen stappen
