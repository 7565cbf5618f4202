"""The committed OpenAPI document is the one the code generates.

Regenerate it with: `.venv/bin/python -m pacte_improvement.entrypoints.openapi`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pacte_improvement.entrypoints.openapi import document

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def test_openapi_document_is_up_to_date() -> None:
    assert COMMITTED.exists(), "services/improvement/openapi.json is missing: regenerate it"
    assert json.loads(COMMITTED.read_text()) == document(), "openapi.json is stale: regenerate it"
