"""Rules version 2 over the real broker and database: disputes and re-issues (by finance and by the
next closing), order closings, withdrawn open days and cancelled enrolments, free lots, negative
payables, and a rebuild from billing's own events."""

from __future__ import annotations

from typing import Any

from pacte_contracts import attendance as att

from .feeds import attendance, close, ids, invoices_of, order, organisation_key, read_events, session, stay


def summary(invoice: dict[str, Any]) -> tuple[Any, ...]:
    lines = [(x["kind"], x["origin_period"], x["quantity"], x["amount_cents"]) for x in invoice["lines"]]
    return (invoice["period"], invoice["version"], invoice["status"], lines, invoice["total_cents"],
            invoice["payable_cents"], invoice["over_ceiling_cents"])


async def test_dispute_then_the_next_closing_reissues_it(billing: Any) -> None:
    s = ids()
    o = order(f"O-{s}", price=1000, amount=30_000, holder=f"OF-{s}")
    trainee = f"t_{s}"
    await billing.publish([o, session(f"S-{s}", o, ["2034-01-09", "2034-02-06"]),
                           attendance(f"S-{s}", trainee, "2034-01-09", "10")])
    holder = await organisation_key(billing, o.holder_organisation_id)
    intruder = await organisation_key(billing, f"OF-INTRUDER-{s}")
    await close(billing, "2034-01")
    c, url = billing.client, f"/v1/orders/{o.order_id}/invoices/2034-01/dispute"

    # SCENARIO.md's order: malformed first, then forbidden (a known order), then invalid values.
    for body in ({}, {"reason": ""}, {"reason": 3}):
        r = await c.post(url, headers=intruder, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "invalid"), body
    r = await c.post(url, headers=intruder, json={"reason": "   "})
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = await c.post(f"/v1/orders/NOPE-{s}/invoices/2034-01/dispute", headers=intruder, json={"reason": "x"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    for path, body in ((url, {"reason": "  "}), (f"/v1/orders/{o.order_id}/invoices/2034-02/dispute", {"reason": "x"})):
        r = await c.post(path, headers=holder, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "invalid")
    r = await c.post(url, headers=holder, json={"reason": "journée du 14 non comptée"})
    assert r.status_code == 200 and r.json()["status"] == "disputed"
    r = await c.post(url, headers=holder, json={"reason": "again"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid")  # the latest version is disputed now
    r = await c.post(f"/orders/{o.order_id}/invoices/2034-01/approve", headers=billing.headers())
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    await billing.quiet()
    # The disputed version stops counting at once: what it billed is accrued again.
    r = await c.get(f"/orders/{o.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == 10_000
    r = await c.get(f"/orders/{o.order_id}", headers=billing.headers("auditor"))
    assert (r.json()["payable_cents"], r.json()["status"]) == (0, "placed")
    # An order with a disputed latest version cannot be closed.
    r = await c.post(f"/orders/{o.order_id}/close", headers=billing.headers("buyer"))
    assert (r.status_code, r.json()["code"]) == (422, "invalid")

    # A correction, then the next closing: it re-issues the disputed invoice first (from the facts
    # known now), then issues its own period's invoices (none here: nothing new in February).
    await billing.publish([attendance(f"S-{s}", trainee, "2034-01-09", "8", revision=2)])
    await close(billing, "2034-02")
    got = await invoices_of(billing, o.order_id)
    assert [summary(i) for i in got] == [
        ("2034-01", 1, "disputed", [("trainee_hour", "2034-01", "10", 10_000)], 10_000, 10_000, 0),
        ("2034-01", 2, "issued", [("trainee_hour", "2034-01", "8", 8000)], 8000, 8000, 0),
    ]
    issued = [e.payload for e in await read_events(billing, "billing.invoice.v1", o.order_id)
              if e.type == "InvoiceIssued"]
    assert [(e["version"], e["reissued"]) for e in issued] == [(1, False), (2, True)]
    r = await c.post(f"/orders/{o.order_id}/invoices/2034-01/reissue", headers=billing.headers())
    assert (r.status_code, r.json()["code"]) == (422, "invalid")  # the latest version is not disputed

    # The organisation sees the dispute and the version that replaced it.
    mine = {i["version"]: i for i in (await c.get("/v1/invoices", headers=holder)).json()}
    assert mine[1]["status"] == "disputed" and mine[1]["dispute_reason"] == "journée du 14 non comptée"
    assert mine[1]["replaced_by"] == f"INV-{o.order_id}-2034-01-v2" and not mine[1]["counts"]
    assert mine[2]["reissued"] and mine[2]["counts"] and mine[2]["replaced_by"] is None
    assert (await c.get("/v1/invoices", headers=intruder)).json() == []
    async with billing.runtime.db().acquire() as conn:
        audited = await conn.fetch("SELECT actor, role FROM audit_log WHERE action = 'invoice.dispute' "
                                   "AND entity_id = $1", f"INV-{o.order_id}-2034-01-v1")
    assert [(a["actor"], a["role"]) for a in audited] == [(o.holder_organisation_id, "organisation")]


async def test_reissues_by_finance_after_a_later_period_and_with_no_lines(billing: Any) -> None:
    s = ids()
    late = order(f"L-{s}", price=1000, amount=15_000, holder=f"OF-{s}")
    empty = order(f"E-{s}", price=1000, amount=15_000, holder=f"OF-{s}")
    await billing.publish([late, empty, session(f"SL-{s}", late, ["2035-01-07"]),
                           session(f"SE-{s}", empty, ["2035-01-07"]),
                           attendance(f"SL-{s}", "t1", "2035-01-07", "10"),
                           attendance(f"SE-{s}", "t1", "2035-01-07", "4")])
    holder = await organisation_key(billing, late.holder_organisation_id)
    await close(billing, "2035-01")
    # February: February's hours and a late January correction (+2 h), over the ceiling.
    await billing.publish([attendance(f"SL-{s}", "t1", "2035-01-07", "12", revision=2),
                           attendance(f"SL-{s}", "t1", "2035-02-04", "5")])
    await close(billing, "2035-02")
    for o in (late, empty):
        r = await billing.client.post(f"/v1/orders/{o.order_id}/invoices/2035-01/dispute", headers=holder,
                                      json={"reason": "heures manquantes"})
        assert r.status_code == 200, r.text
    # The disputed hours were recorded by mistake: corrected to 0 before finance re-issues.
    await billing.publish([attendance(f"SE-{s}", "t1", "2035-01-07", "0", revision=2)])
    await billing.quiet()
    r = await billing.client.post(f"/orders/{late.order_id}/invoices/2035-01/reissue", headers=billing.headers())
    assert r.status_code == 201 and r.json()["reissued"] and r.json()["version"] == 2
    r = await billing.client.post(f"/orders/{empty.order_id}/invoices/2035-01/reissue", headers=billing.headers())
    assert r.status_code == 201 and r.json()["lines"] == [] and r.json()["status"] == "issued"
    await billing.quiet()
    got = {(i["order_id"], i["period"], i["version"]): summary(i)
           for i in await invoices_of(billing, late.order_id, empty.order_id)}
    # January v2 bills January minus what February's invoice already billed for it; the ceiling counts
    # February's invoice only (version 1 no longer counts).
    assert got[late.order_id, "2035-02", 1] == ("2035-02", 1, "issued", [
        ("trainee_hour", "2035-01", "2", 2000), ("trainee_hour", "2035-02", "5", 5000)], 7000, 5000, 2000)
    assert got[late.order_id, "2035-01", 2] == ("2035-01", 2, "issued", [("trainee_hour", "2035-01", "10", 10_000)],
                                                10_000, 10_000, 0)
    # Nothing of January is billable any more: version 2 is issued all the same, no line, totals of 0.
    assert got[empty.order_id, "2035-01", 2] == ("2035-01", 2, "issued", [], 0, 0, 0)
    assert (empty.order_id, "2035-02", 1) not in got


async def test_closing_an_order_lowers_its_ceiling(billing: Any) -> None:
    s = ids()
    o = order(f"C-{s}", price=1000, amount=100_000, holder=f"OF-{s}")
    await billing.publish([o, session(f"S-{s}", o, ["2036-01-06"]), attendance(f"S-{s}", "t1", "2036-01-06", "30")])
    await close(billing, "2036-01")
    await billing.publish([attendance(f"S-{s}", "t1", "2036-02-03", "5")])
    await billing.quiet()
    c = billing.client
    r = await c.post(f"/orders/{o.order_id}/close", headers=billing.headers("finance"))
    assert r.status_code == 403  # the buyer closes orders
    r = await c.post(f"/orders/{o.order_id}/close", headers=billing.headers("buyer"))
    assert r.status_code == 200, r.text
    closed = r.json()
    assert (closed["status"], closed["amount_cents"], closed["closing"]["released_cents"]) == ("closed", 35_000, 65_000)
    for path in (f"/orders/{o.order_id}/close", f"/orders/NOPE-{s}/close"):
        r = await c.post(path, headers=billing.headers("buyer"))
        assert (r.status_code, r.json()["code"]) == (422, "invalid")
    await billing.quiet()
    [event] = [e.payload for e in await read_events(billing, "billing.invoice.v1", o.order_id)
               if e.type == "OrderClosed"]
    assert (event["previous_amount_cents"], event["amount_cents"], event["released_cents"]) == (100_000, 35_000, 65_000)
    # Later work is invoiced, above the lowered amount as over-ceiling.
    await billing.publish([attendance(f"S-{s}", "t1", "2036-02-04", "10")])
    await close(billing, "2036-02")
    got = await invoices_of(billing, o.order_id)
    assert summary(got[-1]) == ("2036-02", 1, "issued", [("trainee_hour", "2036-02", "15", 15_000)],
                                15_000, 5000, 10_000)
    per_tender = (await c.get("/budget/tenders", headers=billing.headers("auditor"))).json()
    assert per_tender[o.tender_id]["committed_cents"] >= 35_000


async def test_withdrawals_cancellations_free_lots_and_credits(billing: Any, billing_factory: Any) -> None:
    s = ids()
    days = order(f"D-{s}", unit="opening_day", price=1000, amount=50_000, holder=f"OF-{s}")
    free = order(f"F-{s}", price=0, amount=50_000, holder=f"OF-{s}")
    sd, sf = f"SD-{s}", f"SF-{s}"
    enrolled = att.TraineeEnrolled(session_id=sd, organisation_id="x", trainee_key="t1", date="2037-01-05",
                                   stay=stay(1, "2037-01-05"))
    open_days = [att.OpenDayDeclared(session_id=sd, organisation_id="x", date=day, revision=1)
                 for day in ("2037-01-05", "2037-01-06")]
    await billing.publish([days, free, session(sd, days, ["2037-01-05", "2037-01-06"]),
                           session(sf, free, ["2037-01-05"]), enrolled, *open_days,
                           attendance(sd, "t1", "2037-01-05", "0"), attendance(sf, "t9", "2037-01-05", "7.5")])
    await close(billing, "2037-01")
    got = {i["order_id"]: summary(i) for i in await invoices_of(billing, days.order_id, free.order_id)}
    assert got[free.order_id] == ("2037-01", 1, "issued", [("trainee_hour", "2037-01", "7.5", 0)], 0, 0, 0)
    assert got[days.order_id][3] == [("opening_day", "2037-01", "2", 2000)]

    # A day withdrawn, then the enrolment cancelled (its 0-hour record withdrawn with it): nothing is
    # billable any more; an older declaration delivered late does not bring the day back.
    await billing.publish([
        att.OpenDayWithdrawn(session_id=sd, organisation_id="x", date="2037-01-06", revision=2),
        att.EnrolmentCancelled(session_id=sd, organisation_id="x", trainee_key="t1", enrolled_on="2037-01-05",
                               stay_revision=2, withdrawn=[att.WithdrawnDeclaration(kind="attendance",
                                                                                    date="2037-01-05", revision=2)]),
    ])
    await billing.publish([open_days[1], enrolled])
    await billing.quiet()
    r = await billing.client.get(f"/orders/{days.order_id}/accrual", headers=billing.headers("auditor"))
    assert r.json()["accrued_cents"] == -2000
    await close(billing, "2037-02")
    got = {i["order_id"]: summary(i) for i in await invoices_of(billing, days.order_id) if i["period"] == "2037-02"}
    # What was invoiced and is no longer billable comes back as a negative line: a credit.
    assert got[days.order_id] == ("2037-02", 1, "issued", [("opening_day", "2037-01", "-2", -2000)],
                                  -2000, -2000, 0)

    # An empty database replaying the topics rebuilds the same invoices, re-issues and closings included.
    rebuilt = await billing_factory()
    await rebuilt.quiet(timeout=60)
    for order_id in (days.order_id, free.order_id):
        assert await invoices_of(rebuilt, order_id) == await invoices_of(billing, order_id)
    async with rebuilt.runtime.db().acquire() as conn:
        row = await conn.fetchrow("SELECT status, open FROM stays JOIN open_days USING (session_id) "
                                  "WHERE session_id = $1 AND day = '2037-01-06'", sd)
    assert (row["status"], row["open"]) == ("cancelled", False)
