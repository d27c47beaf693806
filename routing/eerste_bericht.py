"""The first message of a conversation: from the NLU parse to onderwerpen, wet, urgentie and melder.

One function for every caller: the live assistant (bot/actions/vraag.py), `make predict` and `make evaluate`
(scripts/predict.py, scripts/evaluate.py). Pure: the parse is Rasa's parse dict (intent, intent_ranking,
entities, and the danger detectors' `safety`), so this runs on Python 3.10 and 3.11 without Rasa.

How the onderwerp is found (`bron` says which step decided):
  veiligheid  a danger detector fired (SafetyNet: lexicon or DangerClassifier): veiligheid, urgentie spoed;
  model       the NLU model is sure (its intent is a vraag_* intent, above the FallbackClassifier threshold);
  woorden     the model is unsure, but the text names onderwerpen by their words (routing's synoniemen): of
              those, the one the model ranks highest;
  gok         the model is unsure and no words name one: the likeliest onderwerp is a guess; the assistant
              asks with `kandidaten` as buttons, `make predict` labels the guess (with its low confidence);
  leeg        nothing to go on (empty text, or no onderwerp in the ranking at all).
Other onderwerpen (`also`): every onderwerp the model gives at least OOK_DREMPEL, and every one whose words
occur in the text (routing.triage adds those). The wet, urgentie and advised team come from routing.triage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .melder import detect_melder
from .model import Catalog, Feiten, TriageLabel
from .triage import keywords_onderwerpen, triage

__all__ = ["EersteBericht", "OOK_DREMPEL", "KANDIDAAT_DREMPEL", "MAX_ALTERNATIEVEN", "eerste_bericht", "kandidaten",
           "leeftijd_uit_tekst", "onderwerp_ranking"]

INTENT_PREFIX = "vraag_"
# Another onderwerp counts as "also" when the model gives it at least this confidence.
OOK_DREMPEL = 0.2
# In a clarifying question, onderwerpen at least this likely are offered as buttons (at most three).
KANDIDAAT_DREMPEL = 0.2
# Onderwerpen with a path of their own: never taken from keywords or offered as a guess for "also".
EIGEN_PADEN = ("veiligheid", "buiten_sociaal_domein")
ZEKER = ("veiligheid", "model", "woorden")
# A recorded first guess is confirmed with at most this many other onderwerpen as buttons ("klopt dat?").
MAX_ALTERNATIEVEN = 2


@dataclass(frozen=True)
class EersteBericht:
    onderwerpen: Tuple[str, ...]  # primary first
    wet: str
    urgentie: str
    melder: str
    confidence: float
    bron: str  # veiligheid | model | woorden | gok | leeg
    kandidaten: Tuple[str, ...] = ()
    label: Optional[TriageLabel] = None
    alternatieven: Tuple[str, ...] = ()  # the next likeliest onderwerpen, offered when confirming the guess

    @property
    def bevestigen(self) -> bool:
        """True when the assistant records the onderwerpen and asks "klopt dat?" in the same turn: never on the
        spoed path (danger goes straight to the crisis numbers), never for a guess (that is asked with buttons)."""
        return self.bron in ("model", "woorden") and self.urgentie != "spoed" and "veiligheid" not in self.onderwerpen

    @property
    def onderwerp(self) -> str:
        return self.onderwerpen[0]

    @property
    def also(self) -> Tuple[str, ...]:
        return self.onderwerpen[1:]

    @property
    def zeker(self) -> bool:
        """True when the assistant records the onderwerpen without asking."""
        return self.bron in ZEKER

    def as_json(self, line_id: Any) -> Dict[str, Any]:
        """One line of the `make predict` contract."""
        return {"id": line_id, "onderwerp": self.onderwerp, "also": list(self.also), "wet": self.wet,
                "urgentie": self.urgentie, "melder": self.melder, "confidence": round(self.confidence, 4)}


def onderwerp_ranking(catalog: Catalog, parse: Mapping[str, Any]) -> List[Tuple[str, float]]:
    """(onderwerp code, confidence) for every vraag_* intent in the parse, best first."""
    seen: Dict[str, float] = {}
    candidates = list(parse.get("intent_ranking") or [])
    if parse.get("intent"):
        candidates.insert(0, parse["intent"])
    for item in candidates:
        name = str(item.get("name") or "")
        code = name[len(INTENT_PREFIX):]
        if name.startswith(INTENT_PREFIX) and code in catalog.onderwerpen:
            seen[code] = max(seen.get(code, 0.0), float(item.get("confidence") or 0.0))
    return sorted(seen.items(), key=lambda kv: kv[1], reverse=True)


def kandidaten(catalog: Catalog, parse: Mapping[str, Any]) -> Tuple[str, ...]:
    """The onderwerpen a clarifying question offers as buttons: at most three, at least KANDIDAAT_DREMPEL likely."""
    return _knoppen(onderwerp_ranking(catalog, parse))


def _knoppen(ranking: List[Tuple[str, float]]) -> Tuple[str, ...]:
    return tuple(c for c, conf in ranking if c not in EIGEN_PADEN and conf >= KANDIDAAT_DREMPEL)[:3]


def _entity(parse: Mapping[str, Any], name: str) -> Optional[str]:
    for ent in parse.get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


# An age in a story: "van 14", "ben 81", "(23)", "14 jaar", "14-jarige". Other numbers are not ages ("2 dagen
# dagbesteding", "9 ziekmeldingen", "3 weken"), however the entity tagger labelled them.
_VOOR_LEEFTIJD = re.compile(r"(?:\b(?:van|ben|is|zijn|wordt|werd|was|age|aged|leeftijd)\s+|\()$", re.I)
_NA_LEEFTIJD = re.compile(r"^\s*(?:jaar|jr|j\b|-?jarig|years|year|\)|,\s*[A-Z])", re.I)


def leeftijd_uit_tekst(parse: Mapping[str, Any]) -> Optional[int]:
    """The age the text names (a `leeftijd` entity that stands where an age stands), else None."""
    text = str(parse.get("text") or "")
    for ent in parse.get("entities") or []:
        if ent.get("entity") != "leeftijd":
            continue
        digits = "".join(ch for ch in str(ent.get("value") or "") if ch.isdigit())
        if not digits or int(digits) > 120:
            continue
        start, end = ent.get("start"), ent.get("end")
        if isinstance(start, int) and isinstance(end, int) and text:
            if not (_VOOR_LEEFTIJD.search(text[max(0, start - 12):start]) or _NA_LEEFTIJD.search(text[end:end + 12])):
                continue
        return int(digits)
    return None


def eerste_bericht(catalog: Catalog, text: str, parse: Optional[Mapping[str, Any]],
                   melder: Optional[str] = None) -> EersteBericht:
    """Onderwerpen, wet, urgentie and melder of a first message, from its text and NLU parse.

    `melder` is the one the person chose (button, phone menu); None = detect it from the words.
    """
    if not (text or "").strip() or parse is None:
        return EersteBericht(("buiten_sociaal_domein",), "overig", "normaal", melder or "inwoner", 0.0, "leeg")
    ranking = onderwerp_ranking(catalog, parse)
    scores = dict(ranking)
    safety = parse.get("safety") or None
    intent = str((parse.get("intent") or {}).get("name") or "")
    code = intent[len(INTENT_PREFIX):] if intent.startswith(INTENT_PREFIX) else ""
    guesses = [c for c, conf in ranking if c != "veiligheid"]
    knoppen = _knoppen(ranking)
    if safety:
        primary, confidence, bron = "veiligheid", 1.0, "veiligheid"
    elif code in catalog.onderwerpen:
        primary, confidence, bron = code, float((parse.get("intent") or {}).get("confidence") or 0.0), "model"
    else:
        woorden = [k for k in keywords_onderwerpen(catalog, text) if k not in EIGEN_PADEN]
        if woorden:  # of the onderwerpen the words name, the one the model finds likeliest (else the first)
            primary, bron = max(woorden, key=lambda k: (scores.get(k, 0.0), -woorden.index(k))), "woorden"
        elif guesses:
            primary, bron = guesses[0], "gok"
        else:
            return EersteBericht(("buiten_sociaal_domein",), "overig", "normaal", melder or detect_melder(text),
                                 0.0, "leeg")
        confidence = scores.get(primary, 0.0)
    also = tuple(c for c, conf in ranking if c != primary and c not in EIGEN_PADEN and conf >= OOK_DREMPEL)
    wie = melder or detect_melder(text, primary)
    label = triage(catalog, Feiten(
        onderwerpen=(primary,) + also,
        melder=wie,
        leeftijd=leeftijd_uit_tekst(parse),
        kern=_entity(parse, "kern"),
        postcode=_entity(parse, "postcode"),
        tekst=text,
        urgentie_signalen=(safety["categorie"],) if safety and safety.get("categorie") else (),
    ))
    if label.onderwerp != primary:  # triage moved another onderwerp first (danger words, age decides the law)
        confidence = 1.0 if label.onderwerp == "veiligheid" else scores.get(label.onderwerp, confidence)
        if label.onderwerp == "veiligheid":
            bron = "veiligheid"
    alternatieven = tuple(c for c in guesses if c not in label.onderwerpen and c not in EIGEN_PADEN)
    return EersteBericht(label.onderwerpen, label.wet, label.urgentie, wie, float(confidence), bron,
                         knoppen or tuple(guesses[:1]), label, alternatieven[:MAX_ALTERNATIEVEN])
