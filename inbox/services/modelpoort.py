"""The latest model gate report (`make gate` writes reports/gate.json), read for the beheerder's page.

Read-only: the inbox never runs the gate. Release.gate owns the report's shape; this checks what the page needs.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

BESLUITEN = ("doorgelaten", "geweigerd")


@dataclass(frozen=True)
class Rapport:
    """The report as written, or why there is none to show (`ontbreekt`, `onleesbaar`)."""
    data: dict[str, Any] | None
    probleem: str | None = None


def laatste(path: Path) -> Rapport:
    """The report at `path`; a missing or unreadable file is a state to show, not an error page."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Rapport(None, "ontbreekt")
    except (OSError, ValueError) as exc:
        logger.warning("gate report %s unreadable: %s", path, exc)
        return Rapport(None, "onleesbaar")
    wanted = {"gemaakt_op", "besluit", "live", "kandidaat", "controles", "cijfers"}
    if not isinstance(data, dict) or not wanted <= set(data) or data["besluit"] not in BESLUITEN:
        logger.warning("gate report %s lacks %s", path, sorted(wanted - set(data or {})))
        return Rapport(None, "onleesbaar")
    return Rapport(data)
