"""Request bodies of the API: pydantic models built from the taxonomy, Dutch field errors, OpenAPI schemas."""
from __future__ import annotations

import copy
import datetime as dt
import functools
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

import routing
from inbox import vocab
from inbox.errors import Ongeldig
from inbox.models import GESPREK_UITKOMSTEN, PARTNER_SOORTEN, TEVREDENHEID_SCORES, TEVREDENHEID_UITKOMSTEN

SAMENVATTING_MAX = 10_000
TEKST_MAX = 10_000
TRANSCRIPT_MAX = 500
E164 = r"^\+[1-9][0-9]{6,14}$"
EMAIL = rf"^{routing.EMAIL_ADRES}$"  # routing's one e-mail pattern
MODEL_VERSIE = r"^[A-Za-z0-9._-]+$"  # Rasa's model_id (32 hex digits) or a model file's name: no free text
MODEL_VERSIE_MAX = 64


def _lit(values: tuple[str, ...]) -> Any:
    return Literal[values]  # type: ignore[valid-type]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


Kort = Annotated[str, Field(max_length=200)]


class Contact(_Body):
    naam: Annotated[str, Field(min_length=1, max_length=200)]
    telefoon: Optional[Annotated[str, Field(pattern=E164, max_length=16)]] = None
    email: Optional[Annotated[str, Field(pattern=EMAIL, max_length=254)]] = None
    voorkeur: Optional[Kort] = None

    @model_validator(mode="after")
    def _bereikbaar(self) -> "Contact":
        if not self.telefoon and not self.email:
            raise ValueError("Geef een telefoonnummer of e-mailadres op, anders kan team toegang niet terugbellen.")
        return self


class Toestemming(_Body):
    gegeven: bool
    tekstversie: Annotated[str, Field(min_length=1, max_length=50)]
    tijdstip: dt.datetime


class Professional(_Body):
    organisatie: Optional[Kort] = None
    functie: Optional[Kort] = None
    telefoon: Optional[Annotated[str, Field(pattern=E164, max_length=16)]] = None
    email: Optional[Annotated[str, Field(pattern=EMAIL, max_length=254)]] = None


class Partner(_Body):
    soort: _lit(PARTNER_SOORTEN)
    inwoner_akkoord: bool = False
    terugkoppeling_gewenst: bool = False


class Regel(_Body):
    van: Literal["inwoner", "assistent", "medewerker"]
    tekst: Annotated[str, Field(max_length=TEKST_MAX)]
    tijd: Optional[Annotated[str, Field(max_length=40)]] = None


@functools.cache
def models() -> tuple[type[BaseModel], type[BaseModel]]:
    """(AanmeldingIn, UitkomstIn), with enums from the taxonomy."""
    c = vocab.codes()
    Onderwerpen = Annotated[list[_lit(c.onderwerpen)], Field(min_length=1, max_length=5)]
    Lijst = Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=30)]
    aanmelding = create_model(
        "AanmeldingIn",
        __base__=_Body,
        kanaal=(_lit(c.kanalen), ...),
        melder=(_lit(c.melders), ...),
        onderwerpen=(Onderwerpen, ...),
        wet=(_lit(c.wetten), ...),
        urgentie=(_lit(c.urgenties), ...),
        team_advies=(_lit(c.teams), ...),
        kern=(Optional[_lit(c.kernen)], None),
        samenvatting=(Annotated[str, Field(min_length=1, max_length=SAMENVATTING_MAX)], ...),
        redenen=(Lijst, []),
        contact=(Contact, ...),
        toestemming=(Toestemming, ...),
        professional=(Optional[Professional], None),
        partner=(Optional[Partner], None),
        voorzieningen_aangeboden=(Lijst, []),
        onderwerp_gok=(Annotated[list[_lit(c.onderwerpen)], Field(max_length=5)], []),
        onderwerp_correctie=(Annotated[list[_lit(c.onderwerpen)], Field(max_length=5)], []),
        model_versie=(Optional[Annotated[str, Field(
            min_length=1, max_length=MODEL_VERSIE_MAX, pattern=MODEL_VERSIE,
            description="Het Rasa-model dat de aanmelding labelde: de model_id die Rasa op de gebeurtenissen "
                        "van het gesprek zet.")]], None),
        conversation_id=(Optional[Annotated[str, Field(min_length=1, max_length=200)]], None),
        transcript=(Annotated[list[Regel], Field(max_length=TRANSCRIPT_MAX)], []),
    )
    uitkomst = create_model(
        "UitkomstIn",
        __base__=_Body,
        conversation_id=(Annotated[str, Field(min_length=1, max_length=200)], ...),
        uitkomst=(_lit(GESPREK_UITKOMSTEN), ...),
        kanaal=(Optional[_lit(c.kanalen)], None),
        melder=(Optional[_lit(c.melders)], None),
        onderwerpen=(Annotated[list[_lit(c.onderwerpen)], Field(max_length=5)], []),
        wet=(Optional[_lit(c.wetten)], None),
        urgentie=(Optional[_lit(c.urgenties)], None),
        kern=(Optional[_lit(c.kernen)], None),
        voorzieningen_aangeboden=(Lijst, []),
    )
    return aanmelding, uitkomst


_MESSAGES = {
    "missing": "Dit veld is verplicht.",
    "string_type": "Moet tekst zijn.",
    "string_too_short": "Mag niet leeg zijn.",
    "bool_type": "Moet true of false zijn.",
    "bool_parsing": "Moet true of false zijn.",
    "list_type": "Moet een lijst zijn.",
    "model_type": "Moet een object zijn.",
    "dict_type": "Moet een object zijn.",
    "model_attributes_type": "Moet een object zijn.",
    "datetime_type": "Moet een datum en tijd zijn (ISO 8601).",
    "datetime_parsing": "Moet een datum en tijd zijn (ISO 8601).",
    "datetime_from_date_parsing": "Moet een datum en tijd zijn (ISO 8601).",
}


def _message(err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace(" or ", " of ")
        return f"Onbekende code {err.get('input')!r}. Toegestaan: {allowed}."
    if kind == "string_too_long":
        return f"Te lang: maximaal {ctx.get('max_length')} tekens."
    if kind == "too_long":
        return f"Te veel items: maximaal {ctx.get('max_length')}."
    if kind == "too_short":
        return f"Te weinig items: minimaal {ctx.get('min_length')}."
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == E164:
            return "Telefoonnummer in internationaal formaat (E.164), bijvoorbeeld +31612345678."
        return "Ongeldig e-mailadres." if ctx.get("pattern") == EMAIL else "Ongeldig formaat."
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    return _MESSAGES.get(kind, "Ongeldige waarde.")


def velden(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as {"contact.telefoon": "Dutch message"}; the first error per field wins."""
    result: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not str(p).startswith(("literal[", "nullable[", "constrained-str"))]
        key = ".".join(loc) or "body"
        result.setdefault(key, _message(err))
    return result


def parse(model: type[BaseModel], body: Any) -> BaseModel:
    """Validate a decoded JSON body or raise Ongeldig with Dutch field messages."""
    if not isinstance(body, dict):
        raise Ongeldig("De body moet een JSON-object zijn.", {"body": "Verwacht een JSON-object."})
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise Ongeldig("De aanvraag bevat ongeldige velden.", velden(exc)) from None


def openapi_schema(model: type[BaseModel]) -> dict:
    """The model's JSON schema made self-contained for OpenAPI 3.0 ($defs inlined, nullable instead of null)."""
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return fix(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]]))
            if "anyOf" in node:
                options = [o for o in node["anyOf"] if o != {"type": "null"}]
                if len(options) < len(node["anyOf"]):
                    rest = {k: v for k, v in node.items() if k != "anyOf"}
                    inner = fix(options[0]) if len(options) == 1 else {"anyOf": [fix(o) for o in options]}
                    return {**inner, **{k: fix(v) for k, v in rest.items()}, "nullable": True}
            if "const" in node:
                node = {**{k: v for k, v in node.items() if k != "const"}, "enum": [node["const"]]}
            return {k: fix(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix(raw)


OPMERKING_MAX = 1000  # the web widget's comment; longer is not a short comment


@functools.cache
def tevredenheid_model() -> type[BaseModel]:
    """TevredenheidIn: a score (and later, with the same sleutel, an optional comment); codes only otherwise."""
    c = vocab.codes()
    return create_model(
        "TevredenheidIn",
        __base__=_Body,
        sleutel=(Annotated[str, Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")], ...),
        score=(_lit(TEVREDENHEID_SCORES), ...),
        uitkomst=(_lit(TEVREDENHEID_UITKOMSTEN), ...),
        kanaal=(_lit(c.kanalen), ...),
        onderwerp=(Optional[_lit(c.onderwerpen)], None),
        opmerking=(Optional[Annotated[str, Field(max_length=OPMERKING_MAX)]], None),
    )
