"""The session store in memory (a fake of the `SessionStore` port) for tests without PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pacte_gateway.session import Session
from pacte_gateway.store import SessionStore
from pacte_gateway.throttle import Failures


class MemoryStore(SessionStore):
    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.failed: list[tuple[str, str, float]] = []
        self.audited: list[dict[str, Any]] = []

    async def create(self, session: Session, *, forget_before: float) -> None:
        self.sessions = {k: s for k, s in self.sessions.items() if s.created_at >= forget_before}
        self.sessions[session.key] = session

    async def get(self, key: str) -> Session | None:
        return self.sessions.get(key)

    async def touch(self, key: str, now: float) -> None:
        if key in self.sessions:
            self.sessions[key] = replace(self.sessions[key], last_seen=now)

    async def delete(self, key: str) -> None:
        self.sessions.pop(key, None)

    async def delete_user(self, user: str) -> int:
        ended = [k for k, s in self.sessions.items() if s.user == user]
        for key in ended:
            del self.sessions[key]
        return len(ended)

    async def failures(self, user: str, address: str, since: float) -> tuple[Failures, Failures]:
        def of(index: int, value: str) -> Failures:
            times = [f[2] for f in self.failed if f[index] == value and f[2] >= since]
            return Failures(len(times), max(times) if times else None)

        return of(0, user), of(1, address)

    async def record_failure(self, user: str, address: str, at: float) -> None:
        self.failed.append((user, address, at))

    async def clear_failures(self, user: str) -> None:
        self.failed = [f for f in self.failed if f[0] != user]

    async def audit(self, *, actor: str, action: str, address: str, detail: dict[str, Any] | None = None,
                    correlation_id: str | None = None) -> None:
        self.audited.append({"actor": actor, "action": action, "address": address, **(detail or {})})
