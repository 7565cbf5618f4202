"""Keyset (cursor) pagination of read routes, written once for every service.

Cursors are opaque to clients: base64url JSON of the last row's sort key. Keyset pagination stays
fast and stable while rows are added, unlike OFFSET. A list route takes `limit` and `cursor`
(`Limit`, `Cursor`) and answers `{"items": [...], "next_cursor": ...}` (`Page.body`).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

import asyncpg
from fastapi import Query as QueryParameter

from pacte_contracts.refusals import Refused, Rejection

Limit = Annotated[int, QueryParameter(ge=1, le=500, description="Page size")]
Cursor = Annotated[str | None, QueryParameter(max_length=2000, description="`next_cursor` of the previous page")]


class BadCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None

    def body(self) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor}

    def map(self, view: Callable[[dict[str, Any]], dict[str, Any]]) -> Page:
        return Page([view(item) for item in self.items], self.next_cursor)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    return value.isoformat() if isinstance(value, date | datetime) else value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("malformed cursor") from exc
    if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str | int) for v in values):
        raise BadCursor("malformed cursor")
    return values


def _cursor_value(sql_type: str, value: Any) -> Any:
    if sql_type in ("bigint", "int") and isinstance(value, int) and not isinstance(value, bool):
        return value
    if sql_type == "text" and isinstance(value, str):
        return value
    try:
        if sql_type == "uuid" and isinstance(value, str):
            return uuid.UUID(value)
        if sql_type == "date" and isinstance(value, str):
            return date.fromisoformat(value)
        if sql_type == "timestamptz" and isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                return parsed
    except ValueError:
        pass
    raise BadCursor("malformed cursor")


@dataclass
class Query:
    """A SELECT with AND-ed filters, keyset-paginated on `order` ((expression, SQL type) pairs).

    Each ordering expression must be selected under its last dotted name (`l.lot_id` as `lot_id`)."""

    select: str
    order: Sequence[tuple[str, str]]
    filters: list[str]
    params: list[Any]

    def where(self, fragment: str, value: Any) -> Query:
        """`fragment` holds `{}` where the parameter goes; None values are skipped (no filter)."""
        if value is not None:
            self.params.append(value)
            self.filters.append(fragment.format(f"${len(self.params)}"))
        return self

    async def page(self, conn: asyncpg.Connection, cursor: str | None, limit: int) -> Page:
        filters = list(self.filters)
        params = list(self.params)
        if cursor:
            values = decode_cursor(cursor, len(self.order))
            slots = []
            for (_, sql_type), value in zip(self.order, values, strict=True):
                params.append(_cursor_value(sql_type, value))
                slots.append(f"${len(params)}::{sql_type}")
            filters.append(f"({', '.join(e for e, _ in self.order)}) > ({', '.join(slots)})")
        where = f" WHERE {' AND '.join(filters)}" if filters else ""
        params.append(limit + 1)
        sql = f"{self.select}{where} ORDER BY {', '.join(e for e, _ in self.order)} LIMIT ${len(params)}"
        rows = await conn.fetch(sql, *params)
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = None
        if more and rows:
            next_cursor = encode_cursor([rows[-1][e.rsplit(".", 1)[-1]] for e, _ in self.order])
        return Page([dict(r) for r in rows], next_cursor)


async def page_body(fetch: Awaitable[Page]) -> dict[str, Any]:
    """The route's answer; a cursor that is not one of ours is refused as `invalid`."""
    try:
        return (await fetch).body()
    except BadCursor as exc:
        raise Refused(Rejection.invalid(str(exc))) from exc


async def page_body_of(fetch: Awaitable[Page | None]) -> dict[str, Any] | None:
    """`page_body` of a page under a parent that may not be found (None: the route's 404)."""
    try:
        page = await fetch
    except BadCursor as exc:
        raise Refused(Rejection.invalid(str(exc))) from exc
    return None if page is None else page.body()
