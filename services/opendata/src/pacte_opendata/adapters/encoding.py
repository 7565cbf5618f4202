"""The bytes published: JSON with exact decimal amounts (msgspec writes a Decimal as a JSON number,
digit for digit, where the json module would need a float)."""

from __future__ import annotations

from typing import Any

import msgspec

_ENCODER = msgspec.json.Encoder(decimal_format="number")


def json_bytes(document: Any) -> bytes:
    return _ENCODER.encode(document)
