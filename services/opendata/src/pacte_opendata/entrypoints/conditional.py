"""Conditional GET (RFC 9110): whether the client's copy is current, from its validators."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime


def http_date(moment: datetime) -> str:
    return format_datetime(moment.replace(microsecond=0), usegmt=True)


def not_modified(headers: Mapping[str, str], etag: str, modified_at: datetime) -> bool:
    """If-None-Match decides when present (weak comparison, `*` matches); If-Modified-Since otherwise."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored (RFC 9110 13.1.3)
    return since.tzinfo is not None and modified_at.replace(microsecond=0) <= since
