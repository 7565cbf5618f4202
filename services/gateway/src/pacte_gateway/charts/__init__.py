"""Charts of the back-office, drawn on the server as SVG by leather (a kept charting library whose SVG
has presentation attributes only: no `style` attribute, no `<style>`, no script, so the strict CSP
`style-src 'self'; script-src 'self'` holds for an inline `<svg>`). `svg` wraps a chart for people
(a title and a description named by `aria-labelledby`; the page puts its data table beside it);
`figures` draws the steering page's and the what-if's charts from the services' answers."""

from .figures import budget_chart, dropout_reasons_chart, trajectory_chart, what_if_chart, what_if_totals_chart

__all__ = ["budget_chart", "dropout_reasons_chart", "trajectory_chart", "what_if_chart", "what_if_totals_chart"]
