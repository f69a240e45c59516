"""The PACT v3 schema for tests, read from ``../shared/reference/pact-v3/`` beside the repository.

The schema is WBCSD's and may not be copied into the project: tests read it where it is. Absent
outside CI the tests skip with the reason; in CI (``CI=true``) its absence fails them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import FormatChecker
from openapi_schema_validator import OAS31Validator

REPO = Path(__file__).resolve().parents[2]
PACT_DIR = REPO.parent / "shared" / "reference" / "pact-v3"
OPENAPI = PACT_DIR / "openapi.yaml"


def pact_validator() -> OAS31Validator:
    """A validator of a ProductFootprint (skips, or fails in CI, without the schema)."""
    if not OPENAPI.is_file():
        reason = f"PACT v3 schema not found at {OPENAPI} (see the footprint tests' docstring)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    spec: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    schema = {"$ref": "#/components/schemas/ProductFootprint", "components": spec["components"]}
    return OAS31Validator(schema, format_checker=FormatChecker())


def pact_problems(document: object) -> list[str]:
    """Every way ``document`` breaks the ProductFootprint schema (empty when it is valid)."""
    validator = pact_validator()
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
