"""glibc's allocator settings a service process starts with (the Dockerfile sets the same).

A service consuming a backlog allocates and frees many record values of a few hundred bytes to a
few MiB (aiokafka's fetch responses). With one arena per thread and glibc's default trim threshold,
freed memory stayed in the process: billing's facts consumer peaked at 293-295 MiB of RSS over a
million facts and 298 MiB in a rebuild; with one arena and a 1 MiB trim threshold, 258-264 and 289
(bench/analysis.md), for the same rate. glibc reads them from the environment at start-up only.
"""

from __future__ import annotations

import os

MALLOC_SETTINGS = {"MALLOC_ARENA_MAX": "1", "MALLOC_TRIM_THRESHOLD_": str(1024 * 1024)}


def malloc_env() -> dict[str, str]:
    """The settings, unless the operator's environment already chose its own."""
    return {name: os.environ.get(name, value) for name, value in MALLOC_SETTINGS.items()}
