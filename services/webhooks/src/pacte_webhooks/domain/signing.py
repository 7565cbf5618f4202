"""Signatures of deliveries, as Stripe signs its webhooks: HMAC-SHA256 under the endpoint's secret of
`<timestamp>.<body>`, sent as `Pacte-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is signed
with the body, so a receiver that refuses old timestamps (5 minutes) is safe from replayed captures.
The organisation client (`clients/organisation`) verifies the same way; a test holds them together."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Pacte-Signature"
SCHEME = "v1"
#: What a receiver should accept between the signature's time and its own clock.
TOLERANCE_S = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},{SCHEME}={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: float, tolerance_s: int = TOLERANCE_S) -> bool:
    """Whether `header` signs `body` under `secret` at a time within `tolerance_s` of `now`."""
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for name, value in parts if name.strip() == "t"]
    signatures = [value.strip() for name, value in parts if name.strip() == SCHEME]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not signatures:
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
