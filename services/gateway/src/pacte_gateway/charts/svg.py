"""A leather chart as an accessible inline SVG, and the shapes leather lacks for category axes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import leather
from leather import theme
from markupsafe import Markup

#: Leather draws from module-level settings (`leather.theme`); the back-office's: its fonts, and tick
#: labels dark enough for a 4.5:1 contrast on the chart's background.
_THEME = {"background_color": "#ffffff", "title_color": "#161616", "legend_color": "#161616",
          "axis_title_color": "#161616", "label_color": "#3a3a3a", "tick_color": "#dddddd", "zero_color": "#3a3a3a",
          **{f"{part}_font_family": "system-ui, sans-serif" for part in ("title", "legend", "axis_title", "tick")},
          "tick_font_size": 13, "legend_font_size": 13}
for _name, _value in _THEME.items():
    setattr(theme, _name, _value)

#: Colours of the series, each with a 3:1 contrast or more against white (WCAG 1.4.11).
BLUE, RED, GREEN, ORANGE, GREY = "#000091", "#ce0500", "#18753c", "#b34000", "#3a3a3a"


class CategoryLine(leather.Line):  # type: ignore[misc]  # leather ships no types
    """A line over a category (ordinal) axis: a target across months, a series of monthly amounts."""

    def validate_series(self, series: Any) -> None:
        if series.data_type(leather.utils.Y) is leather.data_types.Text:
            raise ValueError("a line's values are numbers")


class CategoryDots(leather.Dots):  # type: ignore[misc]
    """Marks on bars of a category axis (a target per axis)."""

    def validate_series(self, series: Any) -> bool:
        if series.data_type(leather.utils.X) is leather.data_types.Text:
            raise ValueError("a mark's values are numbers")
        return True


def render(chart: leather.Chart, *, chart_id: str, title: str, description: str, width: int = 760,
           height: int = 320) -> Markup:
    """The chart as `<svg role="img">` named by its `<title>` and described by its `<desc>`."""
    root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}",
                              "role": "img", "class": "chart", "focusable": "false", "id": chart_id,
                              "aria-labelledby": f"{chart_id}-title {chart_id}-desc"})
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = description
    root.append(chart.to_svg_group(width, height))
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - built by ElementTree, text escaped
