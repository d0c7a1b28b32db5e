"""Direction of travel (the period against the same period a year earlier) and the note on
quarters with reports missing: words first, with an arrow that is not colour alone."""

from __future__ import annotations

import datetime as dt

from dash import html

from dashboard import format as fmt
from dashboard.components.panels import kpi
from dashboard.definitions import href
from dashboard.i18n import t
from queries.filters import quarter_label
from queries.models import quarter_of

# The arrow repeats what the words say; screen readers get the words only.
ARROWS = {"higher": "↑", "lower": "↓", "same": "→", None: "–"}


def _value(row: dict, key: str) -> str:
    if row["measure"] == "reach_rate":
        return fmt.percent(row[key])
    return fmt.number(row[key])


def verdict_words(row: dict) -> str:
    """"higher than the same period last year", "no reliable change", or why not compared."""
    return t(f"yoy.{row['verdict']}") if row["verdict"] else t("yoy.none")


def direction_item(row: dict) -> html.Li:
    """One measure: arrow, the two figures, and the verdict in words with its p-value."""
    words = verdict_words(row)
    if row["p_value"] is not None:
        words += f" ({t('yoy.p', p=fmt.number(row['p_value'], 3))})"
    return html.Li(
        [html.Span(ARROWS[row["verdict"]], className="yoy-arrow", **{"aria-hidden": "true"}),
         html.Span([t(f"yoy.{row['measure']}", now=_value(row, "now"),
                      before=_value(row, "before")), ": ",
                    html.Strong(words)])],
        className=f"yoy-item yoy-{row['verdict'] or 'none'}",
        **{"data-measure": row["measure"], "data-verdict": row["verdict"] or "none"},
    )


def incomplete_quarters(completeness: list[dict]) -> list[dict]:
    return [row for row in completeness if not row["complete"]]


def direction_block(pid: str, rows: list[dict], completeness: list[dict],
                    download: str) -> html.Section:
    """The year-on-year panel: which periods, the measures, how they were tested."""
    first = rows[0]
    period = t("yoy.period",
               now=f"{quarter_label_of(first['from'])} – {quarter_label_of(first['to'])}",
               before=(f"{quarter_label_of(first['before_from'])} – "
                       f"{quarter_label_of(first['before_to'])}"))
    missing = incomplete_quarters(completeness)
    trimmed = None
    if missing and quarter_of(first["to"]) < missing[-1]["quarter"]:
        trimmed = t("yoy.trimmed", last=quarter_label_of(first["to"]),
                    quarters=", ".join(quarter_label(r["quarter"]) for r in missing
                                       if r["quarter"] > quarter_of(first["to"])))
    return html.Section(
        [
            html.H2(t("yoy.title"), id=f"{pid}-title"),
            html.P([period, " ", trimmed] if trimmed else period, className="lead-small"),
            html.Ul([direction_item(r) for r in rows], className="yoy-list",
                    id=f"{pid}-list"),
            html.P([t("yoy.note"), " ", html.A(t("definitions.link"),
                                               href=href("direction-of-travel"),
                                               className="definition-link")],
                   className="source"),
            html.A(t("download.table"), href=download, id=f"{pid}-download",
                   className="download"),
        ],
        className="panel wide yoy", id=pid, **{"aria-labelledby": f"{pid}-title"},
    )


def incomplete_note(pid: str, completeness: list[dict]) -> html.Div | None:
    """A note per incomplete quarter, e.g. "2026 K3 er ufuldstændig: 3 af 12 partnere
    mangler"; None when every quarter is complete."""
    missing = incomplete_quarters(completeness)
    if not missing:
        return None
    return html.Div(
        [html.P(t("incomplete.note", quarter=quarter_label(r["quarter"]),
                  missing=fmt.number(r["missing"]), partners=fmt.number(r["partners"])))
         for r in missing],
        className="note incomplete", id=pid, role="note",
    )


def quarter_label_of(day: dt.date) -> str:
    return quarter_label(quarter_of(day))


def group_share_cards(k: dict) -> list[html.Div]:
    """The share of active groups meeting in the evening or at weekends, and online: groups
    a working person can reach."""
    return [
        kpi(t("kpi.evening_weekend"), fmt.percent(k["evening_weekend_share"]),
            t("kpi.share_of_groups")),
        kpi(t("kpi.online"), fmt.percent(k["online_share"]), t("kpi.share_of_groups")),
    ]


def retention_card(kept: dict, first_day: dt.date | None = None) -> html.Div:
    """Volunteers still active 12 months after the period's first day ("–" until known)."""
    note = t("kpi.retention_12m_note", day=first_day.isoformat()) if first_day else ""
    return kpi(t("kpi.retention_12m"), fmt.percent(kept["retention_12m"]), note)
