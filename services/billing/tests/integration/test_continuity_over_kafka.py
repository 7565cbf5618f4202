"""The continuity bonus across services, over the real broker and databases (issue 22,
docs/continuity-bonus.md): the buyer defines the Essentials lot's `continuity_bonus_cents` through
procurement's API; the order and sessions reach attendance and billing over Kafka; organisations declare
through attendance's integration API, with a `person_ref` that attendance turns into the region's
pseudonym; billing earns the bonus on the Essentials order once per person who went on to a certifying
session at another organisation within 90 days, withdraws the one whose entry was cancelled as a
mistake, and invoices the rest at the closing.

Months of its own: 2040-01 and 2040-02 closed, 2040-03 for facts only (billing's tests share the session's topics)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

from pacte_contracts import attendance as att
from pacte_platform.auth import issue_token
from pacte_testing import Infra, RunningService, settings_for, start_service, stop_service, wait_until

from .conftest import Billing
from .feeds import BONUS, PathwayFacts, close, invoices_of

PROFILE = {"age_band": "26-44", "qualification": "bac", "jobseeker_registered": True}


def week(monday: date) -> list[str]:
    return [(monday + timedelta(days=i)).isoformat() for i in range(5)]


@asynccontextmanager
async def running(service: str, infra: Infra, database_url: str) -> AsyncIterator[RunningService]:
    app = __import__(f"pacte_{service}.entrypoints.app", fromlist=["build_runtime", "create_app"])
    runtime = app.build_runtime(settings_for(infra, database_url, service))
    started = await start_service(runtime, app.create_app(runtime))
    try:
        yield started
    finally:
        await stop_service(started)


class Buyer:
    """Procurement's API as the buyer uses it: organisations, tenders, lots, orders, sessions."""

    def __init__(self, procurement: RunningService) -> None:
        self.client, runtime = procurement.client, procurement.runtime
        self.headers = {"Authorization": "Bearer " + issue_token(runtime.settings.auth_secret,  # type: ignore[attr-defined]
                                                                 "buyer-test", ["buyer"])}

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await self.client.post(path, json=body, headers=self.headers)
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    async def order(self, suffix: str, holder: str, axis: str, action_type: str, bonus: int,
                    sessions: dict[str, list[str]]) -> str:
        tender, lot, order = f"T-{suffix}", f"L-{suffix}", f"O-{suffix}"
        await self.post("/organisations", {"organisation_id": holder, "name": holder})
        await self.post("/tenders", {"tender_id": tender, "reference": tender, "title": "t", "axis": axis,
                                     "procedure": "open", "budget_cents": 10_000_000, "starts_on": "2040-01-01",
                                     "ends_on": "2040-12-31"})
        await self.post("/lots", {"lot_id": lot, "tender_id": tender, "number": 1, "title": "Lot", "territory": "69",
                                  "domain": "digital", "action_type": action_type, "billing_unit": "trainee_hour",
                                  "unit_price_cents": 0, "session_capacity": 10, "return_to_work_bonus_cents": 0,
                                  "continuity_bonus_cents": bonus, "additional_modules": []})
        await self.post(f"/lots/{lot}/award", {"organisation_id": holder, "organisation_name": holder,
                                               "members": [holder]})
        await self.post("/orders", {"order_id": order, "lot_id": lot, "amount_cents": 1_000_000})
        for session_id, days in sessions.items():
            await self.post("/sessions", {"session_id": session_id, "order_id": order, "starts_on": days[0],
                                          "ends_on": days[-1], "planned_days": days, "hours_per_day": 7,
                                          "capacity": 10, "place": "Lyon"})
        return order


class Organisation:
    """An organisation's software on attendance's integration API, with the key the buyer issued it."""

    def __init__(self, attendance: RunningService, organisation_id: str) -> None:
        self.client, self.runtime, self.organisation_id = attendance.client, attendance.runtime, organisation_id
        self.key: dict[str, str] = {}

    async def get_key(self) -> None:
        token = issue_token(self.runtime.settings.auth_secret, "buyer-test", ["buyer"])  # type: ignore[attr-defined]

        async def issued() -> bool:  # once attendance has read procurement's registration
            answer = await self.client.post(f"/back-office/organisations/{self.organisation_id}/keys",
                                            headers={"Authorization": f"Bearer {token}"})
            self.key = {"X-Api-Key": answer.json()["api_key"]} if answer.status_code == 201 else {}
            return bool(self.key)

        await wait_until(issued, timeout=30)

    async def declare(self, session_id: str, *records: dict[str, Any]) -> None:
        async def sent() -> bool:  # once attendance has read procurement's session
            answer = await self.client.post("/v1/batch", headers=self.key, json={
                "records": [{"session_id": session_id, **r} for r in records]})
            assert answer.status_code == 200, answer.text
            refused = [r for r in answer.json()["results"] if r.get("reason")]
            assert all(r["reason"] == "unknown_session" for r in refused), refused
            return not refused

        await wait_until(sent, timeout=30)

    async def cancel(self, session_id: str, trainee_id: str) -> None:
        answer = await self.client.post(f"/v1/sessions/{session_id}/enrolment-cancellations", headers=self.key,
                                        json={"trainee_id": trainee_id})
        assert answer.status_code in (200, 201), answer.text


def enrol(trainee_id: str, on: str, person_ref: str) -> dict[str, Any]:
    return {"cmd": "trainee.enrol", "trainee_id": trainee_id, "date": on, "profile": {**PROFILE,
                                                                                     "person_ref": person_ref}}


async def test_the_lots_bonus_flows_from_procurement_to_the_essentials_invoice_once_per_person(
        infra: Infra, database_url: str, billing: Billing) -> None:
    suffix = uuid.uuid4().hex[:6]
    amina, bruno = f"FT{suffix}A1".upper(), f"FT{suffix}B2".upper()
    essentials_week, next_week, week_after = week(date(2040, 1, 9)), week(date(2040, 2, 6)), week(date(2040, 2, 13))
    async with running("procurement", infra, database_url) as procurement, \
            running("attendance", infra, database_url) as attendance:
        buyer = Buyer(procurement)
        essentials = await buyer.order(f"E{suffix}", f"OF-A-{suffix}", "essentials", "preparatory", BONUS,
                                       {f"S-E-{suffix}": essentials_week})
        await buyer.order(f"C{suffix}", f"OF-B-{suffix}", "qualifying", "certifying", 0,
                          {f"S-C-{suffix}": next_week, f"S-D-{suffix}": week_after})
        of_a, of_b = Organisation(attendance, f"OF-A-{suffix}"), Organisation(attendance, f"OF-B-{suffix}")
        await of_a.get_key()
        await of_b.get_key()

        # Amina and Bruno complete the Essentials session at OF-A on 2040-01-13 ...
        await of_a.declare(f"S-E-{suffix}", enrol("A-1", essentials_week[0], amina),
                           enrol("A-2", essentials_week[0], bruno),
                           *({"cmd": "trainee.complete", "trainee_id": t, "date": essentials_week[-1],
                              "certification": "none"} for t in ("A-1", "A-2")))
        # ... and enter certifying sessions at OF-B within 90 days; Amina twice (the bonus is once per person).
        await of_b.declare(f"S-C-{suffix}", enrol("B-7", next_week[0], amina), enrol("B-8", next_week[1], bruno))
        await of_b.declare(f"S-D-{suffix}", enrol("B-7", week_after[0], amina))

        async def accrued() -> int:
            answer = await billing.client.get(f"/orders/{essentials}/accrual", headers=billing.headers("auditor"))
            return int(answer.json()["accrued_cents"]) if answer.status_code == 200 else -1

        async def accrues(cents: int) -> bool:
            return await accrued() == cents

        await wait_until(lambda: accrues(2 * BONUS), timeout=30)
        # Bruno's entry was a mistake: cancelled, it never existed, and neither did his bonus.
        await of_b.cancel(f"S-C-{suffix}", "B-8")
        await wait_until(lambda: accrues(BONUS), timeout=30)  # the cancellation refreshes the Essentials order
        for service in (procurement, attendance):
            await wait_until(lambda s=service: _relayed(s), timeout=30)

        await close(billing, "2040-01")
        await close(billing, "2040-02")
    [invoice] = await invoices_of(billing, essentials)  # nothing in January: the bonus is dated on the entry
    assert invoice["period"] == "2040-02"
    assert [(line["kind"], line["origin_period"], line["quantity"], line["amount_cents"])
            for line in invoice["lines"]] == [("continuity", "2040-02", "1", BONUS)]
    assert invoice["total_cents"] == BONUS and await accrued() == 0


async def _relayed(service: RunningService) -> bool:
    return not await service.runtime.outbox_depth()  # type: ignore[attr-defined]


class Pathway(PathwayFacts):
    """The pathway's facts, fed to a running billing."""

    def __init__(self, billing: Billing, essentials_day: str, next_day: str) -> None:
        super().__init__(essentials_day, next_day)
        self.billing = billing

    async def accrued(self, cents: int) -> bool:
        answer = await self.billing.client.get(f"/orders/{self.essentials.order_id}/accrual",
                                               headers=self.billing.headers("auditor"))
        return answer.status_code == 200 and answer.json()["accrued_cents"] == cents


async def test_a_cancelled_next_step_takes_the_bonus_back_from_the_accrual_at_once(billing: Billing) -> None:
    """The cancellation names no person: billing finds the person the stay had, and refreshes the
    accrual of that person's Essentials order without waiting for another fact."""
    p = Pathway(billing, "2040-03-05", "2040-03-19")
    await billing.publish([p.essentials, p.certifying, p.first, p.then, *p.stays()])
    await wait_until(lambda: p.accrued(BONUS), timeout=30)
    await billing.publish([att.EnrolmentCancelled(session_id=p.then.session_id, organisation_id="OF-B",
                                                  trainee_key="t_2", enrolled_on=p.then.starts_on, stay_revision=2)])
    await wait_until(lambda: p.accrued(0), timeout=30)


async def test_the_bonus_accrues_whichever_of_its_facts_comes_last(billing: Billing) -> None:
    """Stays, session links and orders come on different topics: the person's stays first, the next
    step's order last, and the Essentials order's accrual still carries the bonus."""
    p = Pathway(billing, "2040-04-02", "2040-04-16")
    await billing.publish(p.stays())
    await billing.quiet()
    await billing.publish([p.essentials, p.first])
    await billing.quiet()
    await wait_until(lambda: p.accrued(0), timeout=30)  # the next step's session is not known yet
    await billing.publish([p.then])
    await billing.quiet()
    await billing.publish([p.certifying])
    await wait_until(lambda: p.accrued(BONUS), timeout=30)
