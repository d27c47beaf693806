"""Reads requirements/advisories.yml and the lock files, and says which locked versions it does not explain.

Runs offline: the list is the reviewed record (pip-audit needs an online database that these machines cannot
reach). The checks are pure functions so the tests can feed them small tables as well as the real files.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
ADVISORIES = ROOT / "requirements" / "advisories.yml"
LOCKS = {"bot": ROOT / "requirements" / "bot.lock", "app": ROOT / "requirements" / "app.lock"}
STATUSES = ("fixed", "not_reachable", "accepted_until")

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
_HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}")


class AdvisoryListError(ValueError):
    """The advisory list is malformed; the message names the entry and the key."""


@dataclass(frozen=True)
class Advisory:
    package: str
    id: str
    affected: Tuple[SpecifierSet, ...]
    fixed: Version
    status: str
    locks: Tuple[str, ...]
    reason: str
    until: Optional[dt.date]

    def affects(self, version: Version) -> bool:
        return any(spec.contains(version, prereleases=True) for spec in self.affected)


@dataclass(frozen=True)
class Pin:
    version: Version
    hashes: int


def read_lock(text: str) -> Dict[str, Pin]:
    """`name==version` lines of a uv/pip-compile lock, with the number of sha256 hashes under each."""
    pins: Dict[str, Pin] = {}
    current = None
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = Pin(Version(match.group(2)), 0)
        elif current and _HASH.match(line):
            pins[current] = Pin(pins[current].version, pins[current].hashes + 1)
        elif line and not line[0].isspace():
            current = None
    return pins


def parse_advisories(data: object) -> List[Advisory]:
    """Validates the whole list at once; raises AdvisoryListError naming the entry and key."""
    if not isinstance(data, dict) or not isinstance(data.get("advisories"), list):
        raise AdvisoryListError("advisories.yml: expected a mapping with a list under 'advisories'")
    result = []
    for number, entry in enumerate(data["advisories"], start=1):
        where = f"advisories.yml entry {number} ({entry.get('package')} {entry.get('id')})" if isinstance(
            entry, dict) else f"advisories.yml entry {number}"
        if not isinstance(entry, dict):
            raise AdvisoryListError(f"{where}: expected a mapping")
        for key in ("package", "id", "affected", "fixed", "status", "source"):
            if not entry.get(key):
                raise AdvisoryListError(f"{where}: '{key}' is missing")
        status = entry["status"]
        if status not in STATUSES:
            raise AdvisoryListError(f"{where}: status '{status}' is not one of {', '.join(STATUSES)}")
        try:
            affected = tuple(SpecifierSet(spec) for spec in entry["affected"])
            fixed = Version(str(entry["fixed"]))
        except (InvalidSpecifier, InvalidVersion, TypeError) as exc:
            raise AdvisoryListError(f"{where}: 'affected' or 'fixed' is not a valid version range: {exc}") from exc
        locks = tuple(entry.get("locks") or ())
        unknown = [name for name in locks if name not in LOCKS]
        if unknown:
            raise AdvisoryListError(f"{where}: 'locks' names unknown locks {unknown}")
        until = entry.get("accepted_until")
        if until is not None and not isinstance(until, dt.date):
            raise AdvisoryListError(f"{where}: 'accepted_until' must be a date (YYYY-MM-DD)")
        advisory = Advisory(canonicalize_name(entry["package"]), str(entry["id"]), affected, fixed, status, locks,
                            " ".join(str(entry.get("reason") or "").split()), until)
        if advisory.affects(fixed):
            raise AdvisoryListError(f"{where}: the fixed version {fixed} lies inside the affected range")
        if status != "fixed" and (not locks or not advisory.reason):
            raise AdvisoryListError(f"{where}: status {status} needs 'locks' and a 'reason'")
        if status == "accepted_until" and until is None:
            raise AdvisoryListError(f"{where}: status accepted_until needs an 'accepted_until' date")
        result.append(advisory)
    return result


def unexplained(advisories: List[Advisory], locks: Mapping[str, Mapping[str, Pin]], today: dt.date) -> List[str]:
    """One line per locked version inside an affected range that the list does not explain for that lock."""
    problems = []
    for advisory in advisories:
        for lock, pins in locks.items():
            pin = pins.get(advisory.package)
            if pin is None or not advisory.affects(pin.version):
                continue
            what = f"{lock}.lock: {advisory.package}=={pin.version} is affected by {advisory.id}"
            if advisory.status == "fixed":
                problems.append(f"{what}, listed as fixed in {advisory.fixed}: upgrade, or explain it")
            elif lock not in advisory.locks:
                problems.append(f"{what}; the reason given covers only {', '.join(advisory.locks)}")
            elif advisory.status == "accepted_until" and advisory.until <= today:
                problems.append(f"{what}; accepted until {advisory.until}, which has passed")
    return problems


def load_advisories(path: Path = ADVISORIES) -> List[Advisory]:
    return parse_advisories(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_locks() -> Dict[str, Dict[str, Pin]]:
    return {name: read_lock(path.read_text(encoding="utf-8")) for name, path in LOCKS.items()}
