"""Back-office users (PBKDF2 hashes from settings), session keys and the signed flash cookie."""

from __future__ import annotations

import pytest

from pacte_gateway import session
from pacte_gateway.users import authenticate, development_users, hash_password, parse_users, verify_password


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


def test_development_users_sign_in_with_the_stacks_password() -> None:
    users = development_users("stack-password")
    assert {name: user.roles for name, user in users.items()} == {
        "alice": ("buyer",), "bruno": ("finance",), "chloe": ("steering",), "david": ("auditor",)}
    assert authenticate(users, "alice", "stack-password") is not None
    assert authenticate(users, "alice", "pacte-dev") is None


def test_stored_session_keys_and_flash_cookies_are_keyed() -> None:
    key = session.session_key("session-secret")
    cookie_id = session.new_session_id()
    assert len(cookie_id) >= 43 and session.stored_key(key, cookie_id) != cookie_id
    assert session.stored_key(key, cookie_id) != session.stored_key(session.session_key("other"), cookie_id)
    signed = session.sign(key, {"k": "ok", "m": "Enregistré"})
    assert session.unsign(key, signed) == {"k": "ok", "m": "Enregistré"}
    assert session.unsign(session.session_key("other"), signed) is None
    assert session.csrf_matches("abc", "abc")
    assert not session.csrf_matches("abc", None)
    assert not session.csrf_matches("abc", "forged")
