"""The organisation's reads of billing over the real broker and database: its orders with committed,
invoiced, paid and remaining money and the payment forecast of its accrual, one invoice, the facts
behind a line, invoices filtered. Each route answers 404 to another organisation's key, as for an
absent id, and lists never show what is not the caller's."""

from __future__ import annotations

from typing import Any

from .feeds import attendance, close, ids, order, organisation_key, session


async def test_orders_money_forecast_invoices_and_facts_are_the_holders_only(billing: Any) -> None:
    s = ids()
    o = order(f"O-{s}", price=1000, amount=25_000, holder=f"OF-{s}")
    trainee = f"t_{s}"
    await billing.publish([o, session(f"S-{s}", o, ["2039-01-09", "2039-02-06"]),
                           attendance(f"S-{s}", trainee, "2039-01-09", "10")])
    holder = await organisation_key(billing, o.holder_organisation_id)
    intruder = await organisation_key(billing, f"OF-OTHER-{s}")
    await close(billing, "2039-01")
    c = billing.client
    invoice_id = f"INV-{o.order_id}-2039-01-v1"
    r = await c.post(f"/orders/{o.order_id}/invoices/2039-01/approve", headers=billing.headers())
    assert r.status_code == 200, r.text
    r = await c.post(f"/orders/{o.order_id}/invoices/2039-01/pay", headers=billing.headers())
    assert r.status_code == 200, r.text
    # February's hours are accrued, not invoiced: 20 h at 10 € is 20,000, of which 15,000 fit under the ceiling.
    await billing.publish([attendance(f"S-{s}", trainee, "2039-02-06", "20")])
    await billing.quiet()

    mine = (await c.get("/v1/orders", headers=holder)).json()
    assert mine["next_cursor"] is None
    [got] = mine["items"]
    assert {k: got[k] for k in ("order_id", "status", "committed_cents", "invoiced_cents", "paid_cents",
                                "remaining_cents", "accrued_cents", "forecast_payable_cents", "invoices")} == {
        "order_id": o.order_id, "status": "placed", "committed_cents": 25_000, "invoiced_cents": 10_000,
        "paid_cents": 10_000, "remaining_cents": 15_000, "accrued_cents": 20_000, "forecast_payable_cents": 15_000,
        "invoices": 1}
    assert (await c.get(f"/v1/orders/{o.order_id}", headers=holder)).json() == got
    forecast = (await c.get(f"/v1/orders/{o.order_id}/accrual", headers=holder)).json()
    assert (forecast["forecast_payable_cents"], forecast["forecast_over_ceiling_cents"]) == (15_000, 5_000)

    invoice = (await c.get(f"/v1/invoices/{invoice_id}", headers=holder)).json()
    assert (invoice["status"], invoice["payable_cents"], invoice["lines"][0]["n"]) == ("paid", 10_000, 1)
    facts = (await c.get(f"/v1/invoices/{invoice_id}/lines/1/facts", headers=holder)).json()
    assert [(f["subject"], f["quantity"], f["current_at_issue"]) for f in facts["facts"]] == [(trainee, "10", True)]
    filtered = await c.get("/v1/invoices", headers=holder, params={"period": "2039-01", "status": "paid"})
    assert [i["invoice_id"] for i in filtered.json()] == [invoice_id]
    assert (await c.get("/v1/invoices", headers=holder, params={"status": "issued"})).json() == []
    r = await c.get("/v1/invoices", headers=holder, params={"period": "2035-13"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid")

    assert (await c.get("/v1/orders", headers=intruder)).json() == {"items": [], "next_cursor": None}
    for path in (f"/v1/orders/{o.order_id}", f"/v1/orders/{o.order_id}/accrual", f"/v1/invoices/{invoice_id}",
                 f"/v1/invoices/{invoice_id}/lines/1/facts", f"/v1/orders/NOPE-{s}", f"/v1/invoices/INV-NOPE-{s}",
                 f"/v1/invoices/{invoice_id}/lines/9/facts"):
        for who in (intruder, *((holder,) if "NOPE" in path or "/9/" in path else ())):
            r = await c.get(path, headers=who)
            assert (r.status_code, r.json()["code"]) == (404, "not_found"), path
    for path in ("/v1/orders", f"/v1/orders/{o.order_id}", f"/v1/invoices/{invoice_id}"):
        assert (await c.get(path)).status_code == 401
