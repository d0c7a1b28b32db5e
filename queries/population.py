"""Population figures from Statistics Denmark (table FOLK1A) as Statistikbanken exports them.

A real export is not a clean table: it may start with a title line, has Danish (OMRÅDE;TID;
INDHOLD) or English (REGION;TIME;INDHOLD) headers, rows for the whole country, the five
regions and Christiansø besides the 98 municipalities, totals of other dimensions (sex, age)
and several periods, in rows or as one column per period. Rows that are not municipalities
are skipped with a note; every period is kept as history (`population_figure`), and the
newest figure becomes the municipality's current one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.models import Municipality, PopulationFigure, Region

AREA = {"område", "omraade", "omrade", "region", "area", "kommune", "municipality",
        "område/kommune", "kommunekode"}
TIME = {"tid", "time", "kvartal", "quarter", "år", "aar", "year", "periode", "period"}
VALUE = {"indhold", "content", "population", "befolkning", "folketal", "antal", "value",
         "number", "persons", "personer"}
# Other FOLK1A dimensions: only their totals are a municipality's population.
TOTAL_DIMENSIONS = {"køn", "koen", "sex", "alder", "age", "civilstand", "marital status",
                    "herkomst", "ancestry", "statsborgerskab", "citizenship"}
TOTALS = {"i alt", "total", "alder i alt", "age, total", "total, age", "alle", "all"}
# Areas that are not one of the 98 municipalities: the country, the regions, Christiansø.
NOT_MUNICIPALITY = re.compile(
    r"^(0{1,3}\s+)?(hele landet|all denmark|danmark|denmark|christiansø|ertholmene"
    r"|region\b.*|.*\bregion( of denmark)?|landsdel\b.*|province\b.*)$")
# DST's codes for the country (000), the regions (081-085) and Christiansø (411).
NOT_MUNICIPALITY_CODES = {0, 81, 82, 83, 84, 85, 411}
PERIOD = re.compile(r"^(\d{4})(?:\s*([KQ])([1-4])|M(\d{2}))?$", re.IGNORECASE)


@dataclass
class PopulationRow:
    line: int
    municipality: int
    on_date: dt.date
    period: str
    population: int


@dataclass
class PopulationFile:
    """What a file holds: rows to keep, problems (nothing is written) and notes (skipped)."""

    rows: list[PopulationRow] = field(default_factory=list)
    problems: list[tuple[int, str, str, str, dict]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    title_lines: int = 0


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().strip('"').lower()
    return re.sub(r"\s+", " ", text)


def period_start(text: str) -> dt.date:
    """The day a FOLK1A period counts from: 2024K1 -> 2024-01-01, 2024K3 -> 2024-07-01."""
    match = PERIOD.fullmatch(text.strip())
    if not match:
        raise ValueError("not_period")
    year = int(match.group(1))
    if match.group(3):
        return dt.date(year, 3 * int(match.group(3)) - 2, 1)
    if match.group(4) and 1 <= int(match.group(4)) <= 12:
        return dt.date(year, int(match.group(4)), 1)
    if match.group(4):
        raise ValueError("not_period")
    return dt.date(year, 1, 1)


def _is_period(text: str) -> bool:
    try:
        period_start(text)
    except ValueError:
        return False
    return True


def _count(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(".", "")
    if not re.fullmatch(r"\d+", cleaned):
        raise ValueError("not_integer")
    return int(cleaned)


def read_population(session: Session, text: str) -> PopulationFile:
    """Read a FOLK1A export; rows are checked against the 98 municipalities of the database."""
    out = PopulationFile()
    lines = [line for line in text.splitlines()]
    # The header is the first line that names the area column, or that lists periods.
    header_at = None
    for i, line in enumerate(lines):
        delimiter = max((";", ",", "\t"), key=line.count)
        cells = [_norm(c) for c in next(csv.reader([line], delimiter=delimiter), [])]
        if any(c in AREA for c in cells) or (len(cells) > 1 and any(
                _is_period(c) for c in cells[1:])):
            header_at = i
            break
    if header_at is None:
        out.problems.append((1, "municipality", "", "missing_column", {}))
        return out
    out.title_lines = sum(1 for line in lines[:header_at] if line.strip())
    body = "\n".join(lines[header_at:])
    delimiter = max((";", ",", "\t"), key=lines[header_at].count)
    table = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    header = [_norm(c) for c in table[0]]
    area = next((i for i, c in enumerate(header) if c in AREA), None)
    time = next((i for i, c in enumerate(header) if c in TIME), None)
    value = next((i for i, c in enumerate(header) if c in VALUE), None)
    dimensions = [i for i, c in enumerate(header) if c in TOTAL_DIMENSIONS]
    wide = [i for i, c in enumerate(header) if _is_period(c)]
    if area is None:
        area = 0  # a matrix export: areas in the first column, one column per period
    if value is None and not wide:
        out.problems.append((1, "population", "", "missing_column", {}))
        return out
    known = dict(session.execute(select(Municipality.code, Municipality.name)).all())
    names = {_norm(n): c for c, n in known.items()}
    names |= {_norm(n): c for c, n in session.execute(
        select(Municipality.code, Municipality.name_en))}
    regions = {_norm(n) for n in session.scalars(select(Region.name))}
    seen: dict[tuple[int, dt.date], int] = {}
    first_line = header_at + 1  # 1-based line of the header in the file
    for offset, raw in enumerate(table[1:], start=1):
        line = first_line + offset
        if not any(c.strip() for c in raw):
            continue
        cell = raw[area].strip() if area < len(raw) else ""
        label = _norm(cell)
        if any(i < len(raw) and _norm(raw[i]) not in TOTALS for i in dimensions):
            continue  # a breakdown (men, women, an age band): the total row is the one kept
        code = None
        match = re.match(r"(\d{3})\b", label)
        if match and int(match.group(1)) in known:
            code = int(match.group(1))
        elif label.removesuffix(" kommune").removesuffix(" municipality") in names:
            code = names[label.removesuffix(" kommune").removesuffix(" municipality")]
        elif (NOT_MUNICIPALITY.fullmatch(label) or label in regions
              or (match and int(match.group(1)) in NOT_MUNICIPALITY_CODES)):
            if cell not in out.skipped:
                out.skipped.append(cell)
            continue
        else:
            out.problems.append((line, "municipality", cell[:60], "unknown_municipality", {}))
            continue
        if wide:
            cells = [(header_text, raw[i] if i < len(raw) else "")
                     for header_text, i in ((table[0][i].strip(), i) for i in wide)]
        else:
            period = raw[time].strip() if time is not None and time < len(raw) else ""
            cells = [(period, raw[value] if value < len(raw) else "")]
        for period, number in cells:
            if not period:
                out.problems.append((line, "time", "", "empty", {}))
                continue
            try:
                on_date = period_start(period)
            except ValueError:
                out.problems.append((line, "time", period[:60], "not_period", {}))
                continue
            try:
                population = _count(number)
            except ValueError:
                out.problems.append((line, "population", number[:60], "not_integer", {}))
                continue
            if population < 1000:
                out.problems.append((line, "population", number[:60], "too_small",
                                     {"limit": 1000}))
                continue
            key = (code, on_date)
            if key in seen:
                out.problems.append((line, "", "", "duplicate", {"first": seen[key]}))
                continue
            seen[key] = line
            out.rows.append(PopulationRow(line, code, on_date, period.upper(), population))
    if not out.rows and not out.problems:
        out.problems.append((first_line + 1, "", "", "no_rows", {}))
    return out


SOURCE = "Danmarks Statistik FOLK1A"


def write_population(session: Session, rows: list[PopulationRow], submission_id: int) -> int:
    """Keep every figure as history (a figure for the same day is replaced) and make the newest
    one each municipality's current figure; returns how many earlier figures were replaced."""
    existing = {(p.municipality_code, p.on_date): p for p in session.scalars(
        select(PopulationFigure).where(PopulationFigure.municipality_code.in_(
            sorted({r.municipality for r in rows}))))}
    replaced = 0
    for r in rows:
        source = f"{SOURCE} {r.period}"
        old = existing.get((r.municipality, r.on_date))
        if old is None:
            figure = PopulationFigure(municipality_code=r.municipality, on_date=r.on_date,
                                      population=r.population, source=source,
                                      submission_id=submission_id)
            session.add(figure)
            existing[(r.municipality, r.on_date)] = figure
        else:
            replaced += old.population != r.population
            old.population, old.source, old.submission_id = r.population, source, submission_id
    session.flush()
    newest: dict[int, PopulationFigure] = {}
    for (code, _day), figure in existing.items():
        if code not in newest or figure.on_date > newest[code].on_date:
            newest[code] = figure
    for code, figure in newest.items():
        mun = session.get(Municipality, code)
        mun.population, mun.population_source = figure.population, figure.source
    return replaced


def populations_on(session: Session, day: dt.date) -> dict[int, tuple[int, str]]:
    """Every municipality's official figure for a period ending on `day`, by the rule of
    `population_on` (newest on or before the day, else the earliest), with its source;
    municipalities without official figures are left out."""
    chosen: dict[int, tuple[dt.date, int, str]] = {}
    for code, on_date, population, source in session.execute(
            select(PopulationFigure.municipality_code, PopulationFigure.on_date,
                   PopulationFigure.population, PopulationFigure.source)
            .order_by(PopulationFigure.on_date)):
        old = chosen.get(code)
        if old is None or on_date <= day:
            chosen[code] = (on_date, population, source)
    return {code: (population, source) for code, (_d, population, source) in chosen.items()}


def population_on(session: Session, code: int, day: dt.date) -> dict:
    """The population figure to show for a period ending on `day`: the newest official figure
    from on or before that day (else the earliest one), or the shipped approximate figure.

    Returns population, source ("Danmarks Statistik FOLK1A 2024K1" or "approx-2024") and
    on_date (None for the approximate figure)."""
    figures = session.execute(
        select(PopulationFigure.on_date, PopulationFigure.population, PopulationFigure.source)
        .where(PopulationFigure.municipality_code == code)
        .order_by(PopulationFigure.on_date)).all()
    if figures:
        chosen = next((f for f in reversed(figures) if f.on_date <= day), figures[0])
        return {"population": chosen.population, "source": chosen.source,
                "on_date": chosen.on_date}
    mun = session.get(Municipality, code)
    if mun is None:
        return {"population": None, "source": None, "on_date": None}
    return {"population": mun.population, "source": mun.population_source, "on_date": None}
