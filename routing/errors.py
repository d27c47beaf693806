"""The one error type of routing/: a configuration (YAML data) problem."""
from __future__ import annotations

from typing import Optional


class RoutingConfigError(ValueError):
    """Invalid routing data. Names the file, the entry and the key so a functioneel beheerder can fix it."""

    def __init__(self, file: str, entry: Optional[str], key: Optional[str], message: str) -> None:
        self.file = file
        self.entry = entry
        self.key = key
        self.message = message
        where = file
        if entry:
            where += f", entry '{entry}'"
        if key:
            where += f", key '{key}'"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # keep picklable (multiprocessing, Rasa component caching)
        return (self.__class__, (self.file, self.entry, self.key, self.message))
