"""`python -m pacte_indicators`: serves the indicators service configured from the environment."""

from __future__ import annotations

import os

from pacte_indicators.entrypoints.app import DEFAULT_PORT, SERVICE, build_runtime, create_app
from pacte_platform.runtime import serve
from pacte_platform.settings import PlatformSettings


def main() -> None:
    settings = PlatformSettings()
    overrides: dict[str, object] = {}
    if "HTTP_PORT" not in os.environ:
        overrides["http_port"] = DEFAULT_PORT
    if "PACTE_SERVICE" not in os.environ:
        overrides["service_name"] = SERVICE
    runtime = build_runtime(settings.model_copy(update=overrides))
    serve(runtime, create_app(runtime))


if __name__ == "__main__":
    main()
