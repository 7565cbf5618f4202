"""The service's OpenAPI document, generated without starting the service.

`python -m pacte_improvement.entrypoints.openapi` rewrites services/improvement/openapi.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pacte_improvement.entrypoints.app import build_runtime, create_app

TARGET = Path(__file__).resolve().parents[3] / "openapi.json"


def document() -> dict[str, Any]:
    return create_app(build_runtime()).openapi()


def main() -> None:
    TARGET.write_text(json.dumps(document(), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
