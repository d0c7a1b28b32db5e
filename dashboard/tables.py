"""Column specifications shared by the page tables and the CSV downloads, so they agree.

A column's heading is the text `col.<key>` in dashboard.texts.columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard import format as fmt
from dashboard.i18n import current_lang, t

# Kinds whose values are words to translate: `{kind}.{value}` in dashboard.texts.
TRANSLATED = ("method", "weekday", "status", "kind", "verdict", "role", "change", "measure",
              "test")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "int"  # int | dec | dec3 | pct | text | quarter | bool | date | TRANSLATED
    # In page tables the cell links to this path plus the row's `ref` (a group's own page);
    # CSV files keep the plain text.
    link: str = ""

    def label(self, lang: str | None = None) -> str:
        return t(f"col.{self.key}", lang)

    def texts(self, values: Iterable[object], lang: str) -> list[str]:
        """`show` for a whole column: a municipality table has 2,000 cells, most of them
        plain numbers, and formatting them one call at a time was most of its cost."""
        table = fmt.DANISH if lang == "da" else {}  # {}: every character as it is
        if self.kind == "pct":
            return [format(v * 100, ",.1f").translate(table) + " %"
                    if type(v) is float or type(v) is int else fmt.percent(v, lang)  # type: ignore[arg-type]
                    for v in values]
        if self.kind == "text":
            return [v if type(v) is str else self.show(v, lang) for v in values]
        if self.kind not in ("int", "dec", "dec3"):
            return [self.show(v, lang) for v in values]
        decimals = {"int": 0, "dec": 1, "dec3": 3}[self.kind]
        spec = f",.{decimals}f"
        return [format(v, spec).translate(table) if type(v) is int or type(v) is float
                else fmt.number(v, decimals, lang) for v in values]

    def show(self, value: object, lang: str | None = None) -> str:
        """The text of a cell in the interface."""
        lang = lang or current_lang()
        if self.kind == "pct":
            return fmt.percent(value, lang)  # type: ignore[arg-type]
        if self.kind == "dec":
            return fmt.number(value, 1, lang)
        if self.kind == "dec3":
            return fmt.number(value, 3, lang)
        if self.kind == "band":
            return fmt.band(str(value), lang) if value is not None else ""
        if self.kind == "quarter":
            return fmt.quarter(value, lang)  # type: ignore[arg-type]
        if self.kind in TRANSLATED:
            return "" if value is None else t(f"{self.kind}.{value}", lang)
        if self.kind in ("text", "date"):
            return fmt.number(value, lang=lang) if value is not None else ""
        return fmt.number(value, 0, lang)

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "dec", "dec3", "pct", "bool")


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
    "attended_90d", "engaged_6m", "reach_rate:pct", "evening_weekend_share:pct",
    "online_share:pct", "retention_12m:pct",
)
TREND_COLUMNS = columns(
    "quarter:quarter", "meetings", "attendance", "newcomers", "completed", "offered",
    "attended_90d", "engaged_6m", "offer_rate:pct", "reach_rate:pct", "retention_rate:pct",
    "partners_missing",
)
FUNNEL_COLUMNS = columns(
    "quarter:quarter", "completed", "offered", "attended_90d", "engaged_6m", "offer_rate:pct",
    "reach_rate:pct", "retention_rate:pct", "partners_missing",
)
ACTIVITY_COLUMNS = columns(
    "quarter:quarter", "meetings", "attendance", "avg_attendance:dec", "newcomers",
    "volunteer_hours", "coordinator_hours", "partners_missing",
)
DIRECTION_COLUMNS = columns(
    "measure:measure", "from:date", "to:date", "before_from:date", "before_to:date",
    "now:dec3", "before:dec3", "now_base", "before_base", "test:test", "statistic:dec3",
    "p_value:dec3", "change:change",
)
BENCHMARK_COLUMNS = columns(
    "code:text", "name:text", "size_band:band", "completed", "attended_90d", "reach_rate:pct",
    "reach_low:pct", "reach_high:pct", "national_rate:pct", "peer_rate:pct", "verdict:verdict",
)
GROUP_COLUMNS = [Column("name", "text", link="/gruppe/"), *columns(
    "municipality:text", "organisation:text", "method:method", "weekday:weekday",
    "start_time:text", "online:bool", "meetings", "scheduled", "regularity:pct",
    "avg_attendance:dec", "newcomers", "facilitators", "single_facilitator:bool",
    "no_facilitator:bool",
)]
GROUP_QUARTER_COLUMNS = columns(
    "quarter:quarter", "meetings", "scheduled", "regularity:pct", "attendance",
    "avg_attendance:dec", "newcomers", "facilitators_per_meeting:dec",
    "single_facilitator_meetings",
)
GROUP_PUBLIC_COLUMNS = GROUP_QUARTER_COLUMNS[:4]
MEETING_COLUMNS = columns(
    "date:date", "quarter:quarter", "group_ref:text", "group:text", "municipality_code:text",
    "organisation:text", "method:method", "attendance", "newcomers", "facilitators_present",
)
VOLUNTEER_COLUMNS = columns(
    "code:text", "name:text", "volunteers", "trained", "pipeline", "single_facilitator_groups",
    "groups_without_facilitator", "volunteer_hours", "coordinator_hours", "retention_12m:pct",
)
STATUS_COLUMNS = columns(
    "partner_name:text", "kind:kind", "quarter:quarter", "rows", "submitted_at:date",
    "due:date", "status:status", "checked_by:text", "approved_by:text", "approved_at:date",
)


STATUS_PAGE_SIZE = 50  # rows per page of the data status table (one page was 14,900 px)


def page_of(rows: list[dict], only: object, kind: object, page: object
            ) -> tuple[list[dict], int, int]:
    """The rows of one page of the data status table after its status and kind choices:
    (rows, page, pages), the page number kept inside the table whatever was asked. Here, not
    in the page module: a test importing a page module would register its page twice."""
    chosen = [r for r in rows if (only in (None, "") or r["status"] == only)
              and (kind in (None, "") or r["kind"] == kind)]
    pages = max(1, -(-len(chosen) // STATUS_PAGE_SIZE))
    number = min(max(0, page if isinstance(page, int) and not isinstance(page, bool) else 0),
                 pages - 1)
    return chosen[number * STATUS_PAGE_SIZE:(number + 1) * STATUS_PAGE_SIZE], number, pages
