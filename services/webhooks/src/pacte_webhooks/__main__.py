"""`python -m pacte_webhooks`: serves the webhooks service with settings from the environment."""

from __future__ import annotations

from pacte_platform.runtime import serve
from pacte_webhooks.entrypoints.app import build_runtime, create_app


def main() -> None:
    runtime = build_runtime()
    serve(runtime, create_app(runtime))


if __name__ == "__main__":
    main()
