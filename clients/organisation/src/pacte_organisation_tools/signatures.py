"""Checking a webhook delivery: `Pacte-Signature: t=<unix seconds>,v1=<hex>` is the HMAC-SHA256 under
the endpoint's secret of `<t>.<raw body>`. Check it on the raw bytes (before parsing the JSON) and refuse
a `t` more than 5 minutes away from your clock, so a captured delivery cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

TOLERANCE_S = 300


class InvalidSignature(ValueError):
    pass


def verify_signature(secret: str, header: str | None, body: bytes, *, now: float | None = None,
                     tolerance_s: int = TOLERANCE_S) -> dict[str, Any]:
    """The delivery's event (`{id, type, created, organisation_id, data}`) if signed by `secret`,
    else `InvalidSignature`."""
    if not header:
        raise InvalidSignature("no Pacte-Signature header")
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value.strip() for name, value in fields if name.strip() == "t"]
    signatures = [value.strip() for name, value in fields if name.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not signatures:
        raise InvalidSignature("malformed Pacte-Signature header")
    if abs((time.time() if now is None else now) - int(timestamps[0])) > tolerance_s:
        raise InvalidSignature("signature timestamp outside the tolerance")
    expected = hmac.new(secret.encode(), f"{timestamps[0]}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise InvalidSignature("signature mismatch")
    event: dict[str, Any] = json.loads(body)
    return event
