"""The definitions of every figure, read from docs/metrics.md and cut into anchored sections,
so the app can link each card and chart to its definition (users cannot reach the repository).

The file is found as the assets are (dashboard/resources.py: the project folder, or the
copy `pip install .` ships), and one file stays the single source of the definitions.
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.resources import project_path

METRICS_DOC = project_path("docs", "metrics.md")
PAGE_PATH = "/om/definitioner"


def slug(heading: str) -> str:
    """An anchor from a heading's English part: "Aftercare reach — Efterbehandlingens
    rækkevidde" becomes "aftercare-reach"."""
    english = heading.split(" — ")[0]
    return re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")


@cache
def sections() -> list[tuple[str, str, str]]:
    """(anchor, heading, Markdown body) per `## ` section; the text before the first one
    has the anchor "introduction"."""
    text = METRICS_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    intro = re.sub(r"^# .*\n", "", parts[0]).strip()
    out = [("introduction", "", intro)]
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        out.append((slug(heading), heading.strip(), body.strip()))
    return out


# What each chart or table on the pages is defined under, by the end of its panel id.
PANEL_ANCHORS = {
    "map": "group-coverage", "municipalities": "group-coverage", "activity": "group-coverage",
    "trend": "aftercare-reach", "funnel": "aftercare-reach", "league": "aftercare-reach",
    "benchmark": "comparison-with-comparable-municipalities", "risks": "volunteer-capacity",
    "volunteers": "volunteer-capacity", "groups": "groups-table-meetings-export",
}
# The key-figure groups, by the text key of their title.
QUESTION_ANCHORS = {"q.coverage": "group-coverage", "q.capacity": "volunteer-capacity",
                    "q.reach": "aftercare-reach"}


def href(anchor: str) -> str:
    return f"{PAGE_PATH}#{anchor}"


def panel_anchor(pid: str) -> str | None:
    """The definition of a panel from its id ("overview-league" → "aftercare-reach")."""
    return PANEL_ANCHORS.get(pid.rsplit("-", 1)[-1])
