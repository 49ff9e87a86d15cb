# Cross-links, backlinks, short links and the plain-text rendition (nl-NL).

backlinks-title = Artikelen die hiernaar verwijzen
backlinks-more =
    { $count ->
        [one] en nog één artikel
       *[other] en nog { $count } artikelen
    }
go-choices-title = Kies een artikel
go-choices-text = Meerdere artikelen horen bij de verwijzing "{ $id }". Kies het artikel dat u zoekt.
copy-section-link = Link naar deze sectie kopiëren
copy-section-link-done = Link gekopieerd
article-plain-text = Tekstversie voor e-mail
