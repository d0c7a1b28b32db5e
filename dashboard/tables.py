"""Column specifications shared by the page tables and the CSV downloads, so they agree.

A column's heading is the text `col.<key>` in dashboard.texts.columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import format as fmt
from dashboard.i18n import t


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "int"  # int | dec | pct | text | quarter | bool | date | method | weekday | status

    def label(self, lang: str | None = None) -> str:
        return t(f"col.{self.key}", lang)

    def show(self, value: object, lang: str | None = None) -> str:
        """The text of a cell in the interface."""
        if self.kind == "pct":
            return fmt.percent(value, lang)  # type: ignore[arg-type]
        if self.kind == "dec":
            return fmt.number(value, 1, lang)
        if self.kind == "band":
            return fmt.band(str(value), lang) if value is not None else ""
        if self.kind == "quarter":
            return fmt.quarter(value, lang)  # type: ignore[arg-type]
        if self.kind in ("method", "weekday", "status", "kind", "verdict", "role"):
            return "" if value is None else t(f"{self.kind}.{value}", lang)
        if self.kind in ("text", "date"):
            return fmt.number(value, lang=lang) if value is not None else ""
        return fmt.number(value, 0, lang)

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "dec", "pct", "bool")


def columns(*specs: str) -> list[Column]:
    """Columns from "key:kind" strings (kind defaults to int), to keep the lists short."""
    out = []
    for spec in specs:
        key, _, kind = spec.partition(":")
        out.append(Column(key, kind or "int"))
    return out


MUNICIPALITY_COLUMNS = columns(
    "code:text", "name:text", "region:text", "population", "active_groups",
    "groups_per_100k:dec", "meetings", "attendance", "avg_attendance:dec", "newcomers",
    "volunteers", "trained", "single_facilitator_groups", "completed", "offered",
    "attended_90d", "engaged_6m", "reach_rate:pct",
)
TREND_COLUMNS = columns(
    "quarter:quarter", "meetings", "attendance", "newcomers", "completed", "offered",
    "attended_90d", "engaged_6m", "offer_rate:pct", "reach_rate:pct", "retention_rate:pct",
)
FUNNEL_COLUMNS = columns(
    "quarter:quarter", "completed", "offered", "attended_90d", "engaged_6m", "offer_rate:pct",
    "reach_rate:pct", "retention_rate:pct",
)
ACTIVITY_COLUMNS = columns(
    "quarter:quarter", "meetings", "attendance", "avg_attendance:dec", "newcomers",
    "volunteer_hours", "coordinator_hours",
)
BENCHMARK_COLUMNS = columns(
    "code:text", "name:text", "size_band:band", "completed", "attended_90d", "reach_rate:pct",
    "reach_low:pct", "reach_high:pct", "national_rate:pct", "peer_rate:pct", "verdict:verdict",
)
GROUP_COLUMNS = columns(
    "name:text", "municipality:text", "organisation:text", "method:method", "weekday:weekday",
    "start_time:text", "online:bool", "meetings", "scheduled", "regularity:pct",
    "avg_attendance:dec", "newcomers", "facilitators", "single_facilitator:bool",
)
MEETING_COLUMNS = columns(
    "date:date", "quarter:quarter", "group_ref:text", "group:text", "municipality_code:text",
    "organisation:text", "method:method", "attendance", "newcomers", "facilitators",
)
VOLUNTEER_COLUMNS = columns(
    "code:text", "name:text", "volunteers", "trained", "pipeline", "single_facilitator_groups",
    "volunteer_hours", "coordinator_hours",
)
STATUS_COLUMNS = columns(
    "partner_name:text", "kind:kind", "quarter:quarter", "rows", "submitted_at:date",
    "due:date", "status:status", "checked_by:text", "approved_by:text", "approved_at:date",
)
