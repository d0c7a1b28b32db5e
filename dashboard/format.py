"""How figures read in the interface: Danish numbers (1.234,5) or English, hidden counts, bounds."""

from __future__ import annotations

import datetime as dt

from dashboard.i18n import current_lang, t
from queries.disclosure import Hidden, Withheld, is_marker

DASH = "–"
# Statistics Denmark's mark for a figure withheld by disclosure control.
WITHHELD_MARK = ".."
DANISH = str.maketrans({",": ".", ".": ","})  # 1,234.5 -> 1.234,5


def number(value: object, decimals: int = 0, lang: str | None = None) -> str:
    """Format a figure: 1.234,5 in Danish, '<5' for a small published count, '..' withheld."""
    lang = lang or current_lang()
    kind = type(value)
    if kind is int or kind is float:  # most cells: straight to the digits
        text = f"{value:,.{decimals}f}"
        return text.translate(DANISH) if lang == "da" else text
    if value is None:
        return DASH
    if isinstance(value, Hidden):
        return f"<{value.threshold}"
    if isinstance(value, Withheld):
        return WITHHELD_MARK
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    if isinstance(value, int | float):
        text = f"{value:,.{decimals}f}"
        return text.translate(DANISH) if lang == "da" else text
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def percent(value: float | Hidden | Withheld | None, lang: str | None = None) -> str:
    if value is None:
        return DASH
    if is_marker(value):
        return number(value, lang=lang)  # a withheld rate reads «..» like any figure
    return number(value * 100, 1, lang) + " %"


def plain(value: object) -> float | None:
    """The numeric value to draw in a chart: hidden figures are not drawn (None)."""
    if value is None or is_marker(value):
        return None
    return float(value)  # type: ignore[arg-type]


def quarter(q: int, lang: str | None = None) -> str:
    """A quarter (YYYYQ) as its reader writes it: "2025 K4" in Danish, "2025 Q4" in English."""
    letter = "Q" if (lang or current_lang()) == "en" else "K"
    return f"{q // 10} {letter}{q % 10}"


def band(label: str, lang: str | None = None) -> str:
    """A population band such as "20.000-50.000" with the reader's thousands separator."""
    return label.replace(".", ",") if (lang or current_lang()) == "en" else label
