"""Plays a scenario (SCENARIO.md) through the system's real entry points.

Each command goes to the back-office API or to the training-organisation API with the holder's
own key (or another organisation's for `as_organisation` lines), one at a time, in file order.
The player waits for quiet before each period closing, each clock advance, each switch between
back-office and organisation commands, and at the end; it records every refusal by line number.

It tolerates a service, the database or the broker being down for a while: every request is
retried with backoff on connection errors, 502/503/504 (honouring Retry-After) and the 409 of an
Idempotency-Key still in progress, and every write carries an `Idempotency-Key` derived from the
command's line, so a retried POST whose first attempt was applied is answered, not applied again.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pacte_cli.quiet import wait_quiet
from pacte_platform.auth import issue_token

ORGANISATION_COMMANDS = {
    "session.open_day": "open-days",
    "trainer.hours": "trainer-hours",
    "trainee.enrol": "enrolments",
    "attendance.record": "attendance",
    "trainee.suspend": "suspensions",
    "trainee.resume": "resumptions",
    "trainee.dropout": "dropouts",
    "trainee.complete": "completions",
    "satisfaction.record": "satisfaction",
}
ORGANISATION_SIDE = set(ORGANISATION_COMMANDS) | {"plan.create"}

#: Answers worth retrying: the service or what it depends on is (re)starting.
RETRY_STATUSES = {502, 503, 504}


@dataclass
class PlayResult:
    rejections: list[dict[str, Any]] = field(default_factory=list)
    commands: int = 0
    accepted: int = 0
    quiet_waits: int = 0
    quiet_seconds: float = 0.0
    seconds: float = 0.0
    #: Requests sent again after a connection error, a 5xx meaning "unavailable" or an in-progress 409.
    retries: int = 0
    #: Answers a service replayed from its Idempotency-Key store (the first attempt had been applied).
    replayed: int = 0


@dataclass
class Player:
    urls: dict[str, str]
    bootstrap: str
    auth_secret: str
    client: httpx.AsyncClient
    progress: Callable[[int, str], None] | None = None
    #: Test hook run at each quiet point (e.g. to shuffle and duplicate deliveries).
    on_quiet: Callable[[], Any] | None = None
    #: How long one request (or one quiet wait) keeps being retried while the system is unavailable.
    retry_for: float = 300.0
    #: Prefixes every Idempotency-Key, so that playing the same file twice on one stack acts twice.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    lot_holder: dict[str, str] = field(default_factory=dict)
    order_lot: dict[str, str] = field(default_factory=dict)
    session_order: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    registered: set[str] = field(default_factory=set)
    result: PlayResult = field(default_factory=PlayResult)
    _side: str | None = None

    def __post_init__(self) -> None:
        token = issue_token(self.auth_secret, "scenario-player", ["buyer", "finance", "steering"])
        self.back_office = {"Authorization": f"Bearer {token}"}

    async def quiet(self) -> None:
        if self.on_quiet is not None:
            maybe = self.on_quiet()
            if hasattr(maybe, "__await__"):
                await maybe
        started = time.monotonic()
        delay = 0.2
        while True:
            try:
                await wait_quiet(self.client, self.urls, self.bootstrap)
                break
            except Exception as exc:  # a service, the database or the broker is down for now
                if time.monotonic() - started > self.retry_for:
                    raise TimeoutError(f"the system did not become quiet: {exc!r}") from exc
                self.result.retries += 1
                await asyncio.sleep(delay)
                delay = min(2.0, delay * 1.5)
        self.result.quiet_waits += 1
        self.result.quiet_seconds += time.monotonic() - started

    async def request(self, method: str, url: str, *, idempotency_key: str | None = None,
                      **kwargs: Any) -> httpx.Response:
        """Sends one request, again and again while the system is unavailable (same Idempotency-Key)."""
        headers = dict(kwargs.pop("headers", None) or {})
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        started = time.monotonic()
        delay = 0.1
        while True:
            wait: float | None = None
            try:
                response = await self.client.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError as exc:  # refused, reset, timed out: the service is (re)starting
                wait, failure = delay, repr(exc)
            else:
                if response.status_code in RETRY_STATUSES or (response.status_code == 409
                                                              and "retry-after" in response.headers):
                    wait, failure = _retry_after(response, delay), f"{response.status_code} {response.text[:200]}"
                else:
                    if response.headers.get("idempotent-replayed") == "true":
                        self.result.replayed += 1
                    return response
            if time.monotonic() - started > self.retry_for:
                raise RuntimeError(f"{method} {url} still failing after {self.retry_for:.0f}s: {failure}")
            self.result.retries += 1
            await asyncio.sleep(wait * (0.75 + random.random() / 2))
            delay = min(2.0, delay * 2)

    async def play(self, lines: Iterable[str]) -> PlayResult:
        started = time.monotonic()
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            command = json.loads(text)
            await self.play_one(number, command)
            if self.progress is not None:
                self.progress(number, command.get("cmd", ""))
        await self.quiet()
        self.result.seconds = time.monotonic() - started
        return self.result

    def holder_of_session(self, session_id: Any) -> str | None:
        order = self.session_order.get(str(session_id))
        lot = self.order_lot.get(order) if order else None
        return self.lot_holder.get(lot) if lot else None

    async def ensure_key(self, organisation_id: str) -> bool:
        """Makes sure the player holds a key of the organisation; True when one had to be created."""
        if organisation_id in self.keys:
            return False
        if organisation_id not in set(self.lot_holder.values()) and organisation_id not in self.registered:
            # A foreign organisation: registered through the back-office as a real one, with no lot.
            response = await self.request(
                "POST", self.urls["procurement"] + "/organisations", headers=self.back_office,
                json={"organisation_id": organisation_id, "name": organisation_id, "siret": None},
                idempotency_key=f"{self.run_id}:register:{organisation_id}",
            )
            if response.status_code >= 400 and response.json().get("code") != "invalid":
                response.raise_for_status()
            self.registered.add(organisation_id)
        for attempt in range(3):
            # A replayed answer hides the secret (shown once): ask for another key under a new Idempotency-Key.
            response = await self.request(
                "POST", self.urls["attendance"] + f"/back-office/organisations/{_path(organisation_id)}/keys",
                headers=self.back_office, idempotency_key=f"{self.run_id}:key:{organisation_id}:{attempt}",
            )
            response.raise_for_status()
            api_key = response.json().get("api_key")
            if api_key:
                self.keys[organisation_id] = api_key
                return True
        raise RuntimeError(f"could not obtain an API key for {organisation_id}")

    async def play_one(self, number: int, command: dict[str, Any]) -> None:
        name = command.get("cmd")
        self.result.commands += 1
        side = "organisation" if name in ORGANISATION_SIDE else "back-office"
        if name in ("period.close", "clock.advance") or (self._side is not None and side != self._side):
            await self.quiet()
        self._side = side
        if name == "clock.advance":
            return
        body = {k: v for k, v in command.items() if k not in ("cmd", "as_organisation")}
        if side == "organisation":
            organisation = command.get("as_organisation")
            if organisation is None:
                if name == "plan.create":
                    organisation = str(body.get("organisation_id"))
                else:
                    organisation = self.holder_of_session(body.get("session_id"))
                if organisation is None:
                    # Unknown session: any organisation's credentials will do.
                    organisation = next(iter(sorted(self.keys)), None) or next(iter(sorted(set(
                        self.lot_holder.values()))), "OF-PLAYER")
            if await self.ensure_key(str(organisation)):
                await self.quiet()
            headers = {"Authorization": f"Bearer {self.keys[str(organisation)]}"}
            response = await self.send_organisation(name, body, headers, number)
        else:
            response = await self.send_back_office(name, body, number)
        if response is None:
            return
        if response.status_code >= 400:
            try:
                reason = response.json().get("code", "invalid")
            except ValueError:
                reason = f"http_{response.status_code}"
            if response.status_code >= 500:
                raise RuntimeError(f"line {number} ({name}): server error {response.status_code}: {response.text}")
            self.result.rejections.append({"cmd_line": number, "reason": reason})
            return
        self.result.accepted += 1
        self.remember(name, body)
        if name == "period.close":
            await self.wait_closed(str(body.get("period")))

    def remember(self, name: str | None, body: dict[str, Any]) -> None:
        if name == "lot.award":
            self.lot_holder[str(body["lot_id"])] = str(body["organisation_id"])
        elif name == "order.place":
            self.order_lot[str(body["order_id"])] = str(body["lot_id"])
        elif name == "session.schedule":
            self.session_order[str(body["session_id"])] = str(body["order_id"])

    async def send_organisation(self, name: str | None, body: dict[str, Any],
                                headers: dict[str, str], number: int = 0) -> httpx.Response | None:
        key = f"{self.run_id}:{number}"
        if name == "plan.create":
            return await self.request("POST", self.urls["improvement"] + "/v1/plans", json=body, headers=headers,
                                      idempotency_key=key)
        route = ORGANISATION_COMMANDS[str(name)]
        session = _path(body.get("session_id"))
        return await self.request("POST", self.urls["attendance"] + f"/v1/sessions/{session}/{route}", json=body,
                                  headers=headers, idempotency_key=key)

    async def send_back_office(self, name: str | None, body: dict[str, Any],
                               number: int = 0) -> httpx.Response | None:
        key = f"{self.run_id}:{number}"
        h = self.back_office
        u = self.urls

        async def post(url: str, **kwargs: Any) -> httpx.Response:
            return await self.request("POST", url, idempotency_key=key, **kwargs)

        match name:
            case "tender.publish":
                return await post(u["procurement"] + "/tenders", json=body, headers=h)
            case "lot.define":
                return await post(u["procurement"] + "/lots", json=body, headers=h)
            case "lot.award":
                lot = _path(body.get("lot_id"))
                return await post(u["procurement"] + f"/lots/{lot}/award", json=body, headers=h)
            case "lot.unsuccessful":
                return await post(u["procurement"] + f"/lots/{_path(body.get('lot_id'))}/unsuccessful", json=body,
                                  headers=h)
            case "order.place":
                return await post(u["procurement"] + "/orders", json=body, headers=h)
            case "session.schedule":
                return await post(u["procurement"] + "/sessions", json=body, headers=h)
            case "session.cancel":
                return await post(u["procurement"] + f"/sessions/{_path(body.get('session_id'))}/cancel", json=body,
                                  headers=h)
            case "reference.jobseekers":
                return await self.request(
                    "PUT", u["procurement"] + f"/reference/jobseekers/{_path(body.get('territory'))}", json=body,
                    headers=h, idempotency_key=key)
            case "outcome.record":
                return await post(u["attendance"] + f"/back-office/sessions/{_path(body.get('session_id'))}/outcomes",
                                  json=body, headers=h)
            case "milestone.validate" | "milestone.waive":
                action = "validate" if name == "milestone.validate" else "waive"
                return await post(u["improvement"] + f"/milestones/{_path(body.get('milestone_id'))}/{action}",
                                  json=body, headers=h)
            case "period.close":
                return await post(u["billing"] + f"/periods/{_path(body.get('period'))}/close", json=body, headers=h)
            case "invoice.approve" | "invoice.pay":
                action = "approve" if name == "invoice.approve" else "pay"
                order, period = _path(body.get("order_id")), _path(body.get("period"))
                return await post(u["billing"] + f"/orders/{order}/invoices/{period}/{action}", json=body, headers=h)
        return None

    async def wait_closed(self, period: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + max(timeout, self.retry_for)
        while True:
            response = await self.request("GET", self.urls["billing"] + f"/periods/{_path(period)}",
                                          headers=self.back_office)
            if response.status_code == 200 and response.json().get("status") == "closed":
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"period {period} not closed after {timeout:.0f}s: {response.text}")
            await _sleep(0.05)


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return min(5.0, max(0.05, float(response.headers.get("retry-after", default))))
    except ValueError:
        return default


def _path(value: Any) -> str:
    from urllib.parse import quote

    return quote(str(value), safe="") or "_"


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def read_lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle
