"""Column specifications shared by the page tables and the CSV downloads, so they agree."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import format as fmt


@dataclass(frozen=True)
class Column:
    key: str
    da: str
    en: str
    kind: str = "int"  # int | dec | pct | text | quarter | bool

    def label(self, lang: str = "da") -> str:
        return self.da if lang == "da" else self.en

    def show(self, value: object, lang: str = "da") -> str:
        """The text of a cell in the interface."""
        if self.kind == "pct":
            return fmt.percent(value, lang)  # type: ignore[arg-type]
        if self.kind == "dec":
            return fmt.number(value, 1, lang)
        if self.kind == "quarter":
            return fmt.quarter(value)  # type: ignore[arg-type]
        if self.kind == "text":
            return "" if value is None else str(value)
        return fmt.number(value, 0, lang)


MUNICIPALITY_COLUMNS = [
    Column("code", "Kode", "Code", "text"),
    Column("name", "Kommune", "Municipality", "text"),
    Column("region", "Region", "Region", "text"),
    Column("population", "Indbyggere (ca.)", "Population (approx.)"),
    Column("active_groups", "Aktive grupper", "Active groups"),
    Column("groups_per_100k", "Grupper pr. 100.000", "Groups per 100,000", "dec"),
    Column("meetings", "Møder", "Meetings"),
    Column("attendance", "Fremmøde", "Attendance"),
    Column("avg_attendance", "Fremmøde pr. møde", "Attendance per meeting", "dec"),
    Column("newcomers", "Nye deltagere", "Newcomers"),
    Column("volunteers", "Aktive frivillige", "Active volunteers"),
    Column("trained", "Uddannede facilitatorer", "Trained facilitators"),
    Column("single_facilitator_groups", "Grupper med én facilitator", "Single-facilitator groups"),
    Column("completed", "Afsluttet behandling", "Completed treatment"),
    Column("offered", "Tilbudt efterbehandling", "Offered aftercare"),
    Column("attended_90d", "I gruppe inden 90 dage", "In a group within 90 days"),
    Column("engaged_6m", "Stadig med efter 6 mdr.", "Still engaged after 6 months"),
    Column("reach_rate", "Andel nået", "Reach rate", "pct"),
]

TREND_COLUMNS = [
    Column("quarter", "Kvartal", "Quarter", "quarter"),
    Column("meetings", "Møder", "Meetings"),
    Column("attendance", "Fremmøde", "Attendance"),
    Column("newcomers", "Nye deltagere", "Newcomers"),
    Column("completed", "Afsluttet behandling", "Completed treatment"),
    Column("offered", "Tilbudt efterbehandling", "Offered aftercare"),
    Column("attended_90d", "I gruppe inden 90 dage", "In a group within 90 days"),
    Column("engaged_6m", "Stadig med efter 6 mdr.", "Still engaged after 6 months"),
    Column("offer_rate", "Andel tilbudt", "Offer rate", "pct"),
    Column("reach_rate", "Andel nået", "Reach rate", "pct"),
    Column("retention_rate", "Andel fastholdt", "Retention rate", "pct"),
]
