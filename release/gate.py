"""The gate's decision: may a candidate model replace the live one? Pure: scores in, decision out.

The rules live in release/gate.yml and are validated in full when loaded (one `GateConfigError` naming the entry
and key). `decide` compares the two models' scores per set; `scripts/gate.py` measures them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

import yaml

RULES_FILE = Path(__file__).resolve().parent / "gate.yml"
SOORTEN = ("onderwerp_accuracy", "spoed_behouden", "spoed_precisie")
WITH_MAX = ("onderwerp_accuracy", "spoed_precisie")


class GateConfigError(ValueError):
    """release/gate.yml is invalid: names the rule (by position) and the key."""

    def __init__(self, entry: str, key: Optional[str], message: str) -> None:
        self.entry, self.key = entry, key
        super().__init__(f"{RULES_FILE.name}: {entry}{f', {key}' if key else ''}: {message}")


class GateError(ValueError):
    """The scores cannot be compared (a set measured for one model only)."""


@dataclass(frozen=True)
class Rule:
    soort: str
    sets: Tuple[str, ...]
    max_daling_punten: float = 0.0


@dataclass(frozen=True)
class SetScores:
    """One model on one set. `accuracy` None: the set has no onderwerp gold (the safety set)."""
    n: int
    spoed_caught: FrozenSet[str] = frozenset()  # ids of danger lines called spoed
    spoed_missed: FrozenSet[str] = frozenset()  # ids of danger lines not called spoed
    false_spoed: FrozenSet[str] = frozenset()  # ids of other lines called spoed
    accuracy: Optional[float] = None

    @property
    def spoed_precision(self) -> Optional[float]:
        called = len(self.spoed_caught) + len(self.false_spoed)
        return len(self.spoed_caught) / called if called else None


@dataclass(frozen=True)
class Check:
    """One rule on one set: the two figures, the limit, and the lines that made it fail."""
    soort: str
    set: str
    live: Optional[float]
    kandidaat: Optional[float]
    passed: bool
    limit: float = 0.0
    lines: Tuple[str, ...] = ()
    measured: bool = True

    def as_json(self) -> Dict[str, Any]:
        return {"soort": self.soort, "set": self.set, "live": self.live, "kandidaat": self.kandidaat,
                "geslaagd": self.passed, "grens_punten": self.limit, "berichten": list(self.lines),
                "gemeten": self.measured}


@dataclass(frozen=True)
class Decision:
    checks: Tuple[Check, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> Tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)


def load_rules(path: Path = RULES_FILE) -> Tuple[Rule, ...]:
    """The rules from YAML, validated in full."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_rules(data)


def parse_rules(data: Any) -> Tuple[Rule, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("regels"), list) or not data["regels"]:
        raise GateConfigError("top", "regels", "expected a non-empty list of rules")
    rules = []
    for i, raw in enumerate(data["regels"], start=1):
        entry = f"rule {i}"
        if not isinstance(raw, dict):
            raise GateConfigError(entry, None, "expected a mapping")
        unknown = set(raw) - {"soort", "sets", "max_daling_punten"}
        if unknown:
            raise GateConfigError(entry, sorted(unknown)[0], "unknown key")
        soort = raw.get("soort")
        if soort not in SOORTEN:
            raise GateConfigError(entry, "soort", f"expected one of {', '.join(SOORTEN)}, got {soort!r}")
        sets = raw.get("sets")
        if not isinstance(sets, list) or not sets or not all(isinstance(s, str) and s for s in sets):
            raise GateConfigError(entry, "sets", "expected a non-empty list of set names")
        limit = raw.get("max_daling_punten")
        if soort in WITH_MAX:
            if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 0:
                raise GateConfigError(entry, "max_daling_punten", "expected a number of points >= 0")
        elif limit is not None:
            raise GateConfigError(entry, "max_daling_punten", f"{soort} allows no drop at all; remove this key")
        rules.append(Rule(soort, tuple(sets), float(limit or 0.0)))
    return tuple(rules)


def _drop_points(live: float, kandidaat: float) -> float:
    return round(100.0 * (live - kandidaat), 6)  # rounded: 0.5 points stays 0.5, not 0.5000000001


def _check(rule: Rule, name: str, live: SetScores, kandidaat: SetScores) -> Check:
    if rule.soort == "onderwerp_accuracy":
        if live.accuracy is None or kandidaat.accuracy is None:
            raise GateError(f"{name}: no onderwerp accuracy for {rule.soort}")
        passed = _drop_points(live.accuracy, kandidaat.accuracy) <= rule.max_daling_punten
        return Check(rule.soort, name, live.accuracy, kandidaat.accuracy, passed, rule.max_daling_punten)
    if rule.soort == "spoed_behouden":
        lost = tuple(sorted(live.spoed_caught - kandidaat.spoed_caught))
        return Check(rule.soort, name, float(len(live.spoed_caught)), float(len(kandidaat.spoed_caught)),
                     not lost, lines=lost)
    p_live, p_kand = live.spoed_precision, kandidaat.spoed_precision
    if p_live is None:  # the live model calls nothing spoed here: no precision to keep
        return Check(rule.soort, name, None, p_kand, True, rule.max_daling_punten)
    passed = p_kand is not None and _drop_points(p_live, p_kand) <= rule.max_daling_punten
    new_false = tuple(sorted(kandidaat.false_spoed - live.false_spoed))
    return Check(rule.soort, name, p_live, p_kand, passed, rule.max_daling_punten, new_false)


def decide(live: Mapping[str, SetScores], kandidaat: Mapping[str, SetScores],
           rules: Tuple[Rule, ...]) -> Decision:
    """Every rule on every one of its sets. A set neither model was measured on (the independent set where it
    does not exist) is listed as not measured and does not block; a set measured for one model only is an error."""
    checks: List[Check] = []
    for rule in rules:
        for name in rule.sets:
            if name not in live and name not in kandidaat:
                checks.append(Check(rule.soort, name, None, None, True, rule.max_daling_punten, measured=False))
                continue
            if name not in live or name not in kandidaat:
                raise GateError(f"set {name} was measured for one model only")
            if live[name].n != kandidaat[name].n:
                raise GateError(f"set {name}: {live[name].n} lines for the live model, {kandidaat[name].n} for the "
                                "candidate")
            checks.append(_check(rule, name, live[name], kandidaat[name]))
    return Decision(tuple(checks))
