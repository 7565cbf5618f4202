"""The committed OpenAPI document must match the code (regenerate: PACTE_UPDATE_OPENAPI=1 pytest ...)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pacte_procurement.entrypoints.app import build_runtime, create_app

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.json"


def render() -> str:
    document = create_app(build_runtime()).openapi()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_committed_openapi_is_current() -> None:
    current = render()
    if os.environ.get("PACTE_UPDATE_OPENAPI") == "1":
        COMMITTED.write_text(current)
    assert COMMITTED.exists(), "services/procurement/openapi.json is missing"
    assert COMMITTED.read_text() == current, (
        "openapi.json is stale: run `PACTE_UPDATE_OPENAPI=1 .venv/bin/pytest "
        "services/procurement/tests/test_openapi.py`"
    )


def test_every_write_documents_problems_and_idempotency() -> None:
    document = json.loads(render())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "put"}:
                assert "409" in operation["responses"] and "422" in operation["responses"], (method, path)
                names = {p["name"] for p in operation.get("parameters", [])}
                assert "Idempotency-Key" in names, (method, path)
