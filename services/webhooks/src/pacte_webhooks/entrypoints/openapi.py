"""`python -m pacte_webhooks.entrypoints.openapi`: writes services/webhooks/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

from pacte_webhooks.entrypoints.app import build_runtime, create_app

DOCUMENT = Path(__file__).resolve().parents[3] / "openapi.json"


def document() -> str:
    return json.dumps(create_app(build_runtime()).openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    DOCUMENT.write_text(document(), encoding="utf-8")


if __name__ == "__main__":
    main()
