"""Promote a candidate that passed the gate, or roll back: models/current.tar.gz, then Rasa loads it live.

`models/current.tar.gz` is the live model (what Rasa loads at start); `models/previous.tar.gz` the one before it.
Both are symlinks, switched atomically (`os.replace`). A running Rasa loads the new model without a restart
through its HTTP API, `PUT /model` with the JWT; with several instances (`RASA_URLS`) one after the other, each
checked with `GET /status`, so the others keep answering meanwhile. Every switch is a line in
models/releases.jsonl.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from release import register
from release.model import ModelInfo, model_info

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
GATE_JSON = ROOT / "reports" / "gate.json"


class PromoteError(Exception):
    """Promotion or rollback refused; the message says why, in Dutch, for the functioneel beheerder."""


@dataclass(frozen=True)
class Paths:
    models: Path = MODELS

    @property
    def current(self) -> Path:
        return self.models / "current.tar.gz"

    @property
    def previous(self) -> Path:
        return self.models / "previous.tar.gz"

    @property
    def history(self) -> Path:
        return self.models / "releases.jsonl"


def check_gate(report: Dict[str, Any], kandidaat: ModelInfo, live: Optional[ModelInfo]) -> None:
    """Only a passed gate of exactly this candidate against exactly the live model promotes."""
    if report.get("besluit") != "doorgelaten":
        raise PromoteError("De laatste modelpoort heeft de kandidaat geweigerd (reports/gate.md).")
    if report["kandidaat"]["model_id"] != kandidaat.model_id:
        raise PromoteError(f"De laatste modelpoort ging over een ander model ({report['kandidaat']['bestand']}), "
                           f"niet over {kandidaat.file}. Draai eerst make gate.")
    if live is not None and report["live"]["model_id"] != live.model_id:
        raise PromoteError("Sinds de laatste modelpoort is een ander model live gegaan. Draai make gate opnieuw.")


def _link(link: Path, target: Path) -> None:
    """Point `link` at `target` (relative, in the same folder) atomically."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target.resolve(), link.parent), tmp)
    os.replace(tmp, link)


def switch(paths: Paths, target: Path) -> Optional[Path]:
    """current -> target; previous -> what current was (None: there was no live model)."""
    old = paths.current.resolve() if paths.current.exists() else None
    if old is not None:
        _link(paths.previous, old)
    _link(paths.current, target)
    return old


def jwt(secret: str, now: Optional[float] = None) -> str:
    """An HS256 JWT for Rasa's HTTP API (valid five minutes), as Rasa's --jwt-secret/--jwt-method HS256 expect."""
    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"user": {"username": "make-promote", "role": "admin"},
                              "exp": int(now or time.time()) + 300}).encode())
    signing_input = header + b"." + payload
    return (signing_input + b"." + b64(hmac.new(secret.encode(), signing_input, hashlib.sha256).digest())).decode()


def rasa_urls(env: Optional[Dict[str, str]] = None) -> List[str]:
    """RASA_URLS (comma-separated, one per instance), else the one instance at RASA_HOST:RASA_PORT."""
    env = dict(os.environ if env is None else env)
    urls = [u.strip().rstrip("/") for u in env.get("RASA_URLS", "").split(",") if u.strip()]
    return urls or [f"http://{env.get('RASA_HOST', '127.0.0.1')}:{env.get('RASA_PORT', '5005')}"]


def reload_rasa(urls: Sequence[str], secret: str, model: ModelInfo, timeout: float = 600) -> Dict[str, str]:
    """PUT /model on each running instance in turn and check it reports the new model_id. Returns per URL
    'geladen' or 'draait niet' (it loads models/current.tar.gz when it starts). Raises on a refusal."""
    import httpx

    if not secret:
        raise PromoteError("RASA_JWT_SECRET ontbreekt: zonder kan Rasa het nieuwe model niet laden.")
    result = {}
    for url in urls:
        headers = {"Authorization": f"Bearer {jwt(secret)}"}
        try:
            r = httpx.put(f"{url}/model", json={"model_file": str(model.path)}, headers=headers, timeout=timeout)
        except httpx.ConnectError:
            result[url] = "draait niet"
            continue
        except httpx.HTTPError as exc:
            raise PromoteError(f"Rasa op {url} antwoordde niet op tijd bij het laden ({type(exc).__name__}).") from exc
        if r.status_code != 204:
            raise PromoteError(f"Rasa op {url} weigerde het model te laden ({r.status_code}: {r.text[:300]}).")
        status = httpx.get(f"{url}/status", headers=headers, timeout=30).json()
        if status.get("model_id") != model.model_id:
            raise PromoteError(f"Rasa op {url} meldt model {status.get('model_id')}, verwacht {model.model_id}.")
        result[url] = "geladen"
    return result


def _log(paths: Paths, handeling: str, model: ModelInfo, vorige: Optional[Path], rasa: Dict[str, str]) -> None:
    entry = {"op": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "handeling": handeling,
             **model.as_json(), "vorige": vorige.name if vorige else None, "rasa": rasa}
    with paths.history.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _go_live(paths: Paths, target: ModelInfo, handeling: str, urls: Sequence[str], secret: str) -> Dict[str, str]:
    old = switch(paths, target.path)
    try:
        rasa = reload_rasa(urls, secret, target)
    except PromoteError:
        if old is not None:  # a running Rasa refused the model: the live link goes back to what Rasa still runs
            switch(paths, old)
        raise
    _log(paths, handeling, target, old, rasa)
    return rasa


def promote(kandidaat: Path, report: Dict[str, Any], urls: Sequence[str], secret: str,
            paths: Paths = Paths(), register_page: Optional[Path] = register.REGISTER) -> Dict[str, str]:
    """Make `kandidaat` live when the gate passed it against the live model; returns Rasa's answer per URL."""
    model = model_info(kandidaat)
    live = model_info(paths.current) if paths.current.exists() else None
    if live is not None and live.model_id == model.model_id:
        raise PromoteError(f"{model.file} is al live.")
    check_gate(report, model, live)
    rasa = _go_live(paths, model, "promote", urls, secret)
    if register_page is not None:
        register.update(register_page, report, side="kandidaat")
    return rasa


def rollback(urls: Sequence[str], secret: str, paths: Paths = Paths(), report: Optional[Dict[str, Any]] = None,
             register_page: Optional[Path] = register.REGISTER) -> tuple[ModelInfo, Dict[str, str]]:
    """Make the previous model live again (a second rollback undoes the first)."""
    if not paths.previous.exists():
        raise PromoteError("Er is geen vorig model om naar terug te gaan (models/previous.tar.gz ontbreekt).")
    model = model_info(paths.previous)
    rasa = _go_live(paths, model, "rollback", urls, secret)
    if register_page is not None:
        side = next((s for s in ("live", "kandidaat") if report and report[s]["model_id"] == model.model_id), None)
        if side is not None:  # the last gate measured this model: its figures go back into the register
            register.update(register_page, report, side=side)
        else:
            register.write(register_page, register.version_block(model.model_id, model.file,
                                                                 dt.date.today().isoformat()))
    return model, rasa
