"""Shared OpenAPI pieces: error shape and parameters."""
from __future__ import annotations

from sanic_ext.extensions.openapi.definitions import Parameter, Response

FOUT = {"type": "object", "properties": {"fout": {"type": "string"},
                                         "velden": {"type": "object", "additionalProperties": {"type": "string"}}},
        "required": ["fout", "velden"]}


def fout(status: int, description: str) -> Response:
    return Response({"application/json": FOUT}, status=status, description=description)


def query(name: str, schema: dict, description: str = "") -> Parameter:
    return Parameter(name, schema, location="query", required=False, description=description)
