"""The charts of the steering page and of the what-if, from the services' answers (their data tables are
in the templates, from the same answers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import leather
from markupsafe import Markup

from pacte_gateway import labels
from pacte_gateway.formatting import NBSP, euros, number, percent, period

from .svg import BLUE, GREEN, GREY, ORANGE, RED, CategoryDots, CategoryLine, render

AXES = ("qualifying", "essentials", "transverse")
#: What-if series: (key in the answer, legend, colour).
UNITS = (("opening_day", "Journée d'ouverture", BLUE), ("trainer_hour", "Heure formateur", GREEN),
         ("trainee_hour", "Heure stagiaire", ORANGE))


#: The months as French typography abbreviates them.
SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def _month_tick(value: Any, _index: int, _count: int) -> str:
    """"2019-01" → "janv. 2019"."""
    year, month = str(value).split("-")
    return f"{SHORT_MONTHS[int(month) - 1]}{NBSP}{year}"


def _count_tick(value: Any, _index: int, _count: int) -> str:
    return number(value, 0)


def _count_ticks(largest: int) -> list[int]:
    """Whole numbers only, about five of them, up to ``largest`` or above."""
    step = max(1, -(-largest // 5))
    return list(range(0, max(largest, 1) + step, step))


def _euro_tick(value: Any, _index: int, _count: int) -> str:
    euros_value = Decimal(str(value)) / 100
    if abs(euros_value) >= 1_000_000:
        return f"{number(euros_value / 1_000_000, 1)}{NBSP}M€"
    if abs(euros_value) >= 1_000:
        return f"{number(euros_value / 1_000, 0 if abs(euros_value) >= 10_000 else 1)}{NBSP}k€"
    return f"{number(euros_value, 0)}{NBSP}€"


def _month_axis(chart: leather.Chart, months: list[str]) -> None:
    """Labels far enough apart to stay legible, from 6 months to 4 years."""
    step = 1 if len(months) <= 6 else 2 if len(months) <= 12 else 3 if len(months) <= 24 else 6
    chart.add_x_axis(ticks=months[::step], tick_formatter=_month_tick)


def trajectory_chart(trajectory: dict[str, Any], chart_id: str = "graphique-trajectoire") -> Markup:
    months = [m["month"] for m in trajectory["months"]]
    chart = leather.Chart()
    chart.add_columns([(m["month"], m["entries"]) for m in trajectory["months"]], name="Entrées du mois",
                      fill_color=BLUE)
    paced = [(m["month"], float(m["paths_pace"])) for m in trajectory["months"] if m["paths_pace"] is not None]
    if paced:
        chart.add_series(leather.Series(paced, name="Cible (rythme mensuel)"), CategoryLine(stroke_color=RED, width=3))
    _month_axis(chart, months)
    chart.add_y_axis(tick_formatter=_count_tick)
    totals = trajectory["totals"]
    target = f" pour une cible de {number(totals['paths_target'])} parcours" if totals["paths_target"] else ""
    description = (f"Histogramme des entrées en formation par mois, de {period(months[0])} à {period(months[-1])}, "
                   f"{'face à la ligne du rythme mensuel de la cible annuelle' if paced else 'sans cible'} : "
                   f"{number(totals['entries'])} entrées en tout{target}. Le tableau qui suit donne les valeurs.")
    return render(chart, chart_id=chart_id, title="Trajectoire : entrées par mois face à la cible",
                  description=description)


def budget_chart(budget: dict[str, Any], chart_id: str = "graphique-budget") -> Markup:
    chart = leather.Chart()
    shares = [(float(Decimal(str(budget.get(a, {}).get("share") or 0)) * 100), labels.AXES[a]) for a in AXES]
    targets = [(float(Decimal(str(budget.get(a, {}).get("target") or 0)) * 100), labels.AXES[a]) for a in AXES]
    chart.add_bars(shares, name="Part du budget engagé", fill_color=BLUE)
    chart.add_series(leather.Series(targets, name="Cible du pacte"), CategoryDots(fill_color=RED, radius=7))
    chart.add_x_scale(0, 100)
    chart.add_x_axis(ticks=[0, 25, 50, 75, 100], tick_formatter=lambda v, i, c: f"{number(v, 0)}{NBSP}%")
    description = "Barres de la part engagée de chaque axe, points de sa cible : " + " ; ".join(
        f"{labels.AXES[a]} {percent(budget.get(a, {}).get('share'))} pour {percent(budget.get(a, {}).get('target'), 0)}"
        for a in AXES) + "."
    return render(chart, chart_id=chart_id, title="Budget engagé par axe face aux cibles 50 / 43 / 7 %",
                  description=description, height=220)


def dropout_reasons_chart(by_reason: dict[str, int], chart_id: str = "graphique-abandons") -> Markup:
    chart = leather.Chart()
    rows = [(count, labels.DROPOUT_REASONS.get(code, code)) for code, count in by_reason.items()]
    chart.add_bars(rows, name="Abandons", fill_color=BLUE)
    ticks = _count_ticks(max((count for count, _ in rows), default=0))
    chart.add_x_scale(0, ticks[-1])
    chart.add_x_axis(ticks=ticks, tick_formatter=_count_tick)
    description = "Barres du nombre d'abandons par motif : " + " ; ".join(
        f"{label} {number(count)}" for count, label in rows) + "."
    return render(chart, chart_id=chart_id, title="Abandons par motif", description=description, height=300)


def _unit(answer: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((u for u in answer["units"] if u["unit"] == key and u["series"] is not None), None)


def what_if_chart(answer: dict[str, Any], chart_id: str = "graphique-simulation") -> Markup:
    months = answer["months"]
    chart = leather.Chart()
    shown = []
    for key, legend, colour in UNITS:
        unit = _unit(answer, key)
        if unit is not None:
            shown.append(legend)
            chart.add_series(leather.Series(list(zip(months, unit["series"]["monthly_cents"], strict=True)),
                                            name=legend), CategoryLine(stroke_color=colour, width=3))
    # Last, dashed: on top of the unit it was billed in, which it equals.
    chart.add_series(leather.Series(list(zip(months, answer["actual"]["monthly_cents"], strict=True)),
                                    name="Facturé dans l'unité du lot"),
                     CategoryLine(stroke_color=GREY, width=2, stroke_dasharray="8 5"))
    _month_axis(chart, months)
    chart.add_y_axis(tick_formatter=_euro_tick)
    description = (f"Courbes du chiffre d'affaires mensuel de l'organisme de {period(months[0])} à "
                   f"{period(months[-1])}, tel que facturé et recalculé en {', '.join(shown).lower()}. "
                   "Le tableau qui suit donne les montants et leurs variations d'un mois sur l'autre.")
    return render(chart, chart_id=chart_id, title="Chiffre d'affaires mensuel selon l'unité d'œuvre",
                  description=description)


def what_if_totals_chart(answer: dict[str, Any], chart_id: str = "graphique-simulation-totaux") -> Markup:
    chart = leather.Chart()
    rows = [(answer["actual"]["total_cents"], "Facturé (unité du lot)")]
    rows += [(u["series"]["total_cents"], legend) for key, legend, _ in UNITS if (u := _unit(answer, key))]
    chart.add_bars(rows, name="Ce que l'acheteur aurait payé", fill_color=BLUE)
    chart.add_x_axis(tick_formatter=_euro_tick)
    description = "Barres du total payé par l'acheteur selon l'unité : " + " ; ".join(
        f"{legend} {euros(cents)}" for cents, legend in rows) + "."
    return render(chart, chart_id=chart_id, title="Ce que l'acheteur aurait payé selon l'unité",
                  description=description, height=200)
