"""`pacte opendata export DIR`: the published files written to a folder, and checked.

The files are read from the open-data service (the same bytes it serves), so the folder is exactly
the publication; each OCDS release, the packages, every compiled record and the DECP file are then
validated against the official schemas.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CATALOGUE = "catalogue.json"


@dataclass
class Export:
    written: dict[str, int] = field(default_factory=dict)
    #: files the service has nothing in yet (404)
    empty: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    checked: int = 0
    seconds: float = 0.0
    #: of which validating
    validation_seconds: float = 0.0

    @property
    def error_count(self) -> int:
        return sum(len(e) for e in self.errors.values())


def export(base_url: str, directory: Path, *, validate: bool = True, timeout: float = 120.0) -> Export:
    started = time.monotonic()
    result = Export()
    files: dict[str, bytes] = {}
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout) as client:
        catalogue = client.get("/")
        catalogue.raise_for_status()
        files[CATALOGUE] = catalogue.content
        for dataset in catalogue.json()["datasets"]:
            response = client.get(f"/{dataset['path']}")
            if response.status_code == 404:
                result.empty.append(dataset["path"])
                continue
            response.raise_for_status()
            files[dataset["path"]] = response.content
    for path, body in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        result.written[path] = len(body)
    if validate:
        from pacte_opendata.adapters.standards import Standards, published_errors, standards_dir

        validating = time.monotonic()
        checked = published_errors(Standards(standards_dir()), files)
        result.checked = len(checked)
        result.errors = {name: found for name, found in checked.items() if found}
        result.validation_seconds = time.monotonic() - validating
    result.seconds = time.monotonic() - started
    return result
