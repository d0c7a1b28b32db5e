"""Reference data shipped with the project: regions and the 98 municipalities."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.models import Municipality, Region

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[dict]:
    """Rows of the shipped file; populations are approximate (1 Jan 2024, rounded)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "code": int(r["code"]),
                "name": r["name"],
                "name_en": r["name_en"],
                "region_code": int(r["region_code"]),
                "region": r["region"],
                "population": int(r["population_approx"]),
            }
            for r in csv.DictReader(fh)
        ]


def load_reference(session: Session) -> None:
    """Insert regions and municipalities that are not there yet (idempotent)."""
    rows = read_municipalities()
    have_regions = set(session.scalars(select(Region.code)))
    for code, name in sorted({(r["region_code"], r["region"]) for r in rows}):
        if code not in have_regions:
            session.add(Region(code=code, name=name))
    session.flush()
    have = set(session.scalars(select(Municipality.code)))
    for r in rows:
        if r["code"] not in have:
            session.add(
                Municipality(
                    code=r["code"],
                    name=r["name"],
                    name_en=r["name_en"],
                    region_code=r["region_code"],
                    population=r["population"],
                    population_source="approx-2024",
                )
            )
    session.flush()
