"""The published files, built from the public facts and kept in memory until the data changes.

Each file depends on one or both datasets (procurement, indicators); a file is rebuilt only when a
dataset it depends on changed (the `datasets` table counts changes), so repeated reads of a large
package cost one query. Each body is read in one repeatable-read transaction: consistent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg

from pacte_opendata.adapters import repository
from pacte_opendata.adapters.encoding import json_bytes
from pacte_opendata.domain import documents
from pacte_opendata.domain.decp import marches
from pacte_opendata.domain.model import Process
from pacte_opendata.domain.ocds import Release, releases
from pacte_opendata.domain.publisher import Publisher
from pacte_opendata.domain.records import record_package, release_package

JSON = "application/json"
CSV = "text/csv; charset=utf-8"
#: path → datasets it is built from
DEPENDS: dict[str, tuple[str, ...]] = {
    "catalogue.json": ("procurement", "indicators"),
    "ocds/release-package.json": ("procurement",),
    "ocds/record-package.json": ("procurement",),
    "decp/marches.json": ("procurement",),
    "decp/withheld.json": ("procurement",),
    "indicators/indicators.json": ("indicators", "procurement"),
    "indicators/indicators.csv": ("indicators", "procurement"),
    "indicators/dictionary.csv": (),
}
STARTED = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Document:
    body: bytes
    media_type: str
    modified_at: datetime
    etag: str


def _document(body: bytes, media_type: str, modified_at: datetime) -> Document:
    return Document(body, media_type, modified_at, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


@dataclass
class Context:
    """One consistent read: the datasets' state and what several files share."""

    conn: asyncpg.Connection
    publisher: Publisher
    modified: dict[str, datetime]
    _processes: list[Process] | None = None
    _releases: list[Release] | None = None

    def modified_at(self, path: str) -> datetime:
        return max((self.modified[d] for d in DEPENDS[path]), default=STARTED)

    async def processes(self) -> list[Process]:
        if self._processes is None:
            self._processes = await repository.processes(self.conn)
        return self._processes

    async def releases(self) -> list[Release]:
        if self._releases is None:
            self._releases = [r for p in await self.processes() for r in releases(p, self.publisher)]
        return self._releases


Builder = Callable[[Context, str], Coroutine[Any, Any, Document | None]]


async def _release_package(ctx: Context, path: str) -> Document | None:
    found = await ctx.releases()  # OCDS packages need at least one release
    return _document(json_bytes(release_package(found, ctx.publisher, ctx.modified_at(path))), JSON,
                     ctx.modified_at(path)) if found else None


async def _record_package(ctx: Context, path: str) -> Document | None:
    found = await ctx.releases()
    return _document(json_bytes(record_package(found, ctx.publisher, ctx.modified_at(path))), JSON,
                     ctx.modified_at(path)) if found else None


async def _decp(ctx: Context, path: str) -> Document | None:
    published, withheld = marches(await ctx.processes(), ctx.publisher)
    body = published if path == "decp/marches.json" else {
        "withheld": [{"lot_id": w.lot_id, "reason": w.reason} for w in withheld]}
    return _document(json_bytes(body), JSON, ctx.modified_at(path))


async def _indicators(ctx: Context, path: str) -> Document | None:
    stored = await repository.stored_indicators(ctx.conn)
    if stored is None:
        return None
    rows = documents.labelled(json.loads(stored["scopes"]), await repository.organisation_names(ctx.conn))
    if path.endswith(".csv"):
        return _document(documents.indicators_csv(rows).encode(), CSV, ctx.modified_at(path))
    return _document(json_bytes(documents.indicators_document(rows, ctx.publisher, stored["computed_at"])), JSON,
                     ctx.modified_at(path))


async def _dictionary(ctx: Context, path: str) -> Document | None:
    return _document(documents.dictionary_csv().encode(), CSV, ctx.modified_at(path))


async def _catalogue(ctx: Context, path: str) -> Document | None:
    modified = {p: ctx.modified_at(p) for p in documents.FILES}
    return _document(json_bytes(documents.catalogue(ctx.publisher, modified)), JSON, ctx.modified_at(path))


BUILDERS: dict[str, Builder] = {
    "catalogue.json": _catalogue,
    "ocds/release-package.json": _release_package,
    "ocds/record-package.json": _record_package,
    "decp/marches.json": _decp,
    "decp/withheld.json": _decp,
    "indicators/indicators.json": _indicators,
    "indicators/indicators.csv": _indicators,
    "indicators/dictionary.csv": _dictionary,
}


@dataclass
class Publication:
    publisher: Publisher
    _state: tuple[Any, ...] | None = None
    _cache: dict[str, Document | None] = field(default_factory=dict)

    async def document(self, pool: asyncpg.Pool, path: str) -> Document | None:
        """The file at `path` as published now; None while there is nothing to publish in it."""
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            rows = {name: await repository.dataset_state(conn, name) for name in ("procurement", "indicators")}
            state = tuple((name, r["version"], r["modified_at"]) for name, r in sorted(rows.items()))
            if state != self._state:
                self._state, self._cache = state, {}
            if path not in self._cache:
                modified = {name: r["modified_at"].replace(microsecond=0) for name, r in rows.items()}
                self._cache[path] = await BUILDERS[path](Context(conn, self.publisher, modified), path)
            return self._cache[path]
