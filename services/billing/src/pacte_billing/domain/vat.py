"""VAT on a self-billed invoice: what the lot defines, as the seller's standing allows.

Vocational training is exempt (article 261-4-4° a du CGI, article 132 (1) (i) of Directive 2006/112/EC):
EN 16931 category E with exemption reason code VATEX-EU-132-1I. A lot with a rate is taxable (category S)
for a registered seller; a seller under the franchise en base (article 293 B du CGI) invoices no VAT
(category E, VATEX-FR-FRANCHISE), and one outside the scope of VAT none either (category O, VATEX-EU-O).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pacte_contracts.codes import VatStatus
from pacte_contracts.rules import round_cents


@dataclass(frozen=True, slots=True)
class VatTreatment:
    category: str
    rate: Decimal
    exemption_code: str | None = None
    exemption_text: str | None = None

    def tax_cents(self, basis_cents: int) -> int:
        """The VAT of a basis, rounded half up to the cent (EN 16931 BR-CO-17)."""
        return round_cents(Fraction(basis_cents) * Fraction(self.rate) / 100)


TRAINING_EXEMPT = VatTreatment("E", Decimal(0), "VATEX-EU-132-1I",
                               "Exonération de TVA, article 261-4-4° a du CGI (formation professionnelle continue)")
FRANCHISE = VatTreatment("E", Decimal(0), "VATEX-FR-FRANCHISE", "TVA non applicable, article 293 B du CGI")
NOT_SUBJECT = VatTreatment("O", Decimal(0), "VATEX-EU-O", "Non soumis à la TVA")


def vat_treatment(lot_rate: Decimal | None, seller: VatStatus | None) -> VatTreatment:
    """`lot_rate` None: the lot is vocational training, exempt whoever delivers it."""
    if lot_rate is None:
        return TRAINING_EXEMPT
    if seller is VatStatus.FRANCHISE:
        return FRANCHISE
    if seller is VatStatus.NOT_SUBJECT:
        return NOT_SUBJECT
    return VatTreatment("S", lot_rate)
