"""Signing in and out, and the session a request belongs to: server-side, revocable, with timeouts.

Every sign-in, refused or throttled attempt and sign-out is in the gateway's audit trail, under the
verified user, or `anonymous` with the user name that was typed as a claim.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from pacte_contracts.limits import MAX_CREDENTIAL_LENGTH
from pacte_gateway.session import Session, credential_of, new_session, new_session_id, stored_key
from pacte_gateway.settings import GatewaySettings
from pacte_gateway.store import SessionStore
from pacte_gateway.throttle import ThrottlePolicy
from pacte_gateway.users import User, authenticate
from pacte_platform.auth import issue_token

ANONYMOUS = "anonymous"
#: A session's last request is written at most this often (each request reads it).
TOUCH_EVERY_S = 60


@dataclass(frozen=True, slots=True)
class SignedIn:
    session_id: str  # what the cookie carries, shown once
    session: Session


@dataclass(frozen=True, slots=True)
class Throttled:
    retry_after_s: int


class Authenticator:
    def __init__(self, settings: GatewaySettings, users: dict[str, User], store: SessionStore, key: bytes,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.users = users
        self.store = store
        self.key = key
        self.clock = clock
        self.policy = ThrottlePolicy(settings.login_window_s, settings.login_failures_per_user,
                                     settings.login_failures_per_address, settings.login_lockout_s,
                                     settings.login_max_lockout_s)

    async def sign_in(self, name: str, password: str, address: str,
                      correlation_id: str | None = None) -> SignedIn | Throttled | None:
        """A new session; `Throttled` while a wait runs (the password is not even checked); None if refused."""
        now = self.clock()
        name = name[:MAX_CREDENTIAL_LENGTH]
        claim = {"claimed_user": name[:64]}
        by_user, by_address = await self.store.failures(name, address, now - self.policy.window_s)
        wait = self.policy.wait_s(by_user, by_address, now)
        if wait:
            await self.store.audit(actor=ANONYMOUS, action="login.throttled", address=address,
                                   detail={**claim, "retry_after_s": wait}, correlation_id=correlation_id)
            return Throttled(wait)
        user = (await asyncio.to_thread(authenticate, self.users, name, password)
                if len(password) <= MAX_CREDENTIAL_LENGTH else None)
        if user is None:
            await self.store.record_failure(name, address, now)
            await self.store.audit(actor=ANONYMOUS, action="login.refused", address=address, detail=claim,
                                   correlation_id=correlation_id)
            return None
        await self.store.clear_failures(name)
        session_id = new_session_id()
        session = new_session(stored_key(self.key, session_id), user.name, user.roles,
                              credential_of(user.password_hash), now)
        await self.store.create(session, forget_before=now - self.settings.session_ttl_s)
        await self.store.audit(actor=user.name, action="login", address=address, correlation_id=correlation_id)
        return SignedIn(session_id, session)

    async def current(self, session_id: str | None) -> Session | None:
        """The live session of a cookie's id, with the user's current roles; an ended one is removed."""
        if not session_id or len(session_id) > 128:
            return None
        key = stored_key(self.key, session_id)
        session = await self.store.get(key)
        if session is None:
            return None
        now = self.clock()
        user = self.users.get(session.user)
        if (user is None or credential_of(user.password_hash) != session.credential
                or session.expired(now, ttl_s=self.settings.session_ttl_s, idle_s=self.settings.session_idle_s)):
            await self.store.delete(key)
            return None
        if now - session.last_seen >= TOUCH_EVERY_S:
            await self.store.touch(key, now)
        return replace(session, roles=user.roles, last_seen=now)

    async def sign_out(self, session: Session, address: str, correlation_id: str | None = None) -> None:
        await self.store.delete(session.key)
        await self.store.audit(actor=session.user, action="logout", address=address, correlation_id=correlation_id)

    def upstream_token(self, session: Session) -> str:
        """The back-office token of one request to the services: the session's user and roles, short-lived."""
        return issue_token(self.settings.auth_secret, session.user, list(session.roles),
                           self.settings.upstream_token_ttl_s)
