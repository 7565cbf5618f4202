"""`python -m pacte_procurement` serves the service; `python -m pacte_procurement openapi` prints its OpenAPI."""

from __future__ import annotations

import json
import sys

from pacte_platform.runtime import serve
from pacte_procurement.entrypoints.app import build_runtime, create_app


def main(argv: list[str]) -> None:
    runtime = build_runtime()
    app = create_app(runtime)
    if argv[1:2] == ["openapi"]:
        print(json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False))
        return
    serve(runtime, app)


if __name__ == "__main__":
    main(sys.argv)
