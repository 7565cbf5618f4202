"""The Factur-X document of an invoice (EN 16931): type code, signs, the ceiling's allowance or charge,
VAT, totals equal to the invoice's, and an XML the official XSD accepts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import facturx
import pytest

from pacte_billing.domain.accounting import csv_cell, euros
from pacte_billing.domain.cii import NS, cii_xml
from pacte_billing.domain.documents import DocumentLine, InvoiceFacts, format_euros, invoice_document
from pacte_billing.domain.parties import Address, Party, missing_legal_data
from pacte_billing.domain.vat import FRANCHISE, NOT_SUBJECT, TRAINING_EXEMPT, vat_treatment
from pacte_contracts.codes import LineKind, VatStatus
from pacte_contracts.rules import siret_is_valid, vat_number_is_valid
from pacte_platform.spreadsheet import spreadsheet_safe

SELLER = Party("Organisme & Cie", "73282932000074", Address("12 rue de la Gare", None, "69003", "Lyon"),
               VatStatus.REGISTERED, "FR44732829320")
BUYER = Party("Acheteur public", "00000000000000", Address("1 place", "BP 1", "69001", "Lyon"))


def parsed(xml: bytes) -> ET.Element:
    """The document's XML, which billing wrote (never untrusted input here)."""
    return ET.fromstring(xml)  # noqa: S314


def facts(lines: list[tuple[LineKind, str, str, int, int]], payable: int, *, version: int = 1) -> InvoiceFacts:
    document_lines = [DocumentLine(n, kind, origin, None, Decimal(q), price, amount)
                      for n, (kind, origin, q, price, amount) in enumerate(lines, start=1)]
    total = sum(line.amount_cents for line in document_lines)
    replaces = (f"INV-BC-1-2024-01-v{version - 1}", date(2024, 2, 1)) if version > 1 else None
    return InvoiceFacts(f"INV-BC-1-2024-01-v{version}", "BC-1", "L-1", "T-1", "2024-01", version, date(2024, 2, 1),
                        document_lines, total, payable, total - payable, 900_000, version > 1, replaces)


def totals(xml: bytes) -> dict[str, str]:
    summary = parsed(xml).find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    assert summary is not None
    return {child.tag.split("}")[1]: child.text or "" for child in summary}


HOURS = (LineKind.TRAINEE_HOUR, "2024-01", "10.5", 1472, 15456)
CORRECTION = (LineKind.TRAINEE_HOUR, "2023-12", "-3", 1472, -4416)


@pytest.mark.parametrize(("lines", "payable", "type_code", "expected"), [
    ([HOURS], 15456, "389", {"LineTotalAmount": "154.56", "AllowanceTotalAmount": "0.00",
                             "TaxBasisTotalAmount": "154.56", "DuePayableAmount": "154.56"}),
    ([HOURS], 10000, "389", {"LineTotalAmount": "154.56", "AllowanceTotalAmount": "54.56",
                             "TaxBasisTotalAmount": "100.00", "DuePayableAmount": "100.00"}),
    ([CORRECTION], -4416, "261", {"LineTotalAmount": "44.16", "TaxBasisTotalAmount": "44.16",
                                  "DuePayableAmount": "44.16"}),
    # A correction making payable money held back above the ceiling earlier: a charge.
    ([CORRECTION], 1000, "389", {"LineTotalAmount": "-44.16", "ChargeTotalAmount": "54.16",
                                 "TaxBasisTotalAmount": "10.00", "DuePayableAmount": "10.00"}),
    ([(LineKind.TRAINER_HOUR, "2024-01", "7", 0, 0)], 0, "389", {"LineTotalAmount": "0.00",
                                                                  "DuePayableAmount": "0.00"}),
    ([], 0, "389", {"LineTotalAmount": "0.00", "DuePayableAmount": "0.00"}),
])
def test_totals_are_the_invoices_and_the_xsd_accepts_the_xml(lines: list[tuple[LineKind, str, str, int, int]],
                                                            payable: int, type_code: str,
                                                            expected: dict[str, str]) -> None:
    document = invoice_document(facts(lines, payable), SELLER, BUYER, TRAINING_EXEMPT)
    xml = cii_xml(document)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert document.type_code == type_code
    assert expected.items() <= totals(xml).items()
    # BR-CO-13: basis = lines - allowances + charges; the basis is the invoice's payable, sign aside.
    assert document.tax_basis_cents == document.line_total_cents - document.allowance_total_cents() + \
        document.charge_total_cents() == document.sign * payable
    assert len(parsed(xml).findall(".//ram:IncludedSupplyChainTradeLineItem", NS)) == max(1, len(lines))


def test_a_reissue_references_the_version_it_replaces() -> None:
    xml = cii_xml(invoice_document(facts([HOURS], 15456, version=2), SELLER, BUYER, TRAINING_EXEMPT))
    referenced = parsed(xml).find(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", NS)
    assert referenced is not None and referenced.text == "INV-BC-1-2024-01-v1"


def test_vat_as_the_lot_defines_it() -> None:
    assert vat_treatment(None, VatStatus.REGISTERED) is TRAINING_EXEMPT
    assert TRAINING_EXEMPT.exemption_code == "VATEX-EU-132-1I" and TRAINING_EXEMPT.category == "E"
    assert vat_treatment(Decimal(20), VatStatus.FRANCHISE) is FRANCHISE
    assert vat_treatment(Decimal(20), VatStatus.NOT_SUBJECT) is NOT_SUBJECT
    taxed = vat_treatment(Decimal(20), VatStatus.REGISTERED)
    assert (taxed.category, taxed.tax_cents(15456), taxed.tax_cents(-4416)) == ("S", 3091, -883)
    document = invoice_document(facts([HOURS], 15456), SELLER, BUYER, taxed)
    xml = cii_xml(document)
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert totals(xml)["TaxTotalAmount"] == "30.91" and totals(xml)["GrandTotalAmount"] == "185.47"


def test_legal_data_and_identifiers() -> None:
    assert missing_legal_data("OF-1", None) is not None
    assert missing_legal_data("OF-1", Party("N", "", None)) is not None
    assert missing_legal_data("OF-1", SELLER) is None
    assert siret_is_valid("73282932000074") and not siret_is_valid("73282932000075")
    assert not siret_is_valid("7328293200007") and not siret_is_valid("7328293200007a")
    assert vat_number_is_valid("FR44732829320") and not vat_number_is_valid("FR45732829320")


def test_money_and_cells() -> None:
    assert format_euros(123456789) == "1\u202f234\u202f567,89 €" and format_euros(-5) == "-0,05 €"
    assert euros(-4416, ",") == "-44,16" and euros(7, ".") == "0.07"
    assert csv_cell("quantity", Decimal("10.50"), ",") == "10,5" and csv_cell("counts", False, ",") == "non"
    assert [spreadsheet_safe(c) for c in ("=HYPERLINK(1)", "-44,16", "+33", "@x", "Lot 1", "-")] == \
        ["'=HYPERLINK(1)", "-44,16", "'+33", "'@x", "Lot 1", "'-"]
