"""The billing-unit what-if (steering): a lot's, an organisation's or a tender's declared facts re-priced
under each unit by billing, what the buyer would have paid and how the organisation's revenue would have
moved month to month, in charts beside their tables."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from pacte_gateway import charts
from pacte_gateway.dependencies import Calls, Pages

router = APIRouter()

#: Form field → the what-if's price parameter.
PRICE_FIELDS = (("prix_journee", "opening_day_price_cents"), ("prix_heure_formateur", "trainer_hour_price_cents"),
                ("prix_heure_stagiaire", "trainee_hour_price_cents"))
SCOPE_TYPES = ("lot", "organisation", "tender")


def price_cents(typed: str) -> int | None:
    """A price typed in euros the French way ("12,35") as cents; blank is None. ValueError when not a price."""
    cleaned = typed.replace("€", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        cents = Decimal(cleaned) * 100
    except InvalidOperation:
        raise ValueError(typed) from None
    if not cents.is_finite() or cents < 0 or cents != cents.to_integral_value():
        raise ValueError(typed)
    return int(cents)


def scope_options(lots: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """The scopes a what-if can be asked for, from the awarded lots: lots, their holders, their tenders."""
    options: dict[str, dict[str, str]] = {"lot": {}, "organisation": {}, "tender": {}}
    for lot in lots:
        options["lot"][f"lot:{lot['lot_id']}"] = f"{lot['lot_id']} — {lot['title']}"
        if lot.get("holder_id"):
            options["organisation"][f"organisation:{lot['holder_id']}"] = lot.get("holder_name") or lot["holder_id"]
        options["tender"][f"tender:{lot['tender_id']}"] = lot["tender_id"]
    return {kind: sorted(found.items()) for kind, found in options.items()}


@router.get("/pilotage/simulation", response_class=HTMLResponse)
async def what_if_page(calls: Calls, pages: Pages, perimetre: str = "", prix_journee: str = "",
                       prix_heure_formateur: str = "", prix_heure_stagiaire: str = "") -> Response:
    lots = await calls.read_all("procurement", "/lots", status="awarded")
    typed = {"prix_journee": prix_journee, "prix_heure_formateur": prix_heure_formateur,
             "prix_heure_stagiaire": prix_heure_stagiaire}
    values: dict[str, Any] = {"title": "Simulation des unités d'œuvre", "options": scope_options(lots),
                              "perimetre": perimetre, "typed": typed, "lots": {lot["lot_id"]: lot for lot in lots}}
    scope_type, _, scope_id = perimetre.partition(":")
    if scope_type not in SCOPE_TYPES or not scope_id:
        return pages.render("what_if.html", values)
    try:
        prices = {param: price_cents(typed[field]) for field, param in PRICE_FIELDS}
    except ValueError as bad:
        return pages.render("what_if.html", {**values, "error": f"Prix invalide : « {bad} »."}, status_code=422)
    answer = await calls.read_optional("billing", f"/what-if/{scope_type}/{quote(scope_id, safe='')}",
                                       **{k: v for k, v in prices.items() if v is not None})
    if answer is None:
        return pages.render("what_if.html", {**values, "error": "Aucune commande pour ce périmètre."},
                            status_code=404)
    units = {u["unit"]: u for u in answer["units"]}
    return pages.render("what_if.html", {
        **values, "answer": answer, "units": units, "months": list(zip(answer["months"], answer["counts"],
                                                                          strict=True)),
        "chart": charts.what_if_chart(answer), "totals_chart": charts.what_if_totals_chart(answer)})
