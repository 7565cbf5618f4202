"""The committed openapi.json is the one the code serves."""

from __future__ import annotations

from pacte_webhooks.entrypoints.openapi import DOCUMENT, document


def test_openapi_document_is_up_to_date() -> None:
    assert DOCUMENT.exists(), "run: python -m pacte_webhooks.entrypoints.openapi"
    assert DOCUMENT.read_text() == document(), (
        "services/webhooks/openapi.json is stale; run: python -m pacte_webhooks.entrypoints.openapi")
