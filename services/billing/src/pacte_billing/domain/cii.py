"""The Cross-Industry-Invoice XML of a document, Factur-X profile EN 16931 (UN/CEFACT CII D16B).

Elements are written in the order the official XSD requires; amounts are euros with two decimals from
integer cents (never a float), quantities their exact decimals.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from pacte_contracts.rules import canonical_quantity

from .documents import DocumentLine, InvoiceDocument, period_bounds
from .parties import Party
from .vat import VatTreatment

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
      "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"}
EN16931 = "urn:cen.eu:en16931:2017"
#: ISO 6523 schemes: SIRET (0009), SIREN (0002).
SIRET_SCHEME, SIREN_SCHEME = "0009", "0002"

for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _tag(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attributes)
    if text is not None:
        element.text = text
    return element


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}.{rest:02d}"


def percent(rate: Decimal) -> str:
    return canonical_quantity(rate)


def _date(parent: ET.Element, name: str, day: date) -> None:
    _add(_add(parent, name), "udt:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _period(parent: ET.Element, period: str) -> None:
    start, end = period_bounds(period)
    specified = _add(parent, "ram:BillingSpecifiedPeriod")
    _date(specified, "ram:StartDateTime", start)
    _date(specified, "ram:EndDateTime", end)


def _party(parent: ET.Element, name: str, party: Party) -> None:
    element = _add(parent, name)
    _add(element, "ram:GlobalID", party.siret, schemeID=SIRET_SCHEME)
    _add(element, "ram:Name", party.name)
    _add(_add(element, "ram:SpecifiedLegalOrganization"), "ram:ID", party.siren, schemeID=SIREN_SCHEME)
    address = _add(element, "ram:PostalTradeAddress")
    if party.address is not None:
        _add(address, "ram:PostcodeCode", party.address.postcode)
        _add(address, "ram:LineOne", party.address.line_one)
        if party.address.line_two:
            _add(address, "ram:LineTwo", party.address.line_two)
        _add(address, "ram:CityName", party.address.city)
    _add(address, "ram:CountryID", party.address.country_code if party.address else "FR")
    if party.vat_number:
        _add(_add(element, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_number, schemeID="VA")


def _category(parent: ET.Element, name: str, vat: VatTreatment) -> None:
    tax = _add(parent, name)
    _add(tax, "ram:TypeCode", "VAT")
    _add(tax, "ram:CategoryCode", vat.category)
    _add(tax, "ram:RateApplicablePercent", percent(vat.rate))


def _line(parent: ET.Element, line: DocumentLine, sign: int, vat: VatTreatment) -> None:
    item = _add(parent, "ram:IncludedSupplyChainTradeLineItem")
    document = _add(item, "ram:AssociatedDocumentLineDocument")
    _add(document, "ram:LineID", str(line.n))
    _add(_add(document, "ram:IncludedNote"), "ram:Content", f"Période d'origine {line.origin_period}")
    product = _add(item, "ram:SpecifiedTradeProduct")
    if line.ref:
        _add(product, "ram:SellerAssignedID", line.ref)
    _add(product, "ram:Name", line.name)
    price = _add(_add(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
    _add(price, "ram:ChargeAmount", money(line.unit_price_cents))
    _add(_add(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity",
         canonical_quantity(sign * line.quantity), unitCode=line.unit)
    settlement = _add(item, "ram:SpecifiedLineTradeSettlement")
    _category(settlement, "ram:ApplicableTradeTax", vat)
    _period(settlement, line.origin_period)
    _add(_add(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount",
         money(sign * line.amount_cents))


def _agreement(parent: ET.Element, doc: InvoiceDocument) -> None:
    agreement = _add(parent, "ram:ApplicableHeaderTradeAgreement")
    _add(agreement, "ram:BuyerReference", doc.facts.order_id)
    _party(agreement, "ram:SellerTradeParty", doc.seller)
    _party(agreement, "ram:BuyerTradeParty", doc.buyer)
    _add(_add(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", doc.facts.order_id)
    _add(_add(agreement, "ram:ContractReferencedDocument"), "ram:IssuerAssignedID",
         f"{doc.facts.tender_id} / {doc.facts.lot_id}")


def _tax(parent: ET.Element, doc: InvoiceDocument) -> None:
    tax = _add(parent, "ram:ApplicableTradeTax")
    _add(tax, "ram:CalculatedAmount", money(doc.tax_cents))
    _add(tax, "ram:TypeCode", "VAT")
    if doc.vat.exemption_text:
        _add(tax, "ram:ExemptionReason", doc.vat.exemption_text)
    _add(tax, "ram:BasisAmount", money(doc.tax_basis_cents))
    _add(tax, "ram:CategoryCode", doc.vat.category)
    if doc.vat.exemption_code:
        _add(tax, "ram:ExemptionReasonCode", doc.vat.exemption_code)
    _add(tax, "ram:RateApplicablePercent", percent(doc.vat.rate))


def _settlement(parent: ET.Element, doc: InvoiceDocument) -> None:
    settlement = _add(parent, "ram:ApplicableHeaderTradeSettlement")
    _add(settlement, "ram:InvoiceCurrencyCode", "EUR")
    _tax(settlement, doc)
    _period(settlement, doc.facts.period)
    if doc.adjustment is not None:
        adjustment = _add(settlement, "ram:SpecifiedTradeAllowanceCharge")
        _add(_add(adjustment, "ram:ChargeIndicator"), "udt:Indicator", "true" if doc.adjustment.charge else "false")
        _add(adjustment, "ram:ActualAmount", money(doc.adjustment.amount_cents))
        _add(adjustment, "ram:Reason", doc.adjustment.reason)
        _category(adjustment, "ram:CategoryTradeTax", doc.vat)
    _add(_add(settlement, "ram:SpecifiedTradePaymentTerms"), "ram:Description",
         "Virement à 30 jours (délai global de paiement des pouvoirs adjudicateurs)")
    totals = _add(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _add(totals, "ram:LineTotalAmount", money(doc.line_total_cents))
    _add(totals, "ram:ChargeTotalAmount", money(doc.charge_total_cents()))
    _add(totals, "ram:AllowanceTotalAmount", money(doc.allowance_total_cents()))
    _add(totals, "ram:TaxBasisTotalAmount", money(doc.tax_basis_cents))
    _add(totals, "ram:TaxTotalAmount", money(doc.tax_cents), currencyID="EUR")
    _add(totals, "ram:GrandTotalAmount", money(doc.grand_total_cents))
    _add(totals, "ram:DuePayableAmount", money(doc.grand_total_cents))
    if doc.facts.replaces is not None:
        referenced = _add(settlement, "ram:InvoiceReferencedDocument")
        _add(referenced, "ram:IssuerAssignedID", doc.facts.replaces[0])
        _add(_add(referenced, "ram:FormattedIssueDateTime"), "qdt:DateTimeString",
             doc.facts.replaces[1].strftime("%Y%m%d"), format="102")


def cii_xml(doc: InvoiceDocument) -> bytes:
    root = ET.Element(_tag("rsm:CrossIndustryInvoice"))
    context = _add(root, "rsm:ExchangedDocumentContext")
    _add(_add(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)
    header = _add(root, "rsm:ExchangedDocument")
    _add(header, "ram:ID", doc.facts.invoice_id)
    _add(header, "ram:TypeCode", doc.type_code)
    _date(header, "ram:IssueDateTime", doc.facts.issued_on)
    for subject, text in doc.notes():
        note = _add(header, "ram:IncludedNote")
        _add(note, "ram:Content", text)
        _add(note, "ram:SubjectCode", subject)
    transaction = _add(root, "rsm:SupplyChainTradeTransaction")
    for line in doc.lines:
        _line(transaction, line, doc.sign, doc.vat)
    _agreement(transaction, doc)
    _add(transaction, "ram:ApplicableHeaderTradeDelivery")
    _settlement(transaction, doc)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written
