"""Plays a scenario (SCENARIO.md, version 2) through the system's real entry points.

Each command goes to the back-office API or to the training-organisation API with the holder's
own key (or another organisation's for `as_organisation` lines) (`routes.ROUTES` says where). Lines
whose rules read disjoint things are sent at once, the others in file order (`lanes`); an
organisation's declarations between two quiet points travel together in attendance's `/v1/batch`,
whose records are decided in order, each seeing the ones before it, with the answer its own route
would give (`routes.batchable`). The player waits for quiet before each clock advance, each switch
between back-office and organisation commands, and at the end, every line before it answered; a
`period.close` is sent as soon as the lines before it are answered, and the player then waits until
that closing is complete. It records every refusal by line number. A file naming a command the
player does not know is refused before anything is sent.

It tolerates a service, the database or the broker being down for a while: every request is
retried with backoff on connection errors, 502/503/504 (honouring Retry-After) and the 409 of an
Idempotency-Key still in progress, and every write carries an `Idempotency-Key` derived from the
command's lines, so a retried POST whose first attempt was applied is answered, not applied again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pacte_cli.quiet import snapshot, wait_quiet
from pacte_cli.scenario.lanes import Lane, Lanes, lanes_of
from pacte_cli.scenario.procurement_lanes import ProcurementLanes
from pacte_cli.scenario.routes import (
    BATCH_RECORDS,
    KNOWN,
    ORGANISATION,
    QUIET_POINTS,
    ROUTES,
    batchable,
    segment,
    sender_of,
)
from pacte_cli.scenario.timings import Span, Timings
from pacte_platform.auth import issue_token


class UnknownCommands(ValueError):
    """The file names commands the player does not know (by line number)."""

    def __init__(self, unknown: list[tuple[int, str]]) -> None:
        shown = ", ".join(f"line {n}: {name!r}" for n, name in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        super().__init__(f"unknown commands, nothing was played: {shown}{more}")
        self.unknown = unknown


def parse_lines(lines: Iterable[str]) -> list[tuple[int, dict[str, Any]]]:
    """The file's commands by line number; `UnknownCommands` if any `cmd` is not known."""
    commands: list[tuple[int, dict[str, Any]]] = []
    unknown: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        command = json.loads(text)
        name = command.get("cmd") if isinstance(command, dict) else None
        if not isinstance(name, str) or name not in KNOWN:
            unknown.append((number, str(name)))
        else:
            commands.append((number, command))
    if unknown:
        raise UnknownCommands(unknown)
    return commands

#: How often the player looks whether a closing is complete: soon (a closing takes a tenth of a second or
#: two on a quiet machine, and the next line waits for it), then less often (each look is work for the
#: billing process that is closing).
CLOSING_POLLS = (0.01, 0.05)

#: Answers worth retrying: the service or what it depends on is (re)starting.
RETRY_STATUSES = {502, 503, 504}


@dataclass
class PlayResult:
    rejections: list[dict[str, Any]] = field(default_factory=list)
    commands: int = 0
    accepted: int = 0
    quiet_waits: int = 0
    quiet_seconds: float = 0.0
    #: Time spent waiting for requested closings to complete (cut, evaluation, invoices).
    closing_seconds: float = 0.0
    seconds: float = 0.0
    #: Requests sent again after a connection error, a 5xx meaning "unavailable" or an in-progress 409.
    retries: int = 0
    #: Lines a service answered from its Idempotency-Key store (the first attempt had been applied), a
    #: batch's records each.
    replayed: int = 0
    #: Every wait of the play, by kind and line.
    timings: Timings = field(default_factory=Timings)


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
    #: What `/internal/quiet` requires (the scrape token), and the broker's options for the lag probe.
    operations: dict[str, str] = field(default_factory=dict)
    kafka_options: dict[str, Any] = field(default_factory=dict)

    lot_holder: dict[str, str] = field(default_factory=dict)
    order_lot: dict[str, str] = field(default_factory=dict)
    session_order: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    registered: set[str] = field(default_factory=set)
    result: PlayResult = field(default_factory=PlayResult)
    _side: str | None = None
    #: The line being scheduled (what a quiet wait is timed under).
    _line: int = 0
    _warming: asyncio.Future[None] | None = None
    _scheduling: bool = False
    _lanes: Lanes = field(default_factory=Lanes)
    #: The tenders, lots and orders the lines so far created: procurement's lanes.
    _procurement: ProcurementLanes = field(default_factory=ProcurementLanes)
    #: Lines gathered per lane (an organisation's declarations, outcomes) with their credentials (None: the
    #: back office), sent as one batch when their lane must move on.
    _pending: dict[Lane, tuple[str | None, list[tuple[int, dict[str, Any]]]]] = field(default_factory=dict)
    #: One key request at a time per organisation (lines of several lanes may need it at once).
    _key_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    #: When each key was issued: another service learns of it through events, a moment later.
    _issued: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        token = issue_token(self.auth_secret, "scenario-player", ["buyer", "finance", "steering"])
        self.back_office = {"Authorization": f"Bearer {token}"}

    @classmethod
    def on_stack(cls, state: Any, client: httpx.AsyncClient, urls: dict[str, str] | None = None,
                 **kwargs: Any) -> Player:
        """A player of a local stack (`StackState`): its services (or `urls`), secrets and broker."""
        return cls(urls=urls or {name: state.url(name) for name in state.services}, bootstrap=state.bootstrap,
                   auth_secret=state.auth_secret, client=client, operations=state.operations_headers(),
                   kafka_options=state.kafka_options(), **kwargs)

    async def quiet(self) -> None:
        if self.on_quiet is not None:
            maybe = self.on_quiet()
            if hasattr(maybe, "__await__"):
                await maybe
        started = time.monotonic()
        if self._warming is not None:
            await asyncio.gather(self._warming, return_exceptions=True)  # one lag probe, not two
        delay = 0.2
        while True:
            try:
                await wait_quiet(self.client, self.urls, self.bootstrap, headers=self.operations,
                                 kafka_options=self.kafka_options)
                break
            except Exception as exc:  # a service, the database or the broker is down for now
                if time.monotonic() - started > self.retry_for:
                    raise TimeoutError(f"the system did not become quiet: {exc!r}") from exc
                self.result.retries += 1
                await asyncio.sleep(delay)
                delay = min(2.0, delay * 1.5)
        waited = time.monotonic() - started
        self.result.quiet_waits += 1
        self.result.quiet_seconds += waited
        self.result.timings.spans.append(Span("quiet", self._line, waited))

    async def warm_up(self) -> None:
        """One look at the system while the first lines play: the lag probe's clients (one per consumer
        group, some twenty) connect then, not in the first quiet wait (half a second of it)."""
        with contextlib.suppress(Exception):  # the quiet waits will say what is wrong
            await snapshot(self.client, self.urls, self.bootstrap, headers=self.operations,
                           kafka_options=self.kafka_options)

    async def request(self, method: str, url: str, *, idempotency_key: str | None = None, lines: int = 1,
                      **kwargs: Any) -> httpx.Response:
        """Sends one request, again and again while the system is unavailable (same Idempotency-Key);
        `lines`: how many of the file's lines it carries (a batch's records), replayed together."""
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
                        self.result.replayed += lines
                    return response
            if time.monotonic() - started > self.retry_for:
                raise RuntimeError(f"{method} {url} still failing after {self.retry_for:.0f}s: {failure}")
            self.result.retries += 1
            await asyncio.sleep(wait * (0.75 + random.random() / 2))
            delay = min(2.0, delay * 2)

    async def play(self, lines: Iterable[str]) -> PlayResult:
        return await self.play_commands(parse_lines(lines))

    async def play_commands(self, commands: Iterable[tuple[int, dict[str, Any]]]) -> PlayResult:
        """Plays (line number, command) pairs of known commands; `commands` may be a generator, consumed as
        it plays (a streamed programme is held no longer than its lines are in flight)."""
        started = time.monotonic()
        self._lanes, self._pending, self._scheduling = Lanes(), {}, True
        self._procurement = ProcurementLanes()
        self._warming = warming = asyncio.ensure_future(self.warm_up())
        try:
            for number, command in commands:
                await self._schedule(number, command)
            await self._settle(0)
        except BaseException:
            warming.cancel()
            raise
        finally:
            self._scheduling = False
            await self._lanes.drain()  # a failure: what is still in flight is cancelled
            # Played through: the look ends (its clients are the end quiet wait's), never cut halfway.
            await asyncio.gather(warming, return_exceptions=True)
        self._line = 0
        await self.quiet()
        self.result.rejections.sort(key=lambda rejection: rejection["cmd_line"])
        self.result.seconds = time.monotonic() - started
        return self.result

    async def _schedule(self, number: int, command: dict[str, Any]) -> None:
        """Starts the line once what it depends on is answered (`lanes`): declarations gather per
        organisation into batches, a barrier or a quiet point waits for every line before it."""
        name, body = str(command["cmd"]), _fields(command)
        side = sender_of(name)
        self._line = number
        if name in QUIET_POINTS:
            await self._settle(number)  # `play_one` then waits for quiet
        elif self._side is not None and side != self._side and name != "period.close":
            await self._settle(number)  # a quiet point: every line before it answered, then quiet
            # Holders' keys are asked for meanwhile: each organisation's first batch needs its key.
            holders = sorted(set(self.lot_holder.values()) - set(self.keys)) if side == ORGANISATION else []
            await asyncio.gather(self.quiet(), *(self.ensure_key(holder) for holder in holders))
        self._side = side
        organisation = self.credentials_for(name, command, body) if side == ORGANISATION else None
        lanes = lanes_of(name, body, organisation, self._procurement)
        if lanes is None:
            await self._settle(number)
            if name in QUIET_POINTS:
                await self.play_one(number, command)
            else:
                with self.result.timings.span("closing" if name == "period.close" else "barrier", number, name):
                    await self.play_one(number, command)
            self._progressed(number, name)
            return
        if batchable(name, body):
            [lane] = lanes
            gathered = self._pending.setdefault(lane, (organisation, []))[1]
            gathered.append((number, command))
            if len(gathered) >= BATCH_RECORDS:
                self._flush(lane)
            return
        for lane in [lane for lane in self._pending if lane in lanes]:
            self._flush(lane)  # what the lane gathered goes first

        async def one() -> None:
            await self.play_one(number, command)
            self._progressed(number, name)
        self._lanes.start(lanes, one)

    def _flush(self, lane: Lane) -> None:
        organisation, lines = self._pending.pop(lane)
        self._lanes.start(frozenset({lane}), lambda: self.play_batch(organisation, lines))

    async def _settle(self, line: int) -> None:
        """Sends what is gathered and waits until every line started so far is answered (before `line`)."""
        for lane in list(self._pending):
            self._flush(lane)
        if self._lanes.busy():
            with self.result.timings.span("lanes", line, f"{self._lanes.started} started"):
                await self._lanes.drain()

    def _progressed(self, number: int, name: str) -> None:
        if self.progress is not None:
            self.progress(number, name)

    def credentials_for(self, name: str, command: dict[str, Any], body: dict[str, Any]) -> str:
        return str(command.get("as_organisation") or self.organisation_for(name, body))

    async def play_batch(self, organisation: str | None, lines: list[tuple[int, dict[str, Any]]]) -> None:
        """Lines of one lane in one request: an organisation's declarations under its key in `/v1/batch`, or
        the back office's outcomes in `/back-office/outcomes` (`organisation` None)."""
        if organisation is None:
            url, headers = self.urls["attendance"] + "/back-office/outcomes", self.back_office
        else:
            await self._switch_to(ORGANISATION)
            await self.ensure_key(organisation)  # attendance issued it: valid there at once
            url, headers = self.urls["attendance"] + "/v1/batch", {"Authorization": f"Bearer {self.keys[organisation]}"}
        records = [{"cmd": command["cmd"], **_fields(command)} for _, command in lines]
        response = await self.request("POST", url, json={"records": records}, headers=headers, lines=len(lines),
                                      idempotency_key=f"{self.run_id}:lines:{lines[0][0]}-{lines[-1][0]}")
        if response.status_code != 200:
            # Refused as a whole (which no line alone would be): each line on its own route, for its own answer.
            _raise_on_server_error(response, f"lines {lines[0][0]}-{lines[-1][0]} (batch)")
            for number, command in lines:
                await self.play_one(number, command)
                self._progressed(number, str(command["cmd"]))
            return
        for (number, command), result in zip(lines, response.json()["results"], strict=True):
            self.result.commands += 1
            if result["status"] == "refused":
                self.result.rejections.append({"cmd_line": number, "reason": result["reason"]})
            else:
                self.result.accepted += 1
            self._progressed(number, str(command["cmd"]))

    async def _switch_to(self, side: str, *, quiet: bool = True) -> None:
        """A quiet point between back-office and organisation commands (what one side did is seen by the other),
        for lines played one by one (`play` makes its quiet points as it schedules)."""
        if self._scheduling:
            return
        if quiet and self._side is not None and side != self._side:
            await self.quiet()
        self._side = side

    def holder_of_session(self, session_id: Any) -> str | None:
        order = self.session_order.get(str(session_id))
        lot = self.order_lot.get(order) if order else None
        return self.lot_holder.get(lot) if lot else None

    def _newly_issued(self, organisation_id: str) -> bool:
        issued = self._issued.get(organisation_id)
        return issued is not None and time.monotonic() - issued < self.retry_for

    async def ensure_key(self, organisation_id: str) -> bool:
        """Makes sure the player holds a key of the organisation; True when one had to be created.
        Services other than attendance accept it once its event reached them (`play_one` retries)."""
        async with self._key_locks.setdefault(organisation_id, asyncio.Lock()):
            if organisation_id in self.keys:
                return False
            return await self._issue_key(organisation_id)

    async def _issue_key(self, organisation_id: str) -> bool:
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
        started, attempt, answered = time.monotonic(), 0, 0
        while answered < 3:
            # A replayed answer hides the secret (shown once), and a refusal is replayed too: every attempt
            # goes under a new Idempotency-Key.
            response = await self.request(
                "POST", self.urls["attendance"] + f"/back-office/organisations/{segment(organisation_id)}/keys",
                headers=self.back_office, idempotency_key=f"{self.run_id}:key:{organisation_id}:{attempt}",
            )
            attempt += 1
            if _not_registered_yet(response) and time.monotonic() - started < self.retry_for:
                # Attendance learns of registrations through procurement.organisation.v1: it may lag.
                self.result.retries += 1
                await asyncio.sleep(0.2)
                continue
            answered += 1
            response.raise_for_status()
            api_key = response.json().get("api_key")
            if api_key:
                self.keys[organisation_id] = api_key
                self._issued[organisation_id] = time.monotonic()
                return True
        raise RuntimeError(f"could not obtain an API key for {organisation_id}")

    def holder_of_order(self, order_id: Any) -> str | None:
        lot = self.order_lot.get(str(order_id))
        return self.lot_holder.get(lot) if lot else None

    def organisation_for(self, name: str, body: dict[str, Any]) -> str:
        """The credentials a command is sent with: the holder it concerns, else any organisation's."""
        if name == "plan.create":
            found: str | None = str(body.get("organisation_id"))
        elif name == "invoice.dispute":
            found = self.holder_of_order(body.get("order_id"))
        else:
            found = self.holder_of_session(body.get("session_id"))
        # Unknown session or order: any organisation's credentials will do.
        return found or next(iter(sorted(self.keys)), None) or next(
            iter(sorted(set(self.lot_holder.values()))), "OF-PLAYER")

    async def play_one(self, number: int, command: dict[str, Any]) -> None:
        name = str(command["cmd"])
        self.result.commands += 1
        if name in QUIET_POINTS:
            await self.quiet()
            self._side = sender_of(name)
            return
        side = sender_of(name)
        # SCENARIO.md: no quiet point before a closing, even right after organisations' sheets (the
        # very case a consistent closing is for); it then waits until the closing is complete.
        await self._switch_to(side, quiet=name != "period.close")
        body = _fields(command)
        headers, organisation = self.back_office, None
        if side == ORGANISATION:
            organisation = self.credentials_for(name, command, body)
            await self.ensure_key(organisation)
            headers = {"Authorization": f"Bearer {self.keys[organisation]}"}
        route = ROUTES[name]
        response = await self.request(route.method, route.url(self.urls[route.service], body), json=body,
                                      headers=headers, idempotency_key=f"{self.run_id}:{number}")
        while response.status_code == 401 and organisation is not None and self._newly_issued(organisation):
            # A service other than attendance learns of a new key through events: it refuses it until
            # then, and a refused request changes nothing.
            self.result.retries += 1
            await asyncio.sleep(0.02)
            response = await self.request(route.method, route.url(self.urls[route.service], body), json=body,
                                          headers=headers, idempotency_key=f"{self.run_id}:{number}")
        if response.status_code >= 400:
            _raise_on_server_error(response, f"line {number} ({name})")
            try:
                reason = response.json().get("code", "invalid")
            except ValueError:
                reason = f"http_{response.status_code}"
            self.result.rejections.append({"cmd_line": number, "reason": reason})
            return
        self.result.accepted += 1
        self.remember(name, body)
        if name == "period.close":
            await self.wait_closed(str(body.get("period")))

    def remember(self, name: str, body: dict[str, Any]) -> None:
        if name == "lot.award":
            self.lot_holder[str(body["lot_id"])] = str(body["organisation_id"])
        elif name == "order.place":
            self.order_lot[str(body["order_id"])] = str(body["lot_id"])
        elif name == "session.schedule":
            self.session_order[str(body["session_id"])] = str(body["order_id"])

    async def wait_closed(self, period: str, timeout: float = 120.0) -> None:
        """Until the closing is complete (re-issues, milestone evaluation and invoices done)."""
        started = time.monotonic()
        deadline = started + max(timeout, self.retry_for)
        delay, longest = CLOSING_POLLS
        while True:
            response = await self.request("GET", self.urls["billing"] + f"/periods/{segment(period)}",
                                          headers=self.back_office)
            if response.status_code == 200 and response.json().get("status") == "closed":
                self.result.closing_seconds += time.monotonic() - started
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"period {period} not closed after {timeout:.0f}s: {response.text}")
            await _sleep(delay)
            delay = min(longest, delay * 1.5)


def _not_registered_yet(response: httpx.Response) -> bool:
    """Attendance issues keys to registered organisations only (docs/security.md)."""
    return response.status_code == 422 and "not registered" in response.text


def _fields(command: dict[str, Any]) -> dict[str, Any]:
    """A line's command fields: what its route or batch record carries."""
    return {k: v for k, v in command.items() if k not in ("cmd", "as_organisation")}


def _raise_on_server_error(response: httpx.Response, what: str) -> None:
    if response.status_code >= 500:
        raise RuntimeError(f"{what}: server error {response.status_code}: {response.text}")


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return min(5.0, max(0.05, float(response.headers.get("retry-after", default))))
    except ValueError:
        return default


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def read_lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle
