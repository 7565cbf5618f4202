"""Finance as a new user would work, over a real stack with the corrections scenario played into it.

First every invoice of `corrections.jsonl` (disputed, re-issued, negative, over the ceiling, at price 0)
gets its Factur-X document: the `factur-x` package validates its XML against the EN 16931 XSD, its totals
are the invoice's to the cent, and the first pages of a few are rendered to PNG with `pdftoppm` into
test-artifacts/web/ (to be looked at); the accounting export adds up to the invoices of every period.
Then, in the browser, finance closes a period, approves and pays invoices in bulk, downloads a Factur-X
invoice and its service-done certificate, and exports the month for the accountant, whose rows add up to
the invoices.
"""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import facturx
import httpx
import pytest

from pacte_billing.domain.cii import NS

from .test_back_office import ARTIFACTS, api, flash, login, shot, wait_quiet

pytestmark = pytest.mark.e2e

CORRECTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios" / "corrections.jsonl"


def fictitious_siret(n: int) -> str:
    """14 digits with a valid Luhn key (not a real establishment's)."""
    body = f"9{n:012d}"
    for key in range(10):
        digits = [int(d) for d in body + str(key)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return body + str(key)
    raise AssertionError("unreachable")


def play_corrections(stack: Any) -> None:
    from pacte_cli.quiet import close_probes
    from pacte_cli.scenario.player import Player, read_lines

    async def run() -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            player = Player.on_stack(stack, client)
            try:
                await player.play(read_lines(CORRECTIONS))
            finally:
                await close_probes()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        pool.submit(asyncio.run, run()).result()


def register_legal_data(stack: Any) -> None:
    """The buyer registers each organisation's SIRET, address and VAT standing, as the registry page does."""
    with api(stack, "buyer") as procurement:
        organisations = procurement.get(f"{stack.url('procurement')}/organisations", params={"limit": 500}).json()
        for n, o in enumerate(organisations["items"], start=1):
            body = {"organisation_id": o["organisation_id"], "name": o["name"], "siret": fictitious_siret(n),
                    "address": {"line_one": f"{n} avenue des Formations", "postcode": "69003", "city": "Lyon"},
                    "vat_status": "franchise" if n % 2 else "not_subject"}
            answer = procurement.post(f"{stack.url('procurement')}/organisations", json=body)
            assert answer.status_code in (200, 201), answer.text


def document_totals(pdf: bytes) -> tuple[str, dict[str, str]]:
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    root = ET.fromstring(xml)  # noqa: S314 (billing's own document, validated against the XSD just above)
    summary = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    type_code = root.find("rsm:ExchangedDocument/ram:TypeCode", NS)
    assert summary is not None and type_code is not None
    return type_code.text or "", {child.tag.split("}")[1]: child.text or "" for child in summary}


def euros(cents: int) -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def first_page_png(pdf: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(ARTIFACTS / name)], check=True, timeout=60)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture(scope="module")
def corrections(stack: Any) -> list[dict[str, Any]]:
    """The stack with the corrections scenario played and the organisations' legal data registered: every
    invoice of the scenario (its orders are BC-000 to BC-008)."""
    play_corrections(stack)
    register_legal_data(stack)
    wait_quiet(stack)
    with api(stack, "finance") as billing:
        page = billing.get(f"{stack.url('billing')}/back-office/invoices", params={"limit": 500}).json()
    return [i for i in page["items"] if i["order_id"].startswith("BC-00")]


def test_every_invoice_of_the_corrections_gets_a_valid_facturx_document(
        stack: Any, corrections: list[dict[str, Any]], browser: Any) -> None:
    # `browser` first clears the previous run's screenshots: the pages rendered here are this run's.
    assert len(corrections) >= 41
    kinds = {"disputed": False, "reissued": False, "negative": False, "over_ceiling": False, "price_0": False}
    timings: list[float] = []
    with api(stack, "finance") as billing:
        for invoice in corrections:
            full = billing.get(f"{stack.url('billing')}/invoices/{invoice['invoice_id']}").json()
            started = time.perf_counter()
            answer = billing.get(f"{stack.url('billing')}/invoices/{invoice['invoice_id']}/document")
            timings.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
            type_code, totals = document_totals(answer.content)
            sign = -1 if full["payable_cents"] < 0 else 1
            assert type_code == ("261" if sign < 0 else "389")
            over = sign * full["over_ceiling_cents"]
            assert totals == {
                "LineTotalAmount": euros(sign * full["total_cents"]), "ChargeTotalAmount": euros(max(0, -over)),
                "AllowanceTotalAmount": euros(max(0, over)), "TaxBasisTotalAmount": euros(sign * full["payable_cents"]),
                "TaxTotalAmount": "0.00", "GrandTotalAmount": euros(sign * full["payable_cents"]),
                "DuePayableAmount": euros(sign * full["payable_cents"])}, invoice["invoice_id"]
            again = billing.get(f"{stack.url('billing')}/invoices/{invoice['invoice_id']}/document")
            assert again.content == answer.content  # stored once generated
            kinds["disputed"] |= full["status"] == "disputed"
            kinds["reissued"] |= full["reissued"]
            kinds["negative"] |= full["payable_cents"] < 0
            kinds["over_ceiling"] |= full["over_ceiling_cents"] > 0
            kinds["price_0"] |= any(line["unit_price_cents"] == 0 for line in full["lines"])
            for wanted, looked_at in (("negative", full["payable_cents"] < 0), ("reissued", full["reissued"]),
                                      ("price_0", full["lines"] and full["lines"][0]["unit_price_cents"] == 0)):
                if looked_at and not (ARTIFACTS / f"facturx-{wanted}.png").exists() and shutil.which("pdftoppm"):
                    first_page_png(answer.content, f"facturx-{wanted}")
    assert all(kinds.values()), kinds
    # The accounting export (every issue date) adds up, period by period, to the invoices' totals and payables.
    with api(stack, "auditor") as billing:
        rows = billing.get(f"{stack.url('billing')}/back-office/exports/accounting",
                           params={"from": "2000-01-01", "to": "2100-12-31", "format": "json"}).json()
        invoices = billing.get(f"{stack.url('billing')}/invoices").json()
    periods = {i["period"] for i in corrections}
    for period in periods:
        mine = [i for i in invoices if i["period"] == period and i["order_id"].startswith("BC-00")]
        exported = [r for r in rows if r["period"] == period and r["order_id"].startswith("BC-00")]
        lines = sum(r["amount_cents"] for r in exported if r["kind"] != "over_ceiling")
        assert lines == sum(i["total_cents"] for i in mine), period
        assert sum(r["amount_cents"] for r in exported) == sum(i["payable_cents"] for i in mine), period
    print(f"Factur-X generation over {len(timings)} invoices: median {statistics.median(timings):.0f} ms, "
          f"mean {statistics.mean(timings):.0f} ms, max {max(timings):.0f} ms (first request: render and store)")


def test_finance_closes_approves_and_pays_in_bulk_downloads_and_exports(
        stack: Any, corrections: list[dict[str, Any]], new_page: Any, tmp_path: Path) -> None:
    finance = new_page()
    login(finance, "bruno", stack.dev_password)
    # Close a month in the web app (the one after the scenario's last closing).
    finance.get_by_label("Période (AAAA-MM)").fill("2020-09")
    finance.get_by_role("button", name="Clôturer la période").click()
    finance.wait_for_url("**/facturation/periodes/2020-09")
    finance.get_by_test_id("period-status").filter(has_text="Clôturée").wait_for(timeout=60_000)

    # Approve every issued invoice of December 2019 at once, then pay them with one transfer.
    finance.goto("/facturation")
    filters = finance.get_by_role("form", name="Filtrer les factures")
    filters.get_by_label("Statut").select_option("issued")
    filters.get_by_label("Période").fill("2019-12")
    filters.get_by_role("button", name="Filtrer les factures").click()
    # The form sends its empty fields too: the page is the one whose query holds the two chosen.
    finance.wait_for_url(lambda url: "statut=issued&periode=2019-12" in url)
    boxes = finance.get_by_role("checkbox")
    chosen = [boxes.nth(n).get_attribute("value") for n in range(boxes.count())]
    assert len(chosen) >= 2
    for n in range(boxes.count()):
        boxes.nth(n).check()
    shot(finance, "20-facturation-selection")
    finance.get_by_role("button", name="Approuver la sélection").click()
    finance.get_by_test_id("flash").filter(has_text="approuvées").wait_for()
    assert f"{len(chosen)} factures approuvées." in flash(finance)
    finance.goto("/facturation?statut=approved&periode=2019-12")
    boxes = finance.get_by_role("checkbox")
    for n in range(boxes.count()):
        if boxes.nth(n).get_attribute("value") in chosen:
            boxes.nth(n).check()
    finance.get_by_label("Référence du virement").fill("VIR-2020-01-0042")
    finance.get_by_label("Payé le").fill("2020-01-20")
    finance.get_by_role("button", name="Payer la sélection").click()
    finance.get_by_test_id("flash").filter(has_text="payées").wait_for()
    assert f"{len(chosen)} factures payées." in flash(finance)
    shot(finance, "21-facturation-payees")

    # Download one of them as Factur-X, and its service-done certificate.
    finance.goto(f"/factures/{chosen[0]}")
    documents = finance.get_by_test_id("invoice-documents")
    with finance.expect_download() as download:
        documents.get_by_role("link", name="Factur-X").click()
    invoice_pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(invoice_pdf)
    assert document_totals(invoice_pdf.read_bytes())[0] == "389"
    with finance.expect_download() as download:
        documents.get_by_role("link", name="Attestation de service fait").click()
    certificate = tmp_path / download.value.suggested_filename
    download.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF") and "attestation" in certificate.name
    if shutil.which("pdftoppm"):
        first_page_png(invoice_pdf.read_bytes(), "facturx-paid-in-bulk")
        first_page_png(certificate.read_bytes(), "attestation-service-fait")
    shot(finance, "22-facture-documents")

    # Export December 2019 for the accountant: its rows add up to the invoices of the month.
    finance.goto("/facturation")
    export = finance.get_by_role("region", name="Export pour le comptable")
    export.get_by_label("Mois facturé").fill("2019-12")
    with finance.expect_download() as download:
        export.get_by_role("button", name="Exporter le mois").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")),
                               delimiter=";"))
    with api(stack, "auditor") as billing:
        month = [i for i in billing.get(f"{stack.url('billing')}/invoices").json() if i["period"] == "2019-12"]
    amount = {row_kind: sum(Decimal(r["montant"].replace(",", ".")) for r in rows if (r["nature"] == "over_ceiling")
                             == (row_kind == "ceiling")) for row_kind in ("lines", "ceiling")}
    assert amount["lines"] == Decimal(sum(i["total_cents"] for i in month)) / 100
    assert amount["lines"] + amount["ceiling"] == Decimal(sum(i["payable_cents"] for i in month)) / 100
    assert {r["reference_paiement"] for r in rows if r["facture"] in chosen} == {"VIR-2020-01-0042"}
