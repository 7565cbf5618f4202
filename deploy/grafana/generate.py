"""The pacte Grafana dashboards as code (Grafana's grafana-foundation-sdk, pinned in the Makefile's DEV_TOOLS).

    .venv/bin/python deploy/grafana/generate.py           # rewrites deploy/grafana/dashboards/*.json
    .venv/bin/python deploy/grafana/generate.py --check   # exit 1 when the committed JSON is stale

Four dashboards, provisioned by deploy/grafana/provisioning/dashboards/pacte.yml:

* ``pacte-programme``: the steering committee's overview (entries, fill, dropouts and reasons,
  certification, return to work, satisfaction, seamless pathways from Essentials, early dropout warnings
  and their precision, budget by axis against the 50/43/7 targets, cost per entry);
* ``pacte-lots``: lots and organisations, drilled down by territory, domain and organisation
  (template variables over ``pacte_lot_info``, which carries each lot's place in the programme);
* ``pacte-operations``: consumer lag, outbox depth, dead letters, handler latency, HTTP errors;
* ``pacte-trajectory``: the pact's trajectory, entries and money per year and month against the pact's
  targets, per axis and territory (the figures of the indicators service's `GET /trajectory`).

Business flows are low volume (a few declarations per session and day), so their panels use
``increase()`` over long windows (``$__range``, days) rather than per-second rates over minutes.
Every query of every panel is evaluated against a real Prometheus by tests/observability.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders import bargauge, common, prometheus, timeseries
from grafana_foundation_sdk.builders import dashboard as board
from grafana_foundation_sdk.builders import stat as stats
from grafana_foundation_sdk.builders import table as tables
from grafana_foundation_sdk.cog.builder import Builder
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models import common as kinds
from grafana_foundation_sdk.models.dashboard import (
    DashboardCursorSync,
    DashboardLinkType,
    DataSourceRef,
    DataTransformerConfig,
    DynamicConfigValue,
    GridPos,
    Threshold,
    ThresholdsMode,
    VariableHide,
    VariableOption,
    VariableRefresh,
    VariableSort,
)
from grafana_foundation_sdk.models.prometheus import PromQueryFormat

OUT = Path(__file__).resolve().parent / "dashboards"
DATASOURCE = DataSourceRef(type_val="prometheus", uid="prometheus")
#: Dropout rate of a lot above which the alert fires (deploy/prometheus/rules/pacte.yml) and bars turn red.
DROPOUT_ALERT_RATIO = 0.30
TAGS = ["pacte"]
#: Every reduction of the stat and bar panels: the latest value of each series.
LAST_VALUE = ["lastNotNull"]

Steps = Sequence[tuple[str, float | None]]  # (colour, from value), the first from None

# Layout ------------------------------------------------------------------------------------------


class Grid:
    """Places panels left to right on Grafana's 24-column grid, rows under rows; numbers them in order."""

    def __init__(self) -> None:
        self.y = 0
        self.x = 0
        self.row_height = 0
        self.panels: list[Builder[Any]] = []

    def row(self, title: str) -> None:
        self._newline()
        self.panels.append(board.Row(title).id(len(self.panels) + 1).grid_pos(GridPos(h=1, w=24, x=0, y=self.y)))
        self.y += 1

    def add(self, panel: Any, w: int, h: int) -> None:
        if self.x + w > 24:
            self._newline()
        self.panels.append(panel.id(len(self.panels) + 1).grid_pos(GridPos(h=h, w=w, x=self.x, y=self.y)))
        self.x += w
        self.row_height = max(self.row_height, h)

    def _newline(self) -> None:
        self.y += self.row_height
        self.x = 0
        self.row_height = 0


def target(expr: str, legend: str = "", *, instant: bool = False, ref: str = "A",
           table: bool = False) -> prometheus.Dataquery:
    query = (prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref).datasource(DATASOURCE)
             .format(PromQueryFormat.TABLE if table else PromQueryFormat.TIME_SERIES))
    return query.instant() if instant else query.range()


def targets(*queries: tuple[str, str], instant: bool = False, table: bool = False) -> list[prometheus.Dataquery]:
    return [target(expr, legend, instant=instant, ref=chr(ord("A") + i), table=table)
            for i, (expr, legend) in enumerate(queries)]


def thresholds(steps: Steps) -> board.ThresholdsConfig:
    return board.ThresholdsConfig().mode(ThresholdsMode.ABSOLUTE).steps(
        [Threshold(value=value, color=colour) for colour, value in steps])


def stat(title: str, description: str, *queries: tuple[str, str], unit: str = "none", decimals: int | None = None,
         steps: Steps | None = None) -> stats.Panel:
    panel = (stats.Panel().title(title).description(description).datasource(DATASOURCE)
             .targets(targets(*queries, instant=True)).unit(unit)
             .reduce_options(common.ReduceDataOptions().calcs(LAST_VALUE).values(False))
             .graph_mode(kinds.BigValueGraphMode.NONE).no_value("–")
             .color_mode(kinds.BigValueColorMode.VALUE if steps else kinds.BigValueColorMode.NONE)
             .thresholds(thresholds(steps or [("blue", None)])))
    return panel.decimals(decimals) if decimals is not None else panel


def series(title: str, description: str, *queries: tuple[str, str], unit: str = "none",
           bars: bool = False, stacked: bool = False) -> timeseries.Panel:
    panel = (timeseries.Panel().title(title).description(description).datasource(DATASOURCE)
             .targets(targets(*queries)).unit(unit)
             .draw_style(kinds.GraphDrawStyle.BARS if bars else kinds.GraphDrawStyle.LINE)
             .fill_opacity(60 if bars else 10).span_nulls(True)
             .legend(common.VizLegendOptions().show_legend(True).display_mode(kinds.LegendDisplayMode.TABLE)
                     .placement(kinds.LegendPlacement.RIGHT).calcs(LAST_VALUE))
             .tooltip(common.VizTooltipOptions().mode(kinds.TooltipDisplayMode.MULTI).sort(kinds.SortOrder.NONE)))
    return panel.stacking(common.StackingConfig().mode(kinds.StackingMode.NORMAL).group("A")) if stacked else panel


def bars(title: str, description: str, query: tuple[str, str], unit: str = "none", *, max_value: float | None = None,
         steps: Steps | None = None) -> bargauge.Panel:
    """Horizontal bars from 0; without `max_value` Grafana scales them to the data."""
    panel = (bargauge.Panel().title(title).description(description).datasource(DATASOURCE)
             .targets(targets(query, instant=True)).unit(unit).min(0)
             .orientation(kinds.VizOrientation.HORIZONTAL).display_mode(kinds.BarGaugeDisplayMode.GRADIENT)
             .reduce_options(common.ReduceDataOptions().calcs(LAST_VALUE).values(False))
             .thresholds(thresholds(steps or [("green", None)])))
    return panel.max(max_value) if max_value is not None else panel


def table(title: str, description: str, columns: Sequence[tuple[str, str, str]], join_on: Sequence[str],
          ) -> tables.Panel:
    """One instant query per column (expr, column title, unit), joined on labels into one row per scope."""
    panel = (tables.Panel().title(title).description(description).datasource(DATASOURCE)
             .targets(targets(*[(expr, name) for expr, name, _ in columns], instant=True, table=True))
             .filterable(True)
             .transformations([
                 DataTransformerConfig(id_val="merge", options={}),
                 DataTransformerConfig(id_val="organize", options={
                     "excludeByName": {"Time": True, "__name__": True, "job": True, "instance": True},
                     "indexByName": {label: i for i, label in enumerate(join_on)}}),
             ]))
    for i, (_, name, unit) in enumerate(columns):
        panel = panel.override_by_name(f"Value #{chr(ord('A') + i)}", [
            DynamicConfigValue(id_val="displayName", value=name), DynamicConfigValue(id_val="unit", value=unit)])
    return panel


def dashboard(uid: str, title: str, description: str, grid: Grid, *, variables: Iterable[board.QueryVariable] = (),
              time_from: str = "now-30d", refresh: str = "1m") -> board.Dashboard:
    built = (board.Dashboard(title).uid(uid).description(description).tags(TAGS).time(time_from, "now")
             .refresh(refresh).timezone("browser").readonly().tooltip(DashboardCursorSync.CROSSHAIR)
             .link(board.DashboardLink("pacte").type(DashboardLinkType.DASHBOARDS).tags(TAGS).as_dropdown(True)
                   .include_vars(False).keep_time(True)))
    for panel in grid.panels:
        built = built.with_row(panel) if isinstance(panel, board.Row) else built.with_panel(panel)
    return built.variables(list(variables)).annotations([])


def variable(name: str, label: str, query: str, label_name: str) -> board.QueryVariable:
    """Every value of a label, all selected at first (Grafana's `$__all`, matched by the regex `.*`)."""
    return (board.QueryVariable(name).label(label).datasource(DATASOURCE)
            .query({"query": f"label_values({query}, {label_name})", "refId": f"{name}-values"})
            .include_all(True).multi(True).all_value(".*").refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
            .sort(VariableSort.ALPHABETICAL_ASC).hide(VariableHide.DONT_HIDE)
            .current(VariableOption(selected=True, text=["All"], value=["$__all"])))


PERCENT = "percentunit"
EUR = "currencyEUR"
GREEN_RED: Steps = [("green", None), ("red", DROPOUT_ALERT_RATIO)]
RED_FROM_ONE: Steps = [("green", None), ("red", 1)]
PROGRAMME = 'scope_type="programme"'


# Programme overview ------------------------------------------------------------------------------


def programme() -> board.Dashboard:
    g = Grid()
    g.row("Entrées et remplissage")
    g.add(stat("Entrées", "Distinct (trainee, session) enrolments since the start of the programme.",
               (f"sum(pacte_entries_total{{{PROGRAMME}}})", "entrées")), 4, 4)
    g.add(stat("Entrées sur la période", "Enrolments over the dashboard's time range (increase over $__range).",
               (f"sum(increase(pacte_entries_total{{{PROGRAMME}}}[$__range]))", "entrées")), 4, 4)
    g.add(stat("Taux de places pourvues", "Entries over places offered by scheduled, non-cancelled sessions.",
               (f"pacte_fill_ratio{{{PROGRAMME}}}", "remplissage"), unit=PERCENT, decimals=1), 4, 4)
    g.add(stat("Places offertes", "Capacity of scheduled, non-cancelled sessions.",
               (f"pacte_offered_places{{{PROGRAMME}}}", "places")), 4, 4)
    g.add(stat("Sorties", "Completions and dropouts.", (f"sum(pacte_exits_total{{{PROGRAMME}}})", "sorties")), 4, 4)
    g.add(stat("Public prioritaire", "Entries with at least one priority-public flag, over entries.",
               (f"pacte_priority_public_ratio{{{PROGRAMME}}}", "prioritaires"),
               (f"pacte_below_bac_ratio{{{PROGRAMME}}}", "infra-bac"), unit=PERCENT, decimals=1), 4, 4)
    g.add(series("Entrées par jour", "Enrolments per day (increase over 1 day: flows are a few per day).",
                 (f"sum(increase(pacte_entries_total{{{PROGRAMME}}}[1d]))", "entrées / jour"), bars=True), 12, 8)
    g.add(bars("Remplissage par axe", "Fill rate of each budget axis.",
               ('pacte_fill_ratio{scope_type="axis"}', "{{scope_id}}"), PERCENT, max_value=1), 6, 8)
    g.add(bars("Entrées par public prioritaire", "Entries per priority-public flag (a trainee may have several).",
               (f"sum by (public) (pacte_priority_public_entries_total{{{PROGRAMME}}})", "{{public}}")), 6, 8)

    g.row("Abandons")
    g.add(stat("Taux d'abandon", "Dropouts over entries, and without dropouts for a return to work.",
               (f"pacte_dropout_ratio{{{PROGRAMME}}}", "abandon"),
               (f"pacte_dropout_excl_employment_ratio{{{PROGRAMME}}}", "hors retour à l'emploi"),
               unit=PERCENT, decimals=1, steps=GREEN_RED), 4, 8)
    g.add(stat("Abandons et suspensions", "Dropouts and suspensions started since the start.",
               (f"sum(pacte_dropouts_total{{{PROGRAMME}}})", "abandons"),
               (f"sum(pacte_suspensions_total{{{PROGRAMME}}})", "suspensions")), 4, 8)
    g.add(bars("Motifs d'abandon", "Dropouts by reason code since the start of the programme.",
               (f"sum by (reason) (pacte_dropouts_total{{{PROGRAMME}}})", "{{reason}}")), 6, 8)
    g.add(series("Abandons par motif (7 jours glissants)", "Dropouts by reason over the last 7 days at each point.",
                 (f"sum by (reason) (increase(pacte_dropouts_total{{{PROGRAMME}}}[7d]))", "{{reason}}"),
                 stacked=True), 10, 8)

    g.row("Résultats")
    g.add(stat("Certification", "Full and partial certifications over exits of certifying lots.",
               (f"pacte_certification_ratio{{{PROGRAMME}}}", "totale"),
               (f"pacte_partial_certification_ratio{{{PROGRAMME}}}", "partielle"), unit=PERCENT, decimals=1), 6, 4)
    g.add(stat("Retour à l'emploi", "Exits employed 6 and 12 months after, over exits with a known outcome.",
               (f"pacte_return_to_work_6m_ratio{{{PROGRAMME}}}", "6 mois"),
               (f"pacte_durable_employment_6m_ratio{{{PROGRAMME}}}", "durable 6 mois"),
               (f"pacte_return_to_work_12m_ratio{{{PROGRAMME}}}", "12 mois"), unit=PERCENT, decimals=1), 8, 4)
    g.add(stat("Satisfaction", "Mean score (1-5) of exited trainees.",
               (f"pacte_satisfaction_score_average{{{PROGRAMME}}}", "note moyenne"), decimals=2), 5, 4)
    g.add(stat("Taux de réponse satisfaction", "Responses of exited trainees over exits.",
               (f"pacte_satisfaction_response_ratio{{{PROGRAMME}}}", "réponses"), unit=PERCENT, decimals=1), 5, 4)
    g.add(bars("Accès à la formation par territoire", "Entries of registered job seekers over the territory's "
               "job-seeker count.", ('pacte_training_access_ratio{scope_type="territory"}', "{{scope_id}}"),
               PERCENT), 12, 7)
    g.add(bars("Retour à l'emploi à 6 mois par domaine", "Per training domain.",
               ('pacte_return_to_work_6m_ratio{scope_type="domain"}', "{{scope_id}}"), PERCENT, max_value=1), 12, 7)

    pathways(g)
    early_warnings(g)

    g.row("Budget")
    g.add(table("Budget par axe et cible du pacte", "Each axis's share of all committed money against the pact's "
                "targets (50 % qualifying, 43 % essentials, 7 % transverse), and its money.", [
                    ("pacte_budget_axis_share_ratio", "part engagée", PERCENT),
                    ("pacte_budget_axis_target_ratio", "cible", PERCENT),
                    ("pacte_budget_axis_share_ratio - on (axis) pacte_budget_axis_target_ratio", "écart", PERCENT),
                    ('label_replace(pacte_committed_euros{scope_type="axis"}, "axis", "$1", "scope_id", "(.*)")',
                     "engagé", EUR),
                    ('label_replace(pacte_invoiced_euros{scope_type="axis"}, "axis", "$1", "scope_id", "(.*)")',
                     "facturé", EUR),
                    ('label_replace(pacte_paid_euros{scope_type="axis"}, "axis", "$1", "scope_id", "(.*)")',
                     "payé", EUR),
                ], ["axis"]), 14, 7)
    g.add(bars("Part engagée par axe", "Committed share of each axis (the bar) — the target is in the table.",
               ("pacte_budget_axis_share_ratio", "{{axis}}"), PERCENT, max_value=1), 10, 7)
    g.add(stat("Engagé / facturé / payé", "Money of the programme in euros: committed is the orders' amounts (a "
               "closed order's lowered amount), invoiced the payable of counting invoices (a disputed version "
               "is left out until its re-issue), paid the payable of paid invoices.",
               (f"pacte_committed_euros{{{PROGRAMME}}}", "engagé"), (f"pacte_invoiced_euros{{{PROGRAMME}}}", "facturé"),
               (f"pacte_paid_euros{{{PROGRAMME}}}", "payé"), (f"pacte_accrued_euros{{{PROGRAMME}}}", "à facturer"),
          unit=EUR), 12, 4)
    g.add(stat("Coût par entrée", "Payable of counting invoices per entry (a cancelled enrolment is not one), "
               "against the reference full cost of a path.",
               (f"pacte_cost_per_entry_euros{{{PROGRAMME}}}", "coût par entrée"),
               ("pacte_cost_per_entry_reference_euros", "référence"), unit=EUR), 12, 4)
    g.add(series("Argent du programme", "Committed, invoiced, paid and accrued euros over time.",
                 (f"pacte_committed_euros{{{PROGRAMME}}}", "engagé"),
                 (f"pacte_invoiced_euros{{{PROGRAMME}}}", "facturé"),
                 (f"pacte_paid_euros{{{PROGRAMME}}}", "payé"),
                 (f"pacte_accrued_euros{{{PROGRAMME}}}", "à facturer"), unit=EUR), 24, 8)
    return dashboard("pacte-programme", "pacte — programme (comité de pilotage)",
                     "Indicators of the whole programme for the steering committee.", g)


# Pathways and early dropout warnings (issue 22) ---------------------------------------------------

#: Grafana shows a duration in seconds in the largest fitting unit (34 days rather than 2,937,600 s).
SECONDS = "s"
#: Attendance counts warnings per `lot` label since it started (its counters reset with the process).
WARNED_EXITS = "pacte_dropout_warned_exits_total"


def precision_by_lot(selector: str = "") -> str:
    """Per lot: warned trainees who then dropped out over warned trainees who exited (0 when none dropped out)."""
    dropped_out = ", ".join(filter(None, [selector, 'outcome="dropped_out"']))
    dropped = f"sum by (lot) ({WARNED_EXITS}{{{dropped_out}}})"
    exited = f"sum by (lot) ({WARNED_EXITS}{{{selector}}})"
    return f"({dropped} or {exited} * 0) / {exited}"


def pathways(g: Grid) -> None:
    g.row("Parcours sans couture (Essentiels puis formation certifiante ou professionnalisante)")
    g.add(stat("Taux de continuation", "People who completed an Essentials session and entered a certifying or "
               "professionalising session within 90 days, over those who completed one and were observed for 90 "
               "days (as of the newest fact; people are the region's person pseudonyms).",
               (f"pacte_pathway_continuation_ratio{{{PROGRAMME}}}", "continuation"), unit=PERCENT, decimals=1), 6, 4)
    g.add(stat("Délai médian entre les étapes", "Median days between the Essentials completion and the next "
               "step's entry, of the pathways that went on.",
               (f"pacte_pathway_between_steps_median_seconds{{{PROGRAMME}}}", "délai"), unit=SECONDS, decimals=1), 6, 4)
    g.add(stat("Parcours entre organismes", "Share of the pathways that went on whose next step is at another "
               "organisation than the Essentials one.",
               (f"pacte_pathway_cross_organisation_ratio{{{PROGRAMME}}}", "entre organismes"), unit=PERCENT,
               decimals=1), 6, 4)
    g.add(stat("Sortants des Essentiels suivis", "People who completed an Essentials session and were observed "
               "for 90 days since (the rate's denominator).",
               (f"pacte_pathway_essentials_completers{{{PROGRAMME}}}", "personnes")), 6, 4)
    g.add(bars("Taux de continuation par territoire", "By the territory of the Essentials session (first step).",
               ('pacte_pathway_continuation_ratio{scope_type="territory"}', "{{scope_id}}"), PERCENT, max_value=1),
          12, 7)
    g.add(bars("Taux de continuation par organisme", "By the organisation holding the Essentials session.",
               ('pacte_pathway_continuation_ratio{scope_type="organisation"}', "{{scope_id}}"), PERCENT,
               max_value=1), 12, 7)


def early_warnings(g: Grid) -> None:
    g.row("Repérage précoce du décrochage (sessions de 300 heures et plus)")
    g.add(stat("Alertes", "Early dropout warnings raised and cleared (attendance recovered) since attendance "
               "started: counts per lot, never who.",
               ("sum(pacte_dropout_warnings_raised_total)", "levées"),
               ("sum(pacte_dropout_warnings_cleared_total)", "résorbées")), 6, 7)
    g.add(stat("Précision de l'alerte", "Of the warned trainees who left their session, the share who dropped out "
               "(the others completed it), since attendance started.",
               (f'(sum({WARNED_EXITS}{{outcome="dropped_out"}}) or sum({WARNED_EXITS}) * 0) / sum({WARNED_EXITS})',
                "précision"), unit=PERCENT, decimals=1), 6, 7)
    g.add(bars("Alertes levées par lot", "Since attendance started.",
               ("sum by (lot) (pacte_dropout_warnings_raised_total)", "{{lot}}")), 6, 7)
    g.add(bars("Précision de l'alerte par lot", "Warned trainees who dropped out over warned trainees who left, "
               "per lot.", (precision_by_lot(), "{{lot}}"), PERCENT, max_value=1), 6, 7)


# Lots and organisations --------------------------------------------------------------------------

LOT_FILTER = 'territory=~"$territory", domain=~"$domain", organisation=~"$organisation"'


def of_lots(metric: str, function: str = "{}") -> str:
    """The metric for the selected lots, with the lot's territory, domain and holder as labels
    (``function`` wraps the selector, e.g. ``"increase({}[7d])"``)."""
    selector = function.format(f'{metric}{{scope_type="lot", scope_id=~"$lot"}}')
    return (f"{selector} * on (scope_id) group_left (territory, domain, organisation) "
            f"pacte_lot_info{{{LOT_FILTER}}}")


def of_warned_lots(per_lot: str) -> str:
    """Attendance's per-`lot` figure for the selected lots, with the lot's place in the programme as labels."""
    return (f'label_replace({per_lot}, "scope_id", "$1", "lot", "(.*)") * on (scope_id) '
            f"group_left (territory, domain, organisation) pacte_lot_info{{{LOT_FILTER}}}")


def lots() -> board.Dashboard:
    g = Grid()
    g.row("Lots sélectionnés")
    g.add(table("Lots", "One row per lot of the selection; every figure since the start of the programme.", [
        (of_lots("pacte_entries_total"), "entrées", "none"),
        (of_lots("pacte_offered_places"), "places", "none"),
        (of_lots("pacte_fill_ratio"), "remplissage", PERCENT),
        (of_lots("pacte_dropout_ratio"), "abandon", PERCENT),
        (of_lots("pacte_dropout_excl_employment_ratio"), "abandon hors emploi", PERCENT),
        (of_lots("pacte_certification_ratio"), "certification", PERCENT),
        (of_lots("pacte_satisfaction_score_average"), "satisfaction", "none"),
        (of_lots("pacte_committed_euros"), "engagé", EUR),
        (of_lots("pacte_invoiced_euros"), "facturé", EUR),
        (of_lots("pacte_accrued_euros"), "à facturer", EUR),
    ], ["scope_id", "territory", "domain", "organisation"]), 24, 9)
    g.add(bars("Taux d'abandon par lot", f"Red above {DROPOUT_ALERT_RATIO:.0%}, the alert threshold.",
               (of_lots("pacte_dropout_ratio"), "{{scope_id}}"), PERCENT, max_value=1, steps=GREEN_RED), 8, 8)
    g.add(bars("Remplissage par lot", "Entries over places offered.",
               (of_lots("pacte_fill_ratio"), "{{scope_id}}"), PERCENT, max_value=1), 8, 8)
    g.add(bars("Coût par entrée par lot", "Invoiced payable per entry.",
               (of_lots("pacte_cost_per_entry_euros"), "{{scope_id}}"), EUR), 8, 8)
    g.add(series("Entrées par lot (7 jours glissants)", "Enrolments over the last 7 days at each point.",
                 (f"sum by (scope_id) ({of_lots('pacte_entries_total', 'increase({}[7d])')})", "{{scope_id}}"),
                 bars=True, stacked=True), 12, 8)
    g.add(bars("Motifs d'abandon des lots", "Dropouts by reason over the selected lots.",
               (f"sum by (reason) ({of_lots('pacte_dropouts_total')})", "{{reason}}")), 12, 8)

    g.add(table("Parcours et alertes des lots", "Essentials lots: continuation within 90 days, median days "
                "between steps, pathways across organisations; lots of 300-hour sessions: early dropout warnings "
                "raised and cleared, and their precision (counts, never who).", [
                    (of_lots("pacte_pathway_continuation_ratio"), "continuation", PERCENT),
                    (of_lots("pacte_pathway_between_steps_median_seconds"), "délai médian", SECONDS),
                    (of_lots("pacte_pathway_cross_organisation_ratio"), "entre organismes", PERCENT),
                    (of_warned_lots("sum by (lot) (pacte_dropout_warnings_raised_total{lot=~\"$lot\"})"),
                     "alertes levées", "none"),
                    (of_warned_lots("sum by (lot) (pacte_dropout_warnings_cleared_total{lot=~\"$lot\"})"),
                     "alertes résorbées", "none"),
                    (of_warned_lots(precision_by_lot('lot=~"$lot"')), "précision", PERCENT),
                ], ["scope_id", "territory", "domain", "organisation"]), 24, 8)

    g.row("Organismes")
    org = 'scope_type="organisation", scope_id=~"$organisation"'
    g.add(table("Organismes", "Every lot held by the organisation (it answers for its grouping).", [
        (f"pacte_entries_total{{{org}}}", "entrées", "none"),
        (f"pacte_dropout_ratio{{{org}}}", "abandon", PERCENT),
        (f"pacte_dropout_excl_employment_ratio{{{org}}}", "abandon hors emploi", PERCENT),
        (f"pacte_certification_ratio{{{org}}}", "certification", PERCENT),
        (f"pacte_return_to_work_6m_ratio{{{org}}}", "emploi 6 mois", PERCENT),
        (f"pacte_satisfaction_score_average{{{org}}}", "satisfaction", "none"),
        (f"pacte_invoiced_euros{{{org}}}", "facturé", EUR),
        (f"pacte_paid_euros{{{org}}}", "payé", EUR),
    ], ["scope_id"]), 24, 7)
    g.add(series("Abandons par organisme et motif (30 jours glissants)", "Dropouts over the last 30 days.",
                 (f"sum by (scope_id, reason) (increase(pacte_dropouts_total{{{org}}}[30d]))",
                  "{{scope_id}} {{reason}}"), stacked=True), 24, 8)

    g.row("Territoires et domaines")
    territory = 'scope_type="territory", scope_id=~"$territory"'
    domain = 'scope_type="domain", scope_id=~"$domain"'
    g.add(table("Territoires", "Per territory (département).", [
        (f"pacte_entries_total{{{territory}}}", "entrées", "none"),
        (f"pacte_fill_ratio{{{territory}}}", "remplissage", PERCENT),
        (f"pacte_training_access_ratio{{{territory}}}", "accès demandeurs d'emploi", PERCENT),
        (f"pacte_dropout_ratio{{{territory}}}", "abandon", PERCENT),
    ], ["scope_id"]), 12, 7)
    g.add(table("Domaines", "Per training domain.", [
        (f"pacte_entries_total{{{domain}}}", "entrées", "none"),
        (f"pacte_fill_ratio{{{domain}}}", "remplissage", PERCENT),
        (f"pacte_dropout_ratio{{{domain}}}", "abandon", PERCENT),
        (f"pacte_committed_euros{{{domain}}}", "engagé", EUR),
    ], ["scope_id"]), 12, 7)
    variables = [
        variable("territory", "Territoire", "pacte_lot_info", "territory"),
        variable("domain", "Domaine", 'pacte_lot_info{territory=~"$territory"}', "domain"),
        variable("organisation", "Organisme", 'pacte_lot_info{territory=~"$territory", domain=~"$domain"}',
                 "organisation"),
        variable("lot", "Lot", f"pacte_lot_info{{{LOT_FILTER}}}", "scope_id"),
    ]
    return dashboard("pacte-lots", "pacte — lots et organismes",
                     "Drill down by territory, domain and organisation; each figure per lot, organisation, "
                     "territory or domain.", g, variables=variables)


# Operations --------------------------------------------------------------------------------------


def operations() -> board.Dashboard:
    svc = 'service=~"$service"'
    g = Grid()
    g.row("Kafka et outbox")
    g.add(stat("Retard des consommateurs", "Events waiting in the consumers' assigned partitions, all consumers.",
               (f"sum(pacte_consumer_lag_events{{{svc}}})", "événements")), 4, 8)
    g.add(series("Retard par consommateur", "High watermark minus position, summed over each consumer's topics.",
                 (f"sum by (consumer) (pacte_consumer_lag_events{{{svc}}})", "{{consumer}}")), 10, 8)
    g.add(series("Profondeur de l'outbox", "Events written but not yet relayed to Kafka, per service.",
                 (f"pacte_outbox_depth_events{{{svc}}}", "{{service}}")), 10, 8)
    g.add(series("Événements traités", "Events consumed per second, by consumer and outcome.",
                 ("sum by (consumer, outcome) (rate(pacte_consumer_events_total[$__rate_interval]))",
                  "{{consumer}} {{outcome}}"), unit="ops"), 12, 8)
    g.add(series("Relais de l'outbox", "Events relayed per second and age of the oldest relayed event.",
                 (f"sum by (service) (rate(pacte_outbox_published_total{{{svc}}}[$__rate_interval]))",
                  "{{service}} /s"),
                 (f"max by (service) (pacte_outbox_relay_lag_seconds{{{svc}}})", "{{service}} âge (s)")), 12, 8)

    g.row("Lettres mortes et échecs")
    g.add(stat("Lettres mortes (période)", "Messages sent to a dead-letter topic over the time range.",
               ("sum(increase(pacte_dead_letters_total[$__range]))", "DLQ"),
          steps=RED_FROM_ONE), 6, 8)
    g.add(bars("Lettres mortes par topic", "Since each service started (`pacte dlq list` shows them).",
               ("sum by (consumer, topic) (pacte_dead_letters_total)", "{{consumer}} ← {{topic}}"),
               steps=RED_FROM_ONE), 9, 8)
    g.add(series("Échecs de traitement", "Failed attempts per hour (retried, then dead-lettered after N).",
                 ("sum by (consumer) (increase(pacte_consumer_failures_total[1h]))", "{{consumer}}")), 9, 8)

    g.row("Latence")
    quantiles = [(0.5, "p50"), (0.95, "p95"), (0.99, "p99")]
    g.add(series("Latence des lots d'événements", "Time to process one batch in one transaction (p50/p95/p99).",
                  *[(f"histogram_quantile({q}, sum by (le) "
                     f"(rate(pacte_consumer_batch_duration_seconds_bucket[$__rate_interval])))", name)
                    for q, name in quantiles], unit="s"), 12, 8)
    g.add(series("Latence p95 par consommateur", "Batch processing time, 95th percentile.",
                 ("histogram_quantile(0.95, sum by (le, consumer) "
                  "(rate(pacte_consumer_batch_duration_seconds_bucket[$__rate_interval])))", "{{consumer}}"),
                 unit="s"), 12, 8)
    g.add(series("Taille des lots", "Events per consumed batch (p95).",
                 ("histogram_quantile(0.95, sum by (le, consumer) "
                  "(rate(pacte_consumer_batch_size_events_bucket[$__rate_interval])))", "{{consumer}}")), 12, 8)
    g.add(series("Fraîcheur des indicateurs", "Seconds since the business metrics were last recomputed, and "
                 "how long the last recomputation took.",
                 ("time() - pacte_indicators_refreshed_timestamp_seconds", "âge"),
                 ("pacte_indicators_refresh_duration_seconds", "durée du calcul"), unit="s"), 12, 8)

    g.row("HTTP")
    g.add(series("Requêtes HTTP", "Requests per second by service and status class.",
                 (f"sum by (service, status) (rate(pacte_http_requests_total{{{svc}}}[$__rate_interval]))",
                  "{{service}} {{status}}"), unit="reqps"), 12, 8)
    g.add(series("Erreurs serveur HTTP (5xx)", "Share of requests answered 5xx, per service (0 when none).",
                 (f"(sum by (service) (rate(pacte_http_requests_total{{{svc}, status=\"5xx\"}}[$__rate_interval]))"
                  f" or sum by (service) (rate(pacte_http_requests_total{{{svc}}}[$__rate_interval])) * 0)"
                  f" / sum by (service) (rate(pacte_http_requests_total{{{svc}}}[$__rate_interval]))",
                  "{{service}}"), unit=PERCENT), 12, 8)
    g.add(series("Latence HTTP p95", "Per service.",
                 (f"histogram_quantile(0.95, sum by (le, service) "
                  f"(rate(pacte_http_request_duration_seconds_bucket{{{svc}}}[$__rate_interval])))", "{{service}}"),
                 unit="s"), 12, 8)
    g.add(bars("Refus par motif", "Commands refused over the time range, by stable reason code (4xx).",
               (f"sum by (service, reason) (increase(pacte_command_rejections_total{{{svc}}}[$__range]))",
                "{{service}} {{reason}}")), 12, 8)

    g.row("Facturation")
    g.add(stat("Factures émises (période)", "Invoices issued over the time range (all versions).",
               ("sum(increase(pacte_billing_invoices_issued_total[$__range]))", "factures")), 8, 4)
    g.add(stat("Plafonds atteints (période)", "Orders brought to their ceiling (alert raised to the buyer).",
               ("sum(increase(pacte_billing_order_ceilings_reached_total[$__range]))", "plafonds")), 8, 4)
    g.add(stat("Cibles Prometheus en ligne", "Scraped services that answered the last scrape.",
               ("sum(up)", "en ligne"), ("count(up)", "cibles")), 8, 4)
    variables = [variable("service", "Service", "pacte_outbox_depth_events", "service")]
    return dashboard("pacte-operations", "pacte — exploitation",
                     "The running system: Kafka consumers, outboxes, dead letters, latencies, HTTP errors.", g,
                     variables=variables, time_from="now-6h", refresh="30s")


# The pact's trajectory ---------------------------------------------------------------------------

#: The trajectory's metrics carry a `year` (or a `month`) label, not time: every panel is an instant query.
YEAR_PROGRAMME = 'scope_type="programme"'


def by_year(metric: str, selector: str) -> str:
    return f"sum by (year) ({metric}{{{selector}}})"


def trajectory() -> board.Dashboard:
    g = Grid()
    g.row("Parcours : entrées face aux cibles du pacte")
    g.add(stat("Entrées du pacte", "Entries of the programme in the pact's years and after (by enrolment date), "
               "against the paths the pact plans over its years.",
               (f"sum(pacte_pact_year_entries{{{YEAR_PROGRAMME}}})", "entrées"),
               ("sum(pacte_pact_target_paths)", "cible")), 6, 5)
    g.add(stat("Atteinte de la cible", "Entries over the paths the pact plans, over its years.",
               (f"sum(pacte_pact_year_entries{{{YEAR_PROGRAMME}}}) / sum(pacte_pact_target_paths)", "atteinte"),
               unit=PERCENT, decimals=2), 6, 5)
    g.add(stat("Crédits engagés", "Committed money against the pact's money over its years (the State's and the "
               "employment service's own budget).",
               (f"sum(pacte_pact_year_euros{{{YEAR_PROGRAMME}, kind=\"committed\"}})", "engagé"),
               ("sum(pacte_pact_target_euros)", "cible"), unit=EUR), 6, 5)
    g.add(stat("Taux d'engagement", "Committed money over the pact's money (State and own budget).",
               (f"sum(pacte_pact_year_euros{{{YEAR_PROGRAMME}, kind=\"committed\"}}) / sum(pacte_pact_target_euros)",
                "engagé"), unit=PERCENT, decimals=2), 6, 5)
    g.add(table("Par année", "Entries, committed, invoiced and paid money of each year against the pact's targets "
                "(money's year: an order's first session, an invoice's period).", [
                    (by_year("pacte_pact_year_entries", YEAR_PROGRAMME), "entrées", "none"),
                    ("sum by (year) (pacte_pact_target_paths)", "cible (parcours)", "none"),
                    (f"{by_year('pacte_pact_year_entries', YEAR_PROGRAMME)} / on (year) "
                     "sum by (year) (pacte_pact_target_paths)", "atteinte", PERCENT),
                    (by_year("pacte_pact_year_euros", f'{YEAR_PROGRAMME}, kind="committed"'), "engagé", EUR),
                    ('sum by (year) (pacte_pact_target_euros{budget="pact"})', "crédits État", EUR),
                    ('sum by (year) (pacte_pact_target_euros{budget="own"})', "budget propre", EUR),
                    (by_year("pacte_pact_year_euros", f'{YEAR_PROGRAMME}, kind="invoiced"'), "facturé", EUR),
                    (by_year("pacte_pact_year_euros", f'{YEAR_PROGRAMME}, kind="paid"'), "payé", EUR),
                ], ["year"]), 24, 7)
    g.add(bars("Entrées par mois", "The programme's entries of each month (by enrolment date).",
               ('pacte_pact_month_entries{series="entries"}', "{{month}}")), 12, 12)
    g.add(table("Entrées par mois face au rythme de la cible", "A month's pace is its year's target over 12.", [
        ('sum by (month) (pacte_pact_month_entries{series="entries"})', "entrées", "none"),
        ('sum by (month) (pacte_pact_month_entries{series="pace"})', "rythme de la cible", "none"),
    ], ["month"]), 12, 12)

    g.row("Axes et territoires")
    g.add(table("Axes", "Each axis's entries and money since the start, its share of all committed against the "
                "pact's split (50 / 43 / 7 %).", [
                    ('sum by (scope_id) (pacte_pact_year_entries{scope_type="axis"})', "entrées", "none"),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="axis", kind="committed"})', "engagé", EUR),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="axis", kind="invoiced"})', "facturé", EUR),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="axis", kind="paid"})', "payé", EUR),
                    ('label_replace(pacte_budget_axis_share_ratio, "scope_id", "$1", "axis", "(.*)")', "part",
                     PERCENT),
                    ('label_replace(pacte_budget_axis_target_ratio, "scope_id", "$1", "axis", "(.*)")', "cible",
                     PERCENT),
                ], ["scope_id"]), 12, 7)
    g.add(table("Territoires", "Each territory's entries and money since the start (the pact sets no target per "
                "territory).", [
                    ('sum by (scope_id) (pacte_pact_year_entries{scope_type="territory"})', "entrées", "none"),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="territory", kind="committed"})', "engagé",
                     EUR),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="territory", kind="invoiced"})',
                     "facturé", EUR),
                    ('sum by (scope_id) (pacte_pact_year_euros{scope_type="territory", kind="paid"})', "payé", EUR),
                ], ["scope_id"]), 12, 7)
    g.add(bars("Engagé par axe et par année", "Committed money of each axis per year.",
               ('sum by (scope_id, year) (pacte_pact_year_euros{scope_type="axis", kind="committed"})',
                "{{scope_id}} {{year}}"), EUR), 12, 8)
    g.add(bars("Entrées par territoire et par année", "Entries of each territory per year.",
               ('sum by (scope_id, year) (pacte_pact_year_entries{scope_type="territory"})',
                "{{scope_id}} {{year}}")), 12, 8)

    g.row("Abandons")
    g.add(bars("Taux d'abandon par axe", "Dropouts over entries of each axis.",
               ('pacte_dropout_ratio{scope_type="axis"}', "{{scope_id}}"), PERCENT, max_value=1, steps=GREEN_RED),
          8, 7)
    g.add(bars("Taux d'abandon hors retour à l'emploi par axe", "Dropouts for another reason than a job, over "
               "entries.", ('pacte_dropout_excl_employment_ratio{scope_type="axis"}', "{{scope_id}}"), PERCENT,
               max_value=1, steps=GREEN_RED), 8, 7)
    g.add(bars("Motifs d'abandon", "Dropouts by reason since the start of the programme.",
               (f"sum by (reason) (pacte_dropouts_total{{{PROGRAMME}}})", "{{reason}}")), 8, 7)
    return dashboard("pacte-trajectory", "pacte — trajectoire du pacte",
                     "The pact's trajectory: entries and money per year and month against its targets (2019-2022: "
                     "109,090 paths, 652 M€ of the State and 47.8 M€ a year of the employment service's own "
                     "budget, until steering loads others), per axis and territory.", g, time_from="now-7d")


# Output ------------------------------------------------------------------------------------------

DASHBOARDS = {"programme.json": programme, "lots.json": lots, "operations.json": operations,
              "trajectory.json": trajectory}


def render() -> dict[str, str]:
    """File name → JSON text of every dashboard."""
    result = {}
    for name, build in DASHBOARDS.items():
        result[name] = json.dumps(build().build(), cls=JSONEncoder, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a committed dashboard is stale")
    args = parser.parse_args(argv)
    stale = []
    for name, text in render().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale dashboards: {', '.join(stale)}; run `make dashboards`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
