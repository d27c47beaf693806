"""Dutch (B1, "u") replies the channels give themselves, before Rasa sees a message."""

TE_LANG = (
    "Uw bericht is te lang (meer dan {max} tekens). Wilt u het korter opschrijven? "
    "U kunt het ook in twee of drie berichten sturen."
)
LEEG = "Ik heb geen tekst ontvangen. Typ uw vraag in het tekstvak en druk op Versturen."
ONGELDIG = "Dit bericht kon ik niet lezen. Typ uw vraag in gewone tekst."
TE_VEEL_BERICHTEN = (
    "U stuurt veel berichten kort na elkaar. Wacht een minuut en probeer het dan opnieuw. "
    "Liever iemand spreken? Bel 14 0545."
)
TE_VEEL_GESPREKKEN = (
    "Er worden vanaf uw verbinding veel gesprekken tegelijk gestart. Probeer het over een minuut opnieuw, "
    "of bel 14 0545."
)
GEEN_GESPREK = "Uw gesprek is nog niet gestart. Laad de pagina opnieuw."
STORING = (
    "Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw, of bel 14 0545. "
    "Bij gevaar: bel 112."
)
