"""An order's invoice for a period, and the re-issue of a disputed one (BILLING.md "Disputes")."""

from __future__ import annotations

from decimal import Decimal

from pacte_billing.domain.drafting import NOTHING_BILLED, Billed, Draft, draft_invoice
from pacte_billing.domain.invoicing import CurrentQuantity, InvoiceLine, IssuedLine
from pacte_contracts.codes import LineKind

K = LineKind


def cq(kind: LineKind, origin: str, qty: str, price: int, ref: str | None = None) -> CurrentQuantity:
    return CurrentQuantity(kind, origin, ref, Decimal(qty), price)


def billed(*drafts: Draft) -> Billed:
    """What these drafts, issued and counting, billed."""
    lines: list[IssuedLine] = [line.as_issued() for d in drafts for line in d.lines]
    return Billed(lines, sum(d.amounts.total_cents for d in drafts), sum(d.amounts.payable_cents for d in drafts))


def summary(draft: Draft | None) -> tuple[list[tuple[str, str, str, int]], int, int, int] | None:
    if draft is None:
        return None
    lines = [(str(x.kind), x.origin_period, str(x.quantity), x.amount_cents) for x in draft.lines]
    return lines, draft.amounts.total_cents, draft.amounts.payable_cents, draft.amounts.over_ceiling_cents


def test_a_closing_with_nothing_billable_issues_nothing() -> None:
    assert draft_invoice("2019-09", [], NOTHING_BILLED, 10_000) is None


def test_a_reissue_with_no_lines_is_issued_with_totals_of_zero() -> None:
    # Every hour of September was withdrawn (a cancelled enrolment) after its invoice was disputed.
    september = draft_invoice("2019-09", [cq(K.TRAINEE_HOUR, "2019-09", "0", 1000)], NOTHING_BILLED, 10_000,
                              reissue=True)
    assert september is not None and september.lines == []
    assert summary(september) == ([], 0, 0, 0)
    assert not september.reaches_ceiling


def test_a_reissue_after_a_later_period_was_invoiced() -> None:
    amount = 15_000
    sept_v1 = draft_invoice("2019-09", [cq(K.TRAINEE_HOUR, "2019-09", "10", 1000)], NOTHING_BILLED, amount)
    assert summary(sept_v1) == ([("trainee_hour", "2019-09", "10", 10_000)], 10_000, 10_000, 0)
    # October's closing bills October and a late September correction (+2 h), over the ceiling.
    now = [cq(K.TRAINEE_HOUR, "2019-09", "12", 1000), cq(K.TRAINEE_HOUR, "2019-10", "5", 1000)]
    assert sept_v1 is not None
    oct_v1 = draft_invoice("2019-10", now, billed(sept_v1), amount)
    assert summary(oct_v1) == ([("trainee_hour", "2019-09", "2", 2000), ("trainee_hour", "2019-10", "5", 5000)],
                               7000, 5000, 2000)
    # September v1 is disputed: it no longer counts. Version 2 bills September minus what October's
    # invoice already billed for it, and the ceiling counts October's invoice only.
    assert oct_v1 is not None
    sept_v2 = draft_invoice("2019-09", now, billed(oct_v1), amount, reissue=True)
    assert summary(sept_v2) == ([("trainee_hour", "2019-09", "10", 10_000)], 10_000, 10_000, 0)
    assert sept_v2 is not None and sept_v2.reaches_ceiling  # 5 000 + 10 000 = the amount


def test_a_reissue_takes_corrections_made_after_the_dispute() -> None:
    # corrections.jsonl, BC-000 2019-11: a free lot's trainer hours and a milestone; one hour corrected away
    # between the dispute and the re-issue.
    v1 = draft_invoice("2019-11", [cq(K.MILESTONE, "2019-11", "1", 100_000, "M-000-0"),
                                   cq(K.TRAINER_HOUR, "2019-11", "40", 0)], NOTHING_BILLED, 3_000_000)
    assert summary(v1) == ([("milestone", "2019-11", "1", 100_000), ("trainer_hour", "2019-11", "40", 0)],
                           100_000, 100_000, 0)
    v2 = draft_invoice("2019-11", [cq(K.MILESTONE, "2019-11", "1", 100_000, "M-000-0"),
                                   cq(K.TRAINER_HOUR, "2019-11", "39", 0)], NOTHING_BILLED, 3_000_000, reissue=True)
    assert summary(v2) == ([("milestone", "2019-11", "1", 100_000), ("trainer_hour", "2019-11", "39", 0)],
                           100_000, 100_000, 0)


def test_a_correction_after_the_ceiling_gives_a_negative_payable() -> None:
    # corrections.jsonl, BC-005 2019-12: an open day withdrawn after November was invoiced.
    nov = Billed([IssuedLine(K.OPENING_DAY, "2019-11", None, Decimal(28), 88_128, 2_467_584)], 2_467_584, 2_467_584)
    dec = draft_invoice("2019-12", [cq(K.OPENING_DAY, "2019-11", "27", 88_128),
                                    cq(K.MILESTONE, "2019-12", "1", 40_000, "M-005-m")], nov, 10_000_000)
    assert summary(dec) == ([("milestone", "2019-12", "1", 40_000), ("opening_day", "2019-11", "-1", -88_128)],
                            -48_128, -48_128, 0)


def test_an_over_ceiling_amount_may_be_negative() -> None:
    # 12 000 billed against a 10 000 amount (2 000 held over the ceiling), then 3 000 corrected away:
    # T = 9 000, so 1 000 paid is credited back and the 2 000 held over the ceiling are released.
    first = Billed([IssuedLine(K.TRAINEE_HOUR, "2019-09", None, Decimal(12), 1000, 12_000)], 12_000, 10_000)
    corrected = draft_invoice("2019-10", [cq(K.TRAINEE_HOUR, "2019-09", "9", 1000)], first, 10_000)
    assert summary(corrected) == ([("trainee_hour", "2019-09", "-3", -3000)], -3000, -1000, -2000)


def test_lines_keep_invoice_line_shape() -> None:
    draft = draft_invoice("2019-09", [cq(K.OPENING_DAY, "2019-09", "2", 0)], NOTHING_BILLED, 1)
    assert draft is not None and draft.lines == [InvoiceLine(K.OPENING_DAY, "2019-09", None, Decimal(2), 0, 0)]
