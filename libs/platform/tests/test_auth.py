"""Back-office tokens: a correctly signed token with nonsense claims is refused (401), never a 500."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from pacte_platform.auth import AuthError, _b64, issue_token, verify_token
from pacte_platform.http import Problem, back_office_user

SECRET = "a-test-secret-of-enough-length"


def signed(claims: Any) -> str:
    raw = claims if isinstance(claims, bytes) else json.dumps(claims).encode()
    payload = _b64(raw)
    return f"bo1.{payload}.{_b64(hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).digest())}"


def test_a_token_round_trips() -> None:
    user = verify_token(SECRET, issue_token(SECRET, "alice", ["buyer", "auditor"]))
    assert user.subject == "alice" and user.roles == frozenset({"buyer", "auditor"})


@pytest.mark.parametrize("claims", [
    {"sub": "x", "roles": None, "exp": 4_000_000_000},  # issue 18: was a 500
    b'{"sub":"x","roles":["auditor"],"exp":1e400}',  # issue 18: was a 500 (int(inf))
    {"sub": "x", "roles": ["auditor"], "exp": "soon"},
    {"sub": "x", "roles": ["auditor"], "exp": 1.5e9},
    {"sub": "x", "roles": ["auditor"], "exp": True},
    {"roles": ["auditor"], "exp": 4_000_000_000},
    {"sub": "", "roles": ["auditor"], "exp": 4_000_000_000},
    {"sub": "x" * 10_000, "roles": ["auditor"], "exp": 4_000_000_000},
    {"sub": "x\x00", "roles": ["auditor"], "exp": 4_000_000_000},
    {"sub": "x", "roles": "auditor", "exp": 4_000_000_000},
    {"sub": "x", "roles": ["root"], "exp": 4_000_000_000},
    {"sub": "x", "roles": [["auditor"]], "exp": 4_000_000_000},
    [1, 2, 3], b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000,
    {"sub": "x", "roles": ["auditor"], "exp": int(time.time()) - 1},
])
def test_a_signed_token_with_nonsense_claims_is_unauthorized(claims: Any) -> None:
    with pytest.raises(AuthError):
        verify_token(SECRET, signed(claims))
    with pytest.raises(Problem) as refused:
        back_office_user(SECRET, f"Bearer {signed(claims)}")
    assert refused.value.status == 401


def test_no_secret_neither_signs_nor_verifies() -> None:
    with pytest.raises(ValueError, match="no secret"):
        issue_token("", "alice", ["buyer"])
    with pytest.raises(AuthError):
        verify_token("", signed({"sub": "x", "roles": [], "exp": 4_000_000_000}))
