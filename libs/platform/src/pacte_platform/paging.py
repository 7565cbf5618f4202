"""Keyset (cursor) pagination's cursors: opaque to clients, base64url JSON of the last row's sort key.

Keyset pagination stays fast and stable while rows are added, unlike OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date
from typing import Any


class BadCursor(ValueError):
    pass


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The sort key of `size` strings or integers; `BadCursor` for anything else."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("malformed cursor") from exc
    if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str | int) for v in values):
        raise BadCursor("malformed cursor")
    return values
