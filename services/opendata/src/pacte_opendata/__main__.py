"""`python -m pacte_opendata`: serves the open-data service with settings from the environment."""

from __future__ import annotations

from pacte_opendata.entrypoints.app import build_runtime, create_app
from pacte_platform.runtime import serve


def main() -> None:
    runtime = build_runtime()
    serve(runtime, create_app(runtime))


if __name__ == "__main__":
    main()
