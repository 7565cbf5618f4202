"""JSON bodies nest at most MAX_JSON_DEPTH levels (issue 18: deeply nested JSON was a RecursionError, 500)."""

from __future__ import annotations

import json

import pytest

from pacte_contracts.limits import MAX_JSON_DEPTH
from pacte_contracts.refusals import Refused
from pacte_platform.commands import decode_json


def nested(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b"[" * 100_000, nested(MAX_JSON_DEPTH + 1),
                                  b'{"text": "]]]]]]]]", "deep": ' + b"[" * 5000 + b"]" * 5000 + b"}"])
def test_too_deep_a_body_is_invalid_not_a_server_error(body: bytes) -> None:
    with pytest.raises(Refused) as refused:
        decode_json(body)
    assert refused.value.reason.value == "invalid"


@pytest.mark.parametrize("body", [nested(MAX_JSON_DEPTH),
                                  json.dumps({"text": "[[[[" * 100, "rows": [[1]] * 10}).encode()])
def test_brackets_in_texts_and_long_lists_are_not_nesting(body: bytes) -> None:
    assert decode_json(body) == json.loads(body)
