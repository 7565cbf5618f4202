"""A self-billed invoice as a Factur-X document states it (EN 16931), decided from the stored invoice.

The buyer issues the invoice in the organisation's name (autofacturation): type code 389, or 261 (a
self-billed credit note) when the payable is negative, whose amounts are then written with the opposite
sign, as a credit note states what is credited. Every amount is the invoice's own, to the cent: the lines
add up to its total, the part above the order's ceiling is a document-level allowance (a charge when it
is negative: money held back earlier becomes payable), and the tax basis is its payable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacte_contracts.codes import LineKind

from .parties import Party
from .periods import last_day, parse_period
from .vat import VatTreatment

SELF_BILLED_INVOICE = "389"
SELF_BILLED_CREDIT_NOTE = "261"

#: UN/ECE Recommendation 20 units: hours, days, and one (a bonus).
UNITS = {LineKind.TRAINEE_HOUR: "HUR", LineKind.TRAINER_HOUR: "HUR", LineKind.OPENING_DAY: "DAY",
         LineKind.RETURN_TO_WORK: "C62", LineKind.MILESTONE: "C62"}
LINE_NAMES = {LineKind.TRAINEE_HOUR: "Heures stagiaires", LineKind.TRAINER_HOUR: "Heures formateur",
              LineKind.OPENING_DAY: "Journées d'ouverture", LineKind.RETURN_TO_WORK: "Primes de retour à l'emploi",
              LineKind.MILESTONE: "Prime de jalon du plan d'amélioration"}


@dataclass(frozen=True, slots=True)
class DocumentLine:
    n: int
    #: None: the line an invoice with nothing billable shows (EN 16931 wants at least one line).
    kind: LineKind | None
    origin_period: str
    ref: str | None
    quantity: Decimal
    unit_price_cents: int
    amount_cents: int

    @property
    def name(self) -> str:
        if self.kind is None:
            return "Aucune prestation facturable pour la période"
        return LINE_NAMES[self.kind] + (f" {self.ref}" if self.ref else "")

    @property
    def unit(self) -> str:
        return "C62" if self.kind is None else UNITS[self.kind]


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """What billing stored about one invoice version, and what it knows of its order."""

    invoice_id: str
    order_id: str
    lot_id: str
    tender_id: str
    period: str
    version: int
    issued_on: date
    lines: Sequence[DocumentLine]
    total_cents: int
    payable_cents: int
    over_ceiling_cents: int
    #: The order's amount when this version was issued: lowered once the order was closed.
    ceiling_cents: int
    reissued: bool
    #: The version this one replaces (a re-issue), with its issue date.
    replaces: tuple[str, date] | None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A document-level allowance (False) or charge (True): the ceiling's effect on this version."""

    charge: bool
    amount_cents: int
    reason: str


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    facts: InvoiceFacts
    seller: Party
    buyer: Party
    vat: VatTreatment
    type_code: str
    #: 1, or -1 for a credit note: what multiplies the invoice's amounts and quantities in the document.
    sign: int
    adjustment: Adjustment | None

    @property
    def lines(self) -> Sequence[DocumentLine]:
        """The invoice's lines; a version with none (an empty re-issue) shows one line of 0."""
        if self.facts.lines:
            return self.facts.lines
        return [DocumentLine(1, None, self.facts.period, None, Decimal(0), 0, 0)]

    @property
    def credit_note(self) -> bool:
        return self.type_code == SELF_BILLED_CREDIT_NOTE

    @property
    def line_total_cents(self) -> int:
        return self.sign * self.facts.total_cents

    @property
    def tax_basis_cents(self) -> int:
        return self.sign * self.facts.payable_cents

    @property
    def tax_cents(self) -> int:
        return self.vat.tax_cents(self.tax_basis_cents)

    @property
    def grand_total_cents(self) -> int:
        return self.tax_basis_cents + self.tax_cents

    def allowance_total_cents(self) -> int:
        return self.adjustment.amount_cents if self.adjustment and not self.adjustment.charge else 0

    def charge_total_cents(self) -> int:
        return self.adjustment.amount_cents if self.adjustment and self.adjustment.charge else 0

    def notes(self) -> list[tuple[str, str]]:
        """(EN 16931 subject code, text): self-billing, the order's ceiling, what this version replaces."""
        f = self.facts
        notes = [("REG", "Autofacturation : facture établie par l'acheteur au nom et pour le compte de l'organisme "
                         "de formation (article 289, I-2 du CGI)."),
                 ("AAI", f"Bon de commande {f.order_id}, lot {f.lot_id} du marché {f.tender_id} ; plafond du bon "
                         f"de commande à l'émission : {format_euros(f.ceiling_cents)} ; montant retenu au-delà du "
                         f"plafond sur cette facture : {format_euros(f.over_ceiling_cents)}.")]
        if f.replaces is not None:
            notes.append(("AAI", f"Version {f.version} : remplace la facture {f.replaces[0]}, contestée par "
                                 "l'organisme ; calculée à partir des faits connus lors de sa ré-émission."))
        if self.credit_note:
            notes.append(("AAI", "Avoir : les corrections de la période rendent le montant à payer négatif "
                                 f"({format_euros(f.payable_cents)}), à déduire des prochains paiements."))
        notes.append(("PMT", "Paiement par virement, dans le délai global de paiement de 30 jours des pouvoirs "
                             "adjudicateurs."))
        return notes


def format_euros(cents: int) -> str:
    """French money text: 1 234,56 € (narrow no-break space between thousands)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units:,}".replace(",", "\u202f") + f",{rest:02d} €"


def period_bounds(period: str) -> tuple[date, date]:
    year, month = parse_period(period)
    return date(year, month, 1), last_day(period)


def adjustment_of(over_ceiling_cents: int) -> Adjustment | None:
    """The part above the ceiling is not payable: an allowance; a negative one (held back before, payable
    now) is a charge."""
    if over_ceiling_cents > 0:
        return Adjustment(False, over_ceiling_cents, "Montant au-delà du plafond du bon de commande, non payable")
    if over_ceiling_cents < 0:
        return Adjustment(True, -over_ceiling_cents,
                          "Montant retenu au-delà du plafond sur une facture antérieure, devenu payable")
    return None


def invoice_document(facts: InvoiceFacts, seller: Party, buyer: Party, vat: VatTreatment) -> InvoiceDocument:
    sign = -1 if facts.payable_cents < 0 else 1
    return InvoiceDocument(facts, seller, buyer, vat,
                           SELF_BILLED_CREDIT_NOTE if sign < 0 else SELF_BILLED_INVOICE, sign,
                           adjustment_of(sign * facts.over_ceiling_cents))
