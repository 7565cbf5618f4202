"""The HTTP face: the committed OpenAPI document is current, lists only GETs of published files,
and conditional requests follow RFC 9110."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pacte_opendata.entrypoints.conditional import http_date, not_modified
from pacte_opendata.entrypoints.openapi import OPENAPI_PATH, openapi_document
from pacte_opendata.entrypoints.routes import PUBLIC_FILES

MODIFIED = datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=UTC)


def test_committed_openapi_document_is_current() -> None:
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert committed == openapi_document(), (
        "openapi.json is stale: run `.venv/bin/python -m pacte_opendata.entrypoints.openapi`"
    )


def test_the_api_is_read_only_and_public() -> None:
    document = openapi_document()
    assert set(document["paths"]) == {"/health"} | {"/" if p == "catalogue.json" else f"/{p}" for p in PUBLIC_FILES}
    for operations in document["paths"].values():
        assert set(operations) == {"get"}
        assert all("security" not in operation for operation in operations.values())
    assert "securitySchemes" not in document.get("components", {})


def test_if_none_match_decides_before_if_modified_since() -> None:
    etag = '"abc"'
    assert not_modified({"if-none-match": '"abc"'}, etag, MODIFIED)
    assert not_modified({"if-none-match": 'W/"abc", "other"'}, etag, MODIFIED)
    assert not_modified({"if-none-match": "*"}, etag, MODIFIED)
    assert not not_modified({"if-none-match": '"other"', "if-modified-since": http_date(MODIFIED)}, etag, MODIFIED)


def test_if_modified_since_compares_whole_seconds() -> None:
    assert http_date(MODIFIED) == "Fri, 02 Jan 2026 03:04:05 GMT"
    assert not_modified({"if-modified-since": "Fri, 02 Jan 2026 03:04:05 GMT"}, '"x"', MODIFIED)
    assert not not_modified({"if-modified-since": "Fri, 02 Jan 2026 03:04:04 GMT"}, '"x"', MODIFIED)
    assert not not_modified({"if-modified-since": "yesterday"}, '"x"', MODIFIED)
    assert not not_modified({}, '"x"', MODIFIED)
