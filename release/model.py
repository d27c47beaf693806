"""Which Rasa model a file is: its model_id and training time, read from the archive's metadata.json.

Rasa 3.6 writes `metadata.json` into every model archive (`LocalModelStorage`); its `model_id` (a uuid4 hex
made at training) is what Rasa stamps on the events of a conversation and shows at `GET /status`, so it is the
model version everywhere: aanmeldingen, gate report, algoritmeregister.
"""
from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict

METADATA = "metadata.json"


class ModelFileError(ValueError):
    """Not a Rasa model archive, or one without a model_id."""


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    model_id: str
    trained_at: str
    training_type: str  # "BOTH" (NLU and dialogue) or "NLU"

    @property
    def file(self) -> str:
        return self.path.name

    def as_json(self) -> Dict[str, Any]:
        return {"bestand": self.file, "model_id": self.model_id, "getraind_op": self.trained_at,
                "soort": self.training_type}


def model_info(path: Path) -> ModelInfo:
    """The model_id, training time and type of a model archive (a symlink such as models/current.tar.gz is
    followed: the info names the file it points to)."""
    real = Path(path).resolve()
    try:
        with tarfile.open(real, "r:gz") as archive:
            member = next((m for m in archive.getmembers() if m.name.lstrip("./") == METADATA), None)
            raw = archive.extractfile(member) if member is not None else None
            data = json.loads(raw.read()) if raw is not None else None
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a Rasa model archive ({exc})") from exc
    if not isinstance(data, dict) or not data.get("model_id"):
        raise ModelFileError(f"{path}: no model_id in {METADATA}")
    training_type = str(data.get("training_type") or "")
    return ModelInfo(real, str(data["model_id"]), str(data.get("trained_at") or ""),
                     {"1": "NLU", "2": "CORE", "3": "BOTH", "4": "END_TO_END"}.get(training_type, training_type))
