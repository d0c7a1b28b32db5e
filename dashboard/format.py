"""How figures read in the interface and in CSV files: Danish numbers, hidden counts, bounds."""

from __future__ import annotations

import datetime as dt

from queries.disclosure import AtLeast, Hidden
from queries.filters import quarter_label

DASH = "–"


def number(value: object, decimals: int = 0, lang: str = "da") -> str:
    """Format a figure: 1.234,5 in Danish, '<5' when hidden, '≥ 1.234' for a lower bound."""
    if value is None:
        return DASH
    if isinstance(value, Hidden):
        if value.cells == 1:
            return f"<{value.threshold}"
        return "skjult" if lang == "da" else "hidden"
    prefix = "≥ " if isinstance(value, AtLeast) else ""
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    if isinstance(value, int | float):
        text = f"{value:,.{decimals}f}"
        if lang == "da":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return prefix + text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def percent(value: float | None, lang: str = "da") -> str:
    if value is None:
        return DASH
    return number(value * 100, 1, lang) + " %"


def plain(value: object) -> float | None:
    """The numeric value to draw in a chart: hidden figures are not drawn (None)."""
    if value is None or isinstance(value, Hidden):
        return None
    return float(value)  # type: ignore[arg-type]


def quarter(q: int) -> str:
    return quarter_label(q)
