"""Back-office users (PBKDF2 hashes from settings) and the signed session cookie."""

from __future__ import annotations

import time

import pytest

from pacte_gateway import session
from pacte_gateway.settings import DEV_USERS
from pacte_gateway.users import authenticate, hash_password, parse_users, verify_password


def test_hashes_verify_only_their_password() -> None:
    encoded = hash_password("s3cret", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret", encoded)
    assert not verify_password("S3cret", encoded)
    assert not verify_password("s3cret", "md5$1$x$y")
    assert hash_password("s3cret", iterations=1000) != encoded  # random salt


def test_users_come_from_the_setting() -> None:
    users = parse_users(f"ana:buyer+finance:{hash_password('a', iterations=1000)}, "
                        f"ben:auditor:{hash_password('b', iterations=1000)}")
    assert users["ana"].roles == ("buyer", "finance")
    assert authenticate(users, "ana", "a") == users["ana"]
    assert authenticate(users, "ana", "b") is None
    assert authenticate(users, "nobody", "a") is None
    with pytest.raises(ValueError, match="roles"):
        parse_users(f"eve:admin:{hash_password('e', iterations=1000)}")
    with pytest.raises(ValueError, match="hash"):
        parse_users("eve:buyer:plaintext")


def test_development_users_have_the_documented_password() -> None:
    users = parse_users(DEV_USERS)
    assert {name: user.roles for name, user in users.items()} == {
        "alice": ("buyer",), "bruno": ("finance",), "chloe": ("steering",), "david": ("auditor",)}
    assert authenticate(users, "alice", "pacte-dev") is not None


def test_session_cookie_is_signed_and_expires() -> None:
    key = session.session_key("", "auth-secret")
    opened = session.new_session("alice", ("buyer",), "bo1.token", ttl_s=60)
    cookie = session.encode(key, opened)
    assert session.decode(key, cookie) == opened
    assert session.decode(session.session_key("other", "auth-secret"), cookie) is None
    payload, signature = cookie.split(".")
    assert session.decode(key, payload[:-2] + "xx." + signature) is None
    expired = session.Session("alice", ("buyer",), "t", "c", int(time.time()) - 1)
    assert session.decode(key, session.encode(key, expired)) is None
    assert session.csrf_matches(opened.csrf, opened.csrf)
    assert not session.csrf_matches(opened.csrf, None)
    assert not session.csrf_matches(opened.csrf, "forged")
