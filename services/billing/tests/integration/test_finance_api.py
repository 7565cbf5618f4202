"""Finance over the real broker and database: the organisation's legal data read from procurement's
events, Factur-X documents (stored once, valid, totals equal to the invoice's, served to finance and to
the organisation), the service-done certificate, bulk approve and pay, the back-office list with
cursors, ceiling alerts, and the accounting export (streamed, summing to the invoices)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import facturx

from pacte_billing.domain.cii import NS
from pacte_contracts import procurement as proc

from .feeds import attendance, close, ids, order, organisation_key, session

SIRET = "73282932000074"


def registered(organisation_id: str, siret: str | None = SIRET) -> proc.OrganisationRegistered:
    return proc.OrganisationRegistered(
        organisation_id=organisation_id, name=f"Organisme {organisation_id} & associés", siret=siret,
        address=proc.PostalAddress(line_one="12 rue de la Gare", postcode="69003", city="Lyon"),
        vat_status="registered", vat_number="FR44732829320")


def xml_totals(pdf: bytes) -> dict[str, str]:
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml"
    root = ET.fromstring(xml)  # noqa: S314 (billing's own document, just validated against the XSD)
    summary = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    assert summary is not None
    return {child.tag.split("}")[1]: child.text or "" for child in summary}


async def test_documents_certificates_bulk_commands_list_and_export(billing: Any) -> None:
    # A period of its own: billing restores closed periods from its events on the shared topics, so a period
    # another test closed would be closed here already.
    s = ids()
    holder = f"OF-{s}"
    small = order(f"A-{s}", price=1000, amount=100_000, holder=holder, tender=f"T-{s}")
    capped = order(f"B-{s}", price=1000, amount=5_000, holder=holder, tender=f"T-{s}", axis="essentials")
    await billing.publish([small, capped, session(f"SA-{s}", small, ["2038-01-09"]),
                           session(f"SB-{s}", capped, ["2038-01-09"]),
                           attendance(f"SA-{s}", "t1", "2038-01-09", "7.5"),
                           attendance(f"SB-{s}", "t2", "2038-01-09", "7")])
    await close(billing, "2038-01")
    c, finance, auditor = billing.client, billing.headers(), billing.headers("auditor")
    page = (await c.get("/back-office/invoices", headers=auditor, params={"tender_id": f"T-{s}"})).json()
    assert page["count"] == 2 and [i["order_id"] for i in page["items"]] == [small.order_id, capped.order_id]
    a_id, b_id = (i["invoice_id"] for i in page["items"])

    # No legal data yet: the document waits for it rather than being kept without a SIRET.
    r = await c.get(f"/invoices/{a_id}/document", headers=auditor)
    assert (r.status_code, r.json()["code"]) == (409, "legal_data_missing")
    await billing.publish([registered(holder)])
    await billing.quiet()
    r = await c.get(f"/invoices/{b_id}/document", headers=auditor)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert xml_totals(r.content) == {"LineTotalAmount": "70.00", "ChargeTotalAmount": "0.00",
                                     "AllowanceTotalAmount": "20.00", "TaxBasisTotalAmount": "50.00",
                                     "TaxTotalAmount": "0.00", "GrandTotalAmount": "50.00", "DuePayableAmount": "50.00"}
    again = await c.get(f"/invoices/{b_id}/document", headers=auditor)
    assert again.content == r.content and again.headers["etag"] == r.headers["etag"]  # stored, never re-rendered
    mine = await organisation_key(billing, holder)
    other = await organisation_key(billing, f"OF-OTHER-{s}")
    await billing.quiet()
    assert (await c.get(f"/v1/invoices/{b_id}/document", headers=mine)).content == r.content
    assert (await c.get(f"/v1/invoices/{b_id}/document", headers=other)).status_code == 404

    # Bulk approve: one refused (unknown), the others each decided; then the certificate names the approver.
    r = await c.post(f"/invoices/{a_id}/certificate", headers=finance)
    assert r.status_code == 405
    assert (await c.get(f"/invoices/{a_id}/certificate", headers=auditor)).json()["code"] == "not_approved"
    r = await c.post("/back-office/invoices/approve", headers=finance,
                     json={"invoice_ids": [a_id, "INV-NOPE", b_id]})
    assert r.status_code == 200, r.text
    assert [(x["invoice_id"], x["outcome"], x["code"]) for x in r.json()["results"]] == [
        (a_id, "done", None), ("INV-NOPE", "refused", "not_found"), (b_id, "done", None)]
    r = await c.post("/back-office/invoices/approve", headers=finance, json={"invoice_ids": [a_id]})
    assert r.json()["results"][0]["code"] == "invalid"  # approved already
    certificate = await c.get(f"/invoices/{a_id}/certificate", headers=auditor)
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    r = await c.post("/back-office/invoices/pay", headers=finance,
                     json={"invoice_ids": [a_id, b_id], "payment_reference": "VIR-2038-02-001",
                           "paid_on": "2038-02-10"})
    assert r.json()["done"] == 2
    listed = (await c.get("/back-office/invoices", headers=auditor,
                          params={"tender_id": f"T-{s}", "status": "paid", "limit": 1})).json()
    assert listed["count"] == 2 and len(listed["items"]) == 1 and listed["items"][0]["certified"]
    rest = (await c.get("/back-office/invoices", headers=auditor,
                        params={"tender_id": f"T-{s}", "status": "paid", "cursor": listed["next_cursor"]})).json()
    assert [i["invoice_id"] for i in rest["items"]] == [b_id] and rest["next_cursor"] is None
    assert (await c.get("/back-office/invoices", headers=auditor, params={"cursor": "!"})).status_code == 422

    # The capped order is an alert of billing's own.
    alerts = (await c.get("/back-office/ceiling-alerts", headers=auditor, params={"tender_id": f"T-{s}"})).json()
    assert [(a["order_id"], a["ceiling_cents"], a["payable_cents"], a["over_ceiling_cents"])
            for a in alerts["items"]] == [(capped.order_id, 5_000, 5_000, 2_000)]

    # The accounting export: lines, then the ceiling's row; each invoice's rows add up to its payable.
    r = await c.get("/back-office/exports/accounting", headers=auditor, params={"period": "2038-01"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = [row for row in csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";")
            if row["marche"] == f"T-{s}"]
    assert [(row["bon_de_commande"], row["nature"], row["montant"]) for row in rows] == [
        (small.order_id, "trainee_hour", "75,00"), (capped.order_id, "trainee_hour", "70,00"),
        (capped.order_id, "over_ceiling", "-20,00")]
    assert {row["siret"] for row in rows} == {SIRET} and {row["reference_paiement"] for row in rows} == \
        {"VIR-2038-02-001"}
    assert sum(Decimal(row["montant"].replace(",", ".")) for row in rows) == Decimal("125.00")
    r = await c.get("/back-office/exports/accounting", headers=auditor,
                    params={"from": "2000-01-01", "to": "2100-01-01", "format": "json"})
    mine_rows = [row for row in r.json() if row["tender_id"] == f"T-{s}"]
    assert [row["amount_cents"] for row in mine_rows] == [7500, 7000, -2000]
    r = await c.get("/back-office/exports/accounting", headers=auditor)
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
