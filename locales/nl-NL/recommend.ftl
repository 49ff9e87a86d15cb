# Recommended steps: /{locale}/recommend
recommend-title = Oplossing voor uw probleem
recommend-intro = Beschrijf in uw eigen woorden wat er misgaat. We zoeken het artikel dat het oplost.
recommend-found = Op basis van uw probleembeschrijving hebben we een oplossing voor u gevonden
recommend-open-article = Open het artikel: { $title }
recommend-alternatives = Andere artikelen die kunnen helpen
recommend-matched-words = Woorden uit uw beschrijving die overeenkomen:
recommend-not-found = We hebben geen artikel gevonden dat zeker bij uw probleem past.
recommend-closest = Deze artikelen komen het dichtst in de buurt:
recommend-nothing = We vonden geen artikelen die bij uw beschrijving passen. Probeer het met andere woorden.
recommend-contact = Komt u er niet uit? Neem contact op met ondersteuning en stuur de link naar deze pagina mee, dan ziet de medewerker direct uw beschrijving.
recommend-retry = Nog een keer proberen
