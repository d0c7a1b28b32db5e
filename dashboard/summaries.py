"""One-sentence text summaries of the charts, for screen readers and for the printout."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard.i18n import t
from queries.collation import sorted_danish
from queries.disclosure import is_marker


def _name(row: dict) -> str:
    """The municipality's own name in both languages ("København", not "Copenhagen" in one
    place and "København" in the next): the tables, charts, map and CSVs all use it."""
    return row["name"]


def map_summary(rows: list[dict]) -> str:
    if not rows:
        return t("note.no_data")
    ranked = sorted((r for r in rows if fmt.plain(r["groups_per_100k"])),
                    key=lambda r: -fmt.plain(r["groups_per_100k"]))[:3]  # type: ignore[operator]
    top = ", ".join(f"{_name(r)} ({fmt.number(r['groups_per_100k'], 1)})" for r in ranked)
    # Named, not only counted and coloured: a count known to be 0 (never a withheld one),
    # in Danish alphabetical order.
    without = sorted_danish((r for r in rows if not is_marker(r["active_groups"])
                             and r["active_groups"] == 0), _name)
    text = t("summary.map", n=fmt.number(len(rows)), without=fmt.number(len(without)),
             top=top or "–")
    if without:
        text += " " + t("summary.map_without", n=fmt.number(len(without)),
                        names=", ".join(_name(r) for r in without))
    return text


def trend_summary(direction: list[dict]) -> str:
    """The chart's sentence: the year-on-year verdicts, not the first quarter against the
    last (a seasonal artefact)."""
    if not direction:
        return t("note.no_data")
    rows = {r["measure"]: r for r in direction}
    new, reach = rows["newcomers"], rows["reach_rate"]
    return t("summary.trend_yoy",
             newcomers=t("yoy.newcomers", now=fmt.number(new["now"]),
                         before=fmt.number(new["before"])),
             newcomers_verdict=_verdict_words(new),
             reach=t("yoy.reach_rate", now=fmt.percent(reach["now"]),
                     before=fmt.percent(reach["before"])),
             reach_verdict=_verdict_words(reach))


def _verdict_words(row: dict) -> str:
    return t(f"yoy.{row['verdict']}") if row["verdict"] else t("yoy.none")


def funnel_summary(total: dict) -> str:
    return t("summary.funnel", completed=fmt.number(total["completed"]),
             offered=fmt.number(total["offered"]), attended=fmt.number(total["attended_90d"]),
             engaged=fmt.number(total["engaged_6m"]))


def activity_summary(rows: list[dict]) -> str:
    meetings = sum(fmt.plain(r["meetings"]) or 0 for r in rows)
    hours = sum(fmt.plain(r["volunteer_hours"]) or 0 for r in rows)
    return t("summary.activity", meetings=fmt.number(meetings), hours=fmt.number(hours))


def benchmark_summary(row: dict | None) -> str:
    if not row or row["reach_rate"] is None:
        return t("summary.benchmark_none")
    return t("summary.benchmark", name=_name(row), rate=fmt.percent(row["reach_rate"]),
             low=fmt.percent(row["reach_low"]), high=fmt.percent(row["reach_high"]),
             national=fmt.percent(row["national_rate"]), peer=fmt.percent(row["peer_rate"]),
             verdict=t(f"verdict_text.{row['verdict'] or 'same'}"))


def league_summary(rows: list[dict]) -> str:
    shown = [r for r in rows if r["reach_rate"] is not None]
    if not shown:
        return t("summary.benchmark_none")
    return t("summary.league", n=fmt.number(len(shown)),
             higher=fmt.number(sum(1 for r in shown if r["verdict"] == "higher")),
             lower=fmt.number(sum(1 for r in shown if r["verdict"] == "lower")),
             national=fmt.percent(shown[0]["national_rate"]))
