"""Reference data shipped with the project: regions and the 98 municipalities."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection, column, insert, select, table
from sqlalchemy.orm import Session

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


# Only the columns the first schema had, so that the migration that loads them (0006) keeps
# working whatever later migrations add to these tables.
_REGION = table("region", column("code"), column("name"))
_MUNICIPALITY = table("municipality", column("code"), column("name"), column("name_en"),
                      column("region_code"), column("population"), column("population_source"))


def load_reference(db: Session | Connection) -> int:
    """Insert the regions and municipalities that are not there yet; returns how many rows.

    Idempotent, and rows already there are never changed, so an administrator's imported
    population figures survive every `overblik db upgrade`.
    """
    rows = read_municipalities()
    have_regions = set(db.execute(select(_REGION.c.code)).scalars())
    regions = [{"code": code, "name": name}
               for code, name in sorted({(r["region_code"], r["region"]) for r in rows})
               if code not in have_regions]
    if regions:
        db.execute(insert(_REGION), regions)
    have = set(db.execute(select(_MUNICIPALITY.c.code)).scalars())
    municipalities = [{"code": r["code"], "name": r["name"], "name_en": r["name_en"],
                       "region_code": r["region_code"], "population": r["population"],
                       "population_source": "approx-2024"}
                      for r in rows if r["code"] not in have]
    if municipalities:
        db.execute(insert(_MUNICIPALITY), municipalities)
    return len(regions) + len(municipalities)
