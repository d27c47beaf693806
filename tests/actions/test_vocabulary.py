"""One vocabulary: the onderwerpen, teams and kernen live in routing/data; the bot's intents and the action server and
inbox derive from routing, and no hand copy of the codes is left in their source."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

import routing
from bot.actions import constants as c

ROOT = Path(__file__).resolve().parents[2]


def _intents_in(paths) -> set[str]:
    found: set[str] = set()
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if isinstance(item, dict) and "intent" in item:
                found.add(item["intent"])
        for item in data.get("intents") or []:
            found.add(next(iter(item)) if isinstance(item, dict) else item)
    return found


def test_the_vraag_intents_in_the_training_data_equal_the_taxonomys_onderwerpen():
    catalog = routing.default_catalog()
    intents = _intents_in(sorted((ROOT / "bot" / "data" / "nlu").rglob("*.yml")))
    vraag = {i for i in intents if i.startswith(c.VRAAG_PREFIX)}
    assert vraag == {c.VRAAG_PREFIX + code for code in catalog.onderwerpen}


def test_the_vraag_intents_in_the_domain_equal_the_taxonomys_onderwerpen():
    catalog = routing.default_catalog()
    intents = _intents_in(sorted((ROOT / "bot" / "domain").glob("*.yml")))
    vraag = {i for i in intents if i.startswith(c.VRAAG_PREFIX)}
    assert vraag == {c.VRAAG_PREFIX + code for code in catalog.onderwerpen}


def test_the_action_server_takes_its_onderwerpen_from_routing():
    assert c.ONDERWERP_CODES == tuple(routing.default_catalog().onderwerpen)


def test_no_hand_copy_of_the_taxonomy_codes_is_left_in_the_action_server_or_the_inbox():
    """A list of codes typed out again (three or more onderwerp, team or kern codes as string literals in one file)
    is a copy that will drift; derive it from routing instead."""
    catalog = routing.default_catalog()
    codes = set(catalog.onderwerpen) | set(catalog.teams) | set(catalog.kernen)
    copies = {}
    for folder in ("bot/actions", "inbox"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # a migration is history: it may name the codes of its time
            literals = set(re.findall(r"[\"']([A-Za-z_]+)[\"']", path.read_text(encoding="utf-8")))
            named = literals & codes
            if len(named) >= 3:
                copies[str(path.relative_to(ROOT))] = sorted(named)
    assert copies == {}
