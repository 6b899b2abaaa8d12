"""The contract: record models (models.py), the DuckDB DDL (schema.sql, views.sql) and the published JSON Schema.
Imports nothing of ours (neither events nor gazetteer); events builds on it, the gazetteer does not need it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic.json_schema import models_json_schema

from schemas.models import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    UNKNOWN_NAME,
    Actor,
    Article,
    CasualtyClaim,
    ClaimKind,
    DatePrecision,
    Event,
    Evidence,
    ImportFailure,
    ImportRun,
    ImportWarning,
    Place,
    PlaceMention,
    Qualifier,
    Record,
)

__all__ = [
    "SCHEMA_VERSION",
    "UNKNOWN_NAME",
    "Actor",
    "Article",
    "CasualtyClaim",
    "ClaimKind",
    "DatePrecision",
    "Event",
    "Evidence",
    "ImportFailure",
    "ImportRun",
    "ImportWarning",
    "Place",
    "PlaceMention",
    "Qualifier",
    "Record",
    "ddl",
    "json_schema",
]


def ddl() -> str:
    """The DuckDB DDL the store applies (idempotent: every statement is CREATE ... IF NOT EXISTS)."""
    return resources.files("schemas").joinpath("schema.sql").read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of every record type, versioned with SCHEMA_VERSION."""
    _, top = models_json_schema([(model, "serialization") for model in RECORD_TYPES],
                                title=f"conflict-events records {SCHEMA_VERSION}")
    top["$id"] = f"https://conflict-events.invalid/schema/{SCHEMA_VERSION}"
    top["version"] = SCHEMA_VERSION
    return top


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True)
