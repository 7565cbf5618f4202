"""The committed OpenAPI document: `python -m pacte_billing.entrypoints.openapi` rewrites it."""

from __future__ import annotations

import json
from pathlib import Path

from pacte_billing.entrypoints.app import build_runtime, create_app

DOCUMENT = Path(__file__).resolve().parents[3] / "openapi.json"


def document() -> str:
    # Building the app starts nothing: the lifespan runs only under a server.
    return json.dumps(create_app(build_runtime()).openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    DOCUMENT.write_text(document())


if __name__ == "__main__":
    main()
