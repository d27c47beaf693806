"""Resolve a postcode or place name to a kern of Berkelland and its frontteam."""
from __future__ import annotations

import difflib
import re
from typing import Dict, Optional, Tuple

from .model import Buurgemeente, Catalog, KernResult
from .text import normalise

__all__ = ["resolve_kern", "frontteam_voor", "zonder_werkplek", "als_woonplaats"]

_POSTCODE = re.compile(r"(?<!\d)([1-9]\d{3})(?:\s?([A-Za-z]{2}))?(?![\dA-Za-z])")
_NON_KERN_WORDS = frozenset({"ik", "woon", "in", "te", "de", "het", "een", "uit", "bij", "gemeente", "dorp", "kern", "postcode", "en", "van", "buurt", "omgeving", "wonen", "we"})
# Two-letter words that follow four digits in a sentence and are no postcode letters: "sinds 2019 in Neede"
_WORDS_NOT_LETTERS = frozenset({"in", "op", "te", "en", "of", "is", "al", "nu", "ik", "ze", "we", "je", "na", "om", "er", "ja"})
# Words after which a place name stands: "in", "bij", "buurt van" …
_BEFORE_A_PLACE = frozenset({"in", "bij", "te", "uit", "van", "buurt", "omgeving", "rond", "richting", "nabij", "vlakbij", "woon", "wonen"})


def _names(catalog: Catalog) -> Dict[str, str]:
    """normalised name or synonym -> kern."""
    names: Dict[str, str] = {}
    for kern in catalog.kernen.values():
        names[normalise(kern.naam)] = kern.naam
        for syn in kern.synoniemen:
            names.setdefault(normalise(syn), kern.naam)
    return names


def _found(catalog: Catalog, naam: str, postcode: Optional[str]) -> KernResult:
    kern = catalog.kernen[naam]
    return KernResult(kern=naam, in_berkelland=True, postcode=postcode, message=f"U woont in {naam}.", frontteam=kern.frontteam)


def _buurplaats_in_text(catalog: Catalog, text: str, kern: Optional[str]) -> Optional[Tuple[Buurgemeente, str]]:
    """A place of a buurgemeente named in the text (exact words, no close spellings: "Laren" is no typo), when it
    is named before the kern, if any: "Buurse, vlak bij Rietmolen" is Buurse; "Neede, bij Haaksbergen" is Neede."""
    padded = f" {normalise(text)} "
    # speech-to-text splits a compound name ("haaks bergen", "win ters wijk"): two or three words said as one
    woorden = padded.split()
    gesplitst = {"".join(woorden[i:i + n]): padded.find(f" {' '.join(woorden[i:i + n])} ")
                 for n in (2, 3) for i in range(len(woorden) - n + 1)}
    eerste: Optional[Tuple[int, Buurgemeente, str]] = None
    for gemeente in catalog.buurgemeenten:
        for plaats in gemeente.plaatsen:
            naam = normalise(plaats)
            at = padded.find(f" {naam} ")
            if at < 0 and " " not in naam and len(naam) >= 8:
                at = gesplitst.get(naam, -1)
            if at >= 0 and (eerste is None or at < eerste[0]):
                eerste = (at, gemeente, plaats)
    if eerste is None:
        return None
    if kern is not None:
        k = catalog.kernen[kern]
        posities = [padded.find(f" {normalise(n)} ") for n in (k.naam, *k.synoniemen)]
        posities = [p for p in posities if p >= 0]
        if posities and min(posities) < eerste[0]:
            return None
    return eerste[1], eerste[2]


def _kern_in_text(catalog: Catalog, text: str) -> Optional[str]:
    """The kern a sentence names: 'bij Neede', 'ik woon in eibergen', 'Rietmolen bij Neede' (the first one named),
    spoken variants from kernen.yml ('ik woon in nee de'), or a close spelling where a place stands ('in Borclo')."""
    names = _names(catalog)
    norm = normalise(text)
    if norm in names:
        return names[norm]
    all_words = norm.split()
    words = [w for w in all_words if w not in _NON_KERN_WORDS]
    # two-word names/synonyms first ("riet molen"), then single words
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if chunk in names:
                return names[chunk]
    def na_een_plaatswoord(i: int) -> bool:  # "in", "bij", "buurt van" … before word i
        return i > 0 and all_words[i - 1] in _BEFORE_A_PLACE

    # spoken variants that hold a common word ("nee de", "bel trum"): only where a place stands, never "nee" alone
    # and never "nee, de buurvrouw helpt"
    for i in range(len(all_words) - 1):
        chunk = " ".join(all_words[i : i + 2])
        if chunk in names and (i + 2 == len(all_words) or na_een_plaatswoord(i)):
            return names[chunk]
    # speech-to-text splits a name into two or three words ("gees te ren", "eiber gen"): joined, where a place
    # stands (the whole answer, or after "in", "bij" …), and only into a name of at least six letters
    for size in (3, 2):
        for i in range(len(all_words) - size + 1):
            joined = "".join(all_words[i : i + size])
            if len(joined) >= 6 and joined in names and (len(all_words) == size or na_een_plaatswoord(i)):
                return names[joined]
    # close spellings only for a word that stands alone or after "in", "bij" …: "gisteren" in a story is no Geesteren
    for i, word in enumerate(all_words):
        if len(word) < 4 or word in _NON_KERN_WORDS:
            continue
        if len(words) > 1 and not na_een_plaatswoord(i):
            continue
        close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.8)
        if close:
            return names[close[0]]
    return None


def _postcode(text: str) -> Optional[re.Match]:
    """A postcode, not four digits of a phone number ('06 1234 5678') or a longer number."""
    for m in _POSTCODE.finditer(text):
        before, after = text[: m.start()], text[m.end() :]
        if re.search(r"\d[\s.-]?$", before) or re.match(r"^[\s.-]?\d", after):
            continue
        if m.group(2) and m.group(2).lower() in _WORDS_NOT_LETTERS and not re.search(r"\d[A-Za-z]", m.group(0)):
            return _POSTCODE.match(m.group(1))  # "sinds 2019 in Neede": the digits only, "in" is a word
        return m
    return None


# Where someone works is not where they live: "ik werk in Ruurlo", "ik werkte bij de kassen in Neede", "hij is
# werkzaam in Borculo". Not when they live there too ("ik woon en werk in Neede").
_WERKPLEK = re.compile(
    r"(?<!woon en )(?<!woont en )(?<!wonen en )\b(?:werk|werkt|werkte|werkten|werken|werkzaam|stage|school)"
    r"(?: (?!in\b|te\b)\w+){0,4} (?:in|te) \w+(?: \w+)?(?= |$)"
    # a place named for what is there, not for who lives there: "ik heb gehoord dat er in Borculo zo'n goede
    # dagbesteding is", "de dorpskamer in Neede"
    r"|\b(?:er|daar) in \w+(?= )|\bin \w+ (?:zo n|zon|een|de|het) (?:\w+ ){0,2}(?:dagbesteding|activiteit\w*"
    r"|dorpskamer|inloop\w*|ziekenhuis|zwembad|bibliotheek|kerk|markt|supermarkt)\b"
    r"|\b(?:dagbesteding|dorpskamer|inloop\w*|ziekenhuis|zwembad|bibliotheek|huisartsenpraktijk|praktijk)"
    r" (?:in|te) \w+(?= |$)")


def zonder_werkplek(text: str) -> str:
    """The sentence without the place where someone works or goes to school (kept when it is the whole answer)."""
    norm = normalise(text or "")
    zonder = _WERKPLEK.sub(" ", norm).strip()
    return zonder if zonder != norm else (text or "")


def als_woonplaats(text: str, plaats: str) -> bool:
    """Whether `plaats` (an NLU entity, a word of `text`) still stands in the sentence once the place where someone
    works, or that is named for what is there, is left out: "ik werk in Ruurlo" names no home."""
    return normalise(plaats) in normalise(zonder_werkplek(text))


def kern_in_tekst(catalog: Catalog, text: str) -> Optional[str]:
    """The Berkelland kern a sentence names (the first), None when it names none; not where someone works."""
    return _kern_in_text(catalog, zonder_werkplek(text or ""))


def resolve_kern(catalog: Catalog, postcode_or_name: str) -> KernResult:
    """Kern for '7271 AB', '7271AB', '7271', 'neede', 'Eiberge' (typos), a sentence ('ik woon bij Neede', 'in de
    buurt van Borculo'), a spoken variant ('nee de'), or a kind message when not found."""
    text = zonder_werkplek((postcode_or_name or "").strip())
    onbekend = catalog.gemeente["onbekend"]
    if not text:
        return KernResult(kern=None, in_berkelland=False, postcode=None, message=onbekend)
    m = _postcode(text)
    if m:
        nummer = int(m.group(1))
        postcode = m.group(1) + (" " + m.group(2).upper() if m.group(2) else "")
        kern = catalog.kern_voor_postcode(nummer)
        if kern is not None:
            return _found(catalog, kern.naam, postcode)
    naam = _kern_in_text(catalog, text)
    buur = _buurplaats_in_text(catalog, text, naam)
    if buur is not None and m is None:  # "Haaksbergen", "ik woon in Buurse, vlak bij Neede"
        gemeente, plaats = buur
        message = catalog.gemeente["buurgemeente_plaats"].format(
            plaats=plaats, gemeente=gemeente.naam, telefoon=gemeente.telefoon, website=gemeente.website)
        return KernResult(kern=None, in_berkelland=False, postcode=None, message=message, gemeente=gemeente.naam)
    if naam is not None and (m is None or not m.group(2)):
        return _found(catalog, naam, None)  # four digits outside Berkelland next to a kern: a year or house number
    if m:
        buur = catalog.buurgemeente_voor_postcode(nummer)
        if buur is not None:
            message = catalog.gemeente["buurgemeente"].format(
                postcode=postcode, gemeente=buur.naam, telefoon=buur.telefoon, website=buur.website
            )
            return KernResult(kern=None, in_berkelland=False, postcode=postcode, message=message, gemeente=buur.naam)
        message = catalog.gemeente["buiten_berkelland"].format(postcode=postcode)
        return KernResult(kern=None, in_berkelland=False, postcode=postcode, message=message)
    return KernResult(kern=None, in_berkelland=False, postcode=None, message=onbekend)


def frontteam_voor(catalog: Catalog, kern: Optional[str]) -> Optional[str]:
    """The frontteam of a kern (exact name), or None."""
    if kern and kern in catalog.kernen:
        return catalog.kernen[kern].frontteam
    return None
