"""PDF documents: French HTML templates rendered by WeasyPrint as PDF/A-3b, and the Factur-X invoice
made of that PDF with its CII XML embedded by Akretion's factur-x, which checks the XML against the
official EN 16931 XSD before it embeds it (an invalid XML raises: nothing invalid is ever stored)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import facturx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from weasyprint import HTML

from pacte_billing.domain.cii import cii_xml
from pacte_billing.domain.documents import InvoiceDocument, format_euros
from pacte_contracts.rules import canonical_quantity

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
_env.filters["euros"] = format_euros
_env.filters["quantity"] = lambda q: canonical_quantity(q).replace(".", ",")
_env.filters["day"] = lambda d: d.strftime("%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class Rendered:
    content: bytes
    render_ms: int


def pdf(template: str, **values: Any) -> bytes:
    """A PDF/A-3b (fonts embedded, no transparency issues) of a French template."""
    html = _env.get_template(template).render(**values)
    written: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/a-3b")
    return written


def facturx_pdf(document: InvoiceDocument) -> Rendered:
    """The Factur-X invoice: the readable PDF/A-3 with the EN 16931 XML attached as factur-x.xml."""
    started = time.perf_counter()
    readable = pdf("invoice.html", doc=document, facts=document.facts)
    xml = cii_xml(document)
    lang = "fr-FR"
    embedded: bytes = facturx.generate_from_binary(
        readable, xml, flavor="factur-x", level="en16931", check_xsd=True, lang=lang,
        pdf_metadata={"author": document.buyer.name, "keywords": "Factur-X, autofacturation",
                      "title": f"Facture {document.facts.invoice_id}",
                      "subject": f"Facture {document.facts.invoice_id} de {document.seller.name}"})
    return Rendered(embedded, round((time.perf_counter() - started) * 1000))


def certificate_pdf(**values: Any) -> Rendered:
    started = time.perf_counter()
    content = pdf("certificate.html", **values)
    return Rendered(content, round((time.perf_counter() - started) * 1000))
