"""`python -m pacte_opendata.entrypoints.openapi`: writes services/opendata/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pacte_opendata.entrypoints.app import build_runtime, create_app

OPENAPI_PATH = Path(__file__).resolve().parents[3] / "openapi.json"


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI document, built without starting anything."""
    document: dict[str, Any] = create_app(build_runtime()).openapi()
    return document


def render() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    OPENAPI_PATH.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
