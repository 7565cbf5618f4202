"""services/indicators/openapi.json is the document the code serves (regenerate when this fails)."""

from __future__ import annotations

import json

from pacte_indicators.entrypoints.openapi import OPENAPI_PATH, openapi_document


def test_committed_openapi_document_is_current() -> None:
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert committed == openapi_document(), (
        "openapi.json is stale: run `.venv/bin/python -m pacte_indicators.entrypoints.openapi`"
    )


def test_document_lists_the_back_office_reads() -> None:
    paths = openapi_document()["paths"]
    assert {"/indicators", "/indicators/{scope}", "/budget", "/snapshots/{period}"} <= set(paths)
    assert "422" in paths["/indicators"]["get"]["responses"]
