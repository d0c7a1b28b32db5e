"""Partners deliver their data as CSV files: parse, validate every row, then write all or nothing.

One format per kind (docs/data-formats.md). A file is read whole, every problem is listed
with its row, column, value and a code for a plain-language reason (the texts are in the
web layer, `import.<code>`), and only a file without problems is written, in the caller's
transaction. Re-importing the same file changes nothing; a corrected file for the same
partner, kind and quarter replaces the rows of the earlier one, which stays recorded as
superseded. Example::

    result = import_file(session, data, "meetings", Partner(organisation="frise"),
                         quarter=20241, filename="moeder.csv", submitted_by="frise")
    if result.problems: ...  # nothing was written
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from queries.filters import quarter_end, quarter_start
from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Municipality,
    Organisation,
    PopulationFigure,
    Submission,
    Volunteer,
    VolunteerHours,
    quarter_of,
)
from queries.population import read_population, write_population
from queries.scope import Scope
from queries.summary import (
    refresh_aftercare_published,
    refresh_hours,
    refresh_hours_cells,
    refresh_meeting_cells,
    refresh_meetings,
    refresh_openings,
    refresh_volunteer_stocks,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PROBLEMS = 200
KINDS = ("groups", "meetings", "volunteers", "hours", "aftercare", "population")
QUARTERLY = ("meetings", "hours", "aftercare")
ORGANISATION_KINDS = ("groups", "meetings", "volunteers", "hours")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (row 1 is the header), what, and a reason code.

    `column` is the field the format names (stable for code and tests); `header` is the
    column as written in the file's own header row and `value` the cell as written, so the
    sender can find both in their spreadsheet ("2024K2", not the parsed 20242)."""

    row: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)
    header: str = ""


@dataclass(frozen=True)
class Partner:
    """Who delivers: an organisation (by slug) or a municipality (by DST code)."""

    organisation: str | None = None
    municipality: int | None = None


@dataclass
class ImportResult:
    kind: str
    status: str  # imported | unchanged | rejected | checked
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    submission_id: int | None = None
    replaced: int | None = None
    quarter: int | None = None  # the quarter a quarterly file replaces (given or guessed)
    # Things skipped on purpose, said back to the sender (a FOLK1A file's regions, say).
    notes: list[Problem] = field(default_factory=list)


class ImportRefused(Exception):
    """The file cannot be taken at all (scope, size, kind); one problem says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


# ---------------------------------------------------------------- columns

# Each kind: (field, aliases, required). Headers match case-insensitively, Danish or English.
COLUMNS: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {
    "groups": [
        ("ref", ("ref", "reference", "gruppe_ref", "gruppereference", "id"), True),
        ("name", ("name", "navn", "gruppenavn"), True),
        ("municipality", ("municipality", "kommune", "kommunekode"), True),
        ("method", ("method", "metode"), True),
        ("weekday", ("weekday", "ugedag", "dag"), True),
        ("start_time", ("start_time", "time", "tidspunkt", "klokken", "kl"), True),
        ("online", ("online",), False),
        ("start_date", ("start_date", "startdato", "start", "fra"), True),
        ("end_date", ("end_date", "slutdato", "slut", "til"), False),
    ],
    "meetings": [
        ("group", ("group", "group_ref", "gruppe", "gruppe_ref"), True),
        ("date", ("date", "dato", "mødedato", "moededato"), True),
        ("attendance", ("attendance", "fremmøde", "fremmoede", "deltagere"), True),
        ("newcomers", ("newcomers", "nye", "nye_deltagere", "nye deltagere"), False),
        ("facilitators", ("facilitators", "facilitatorer"), False),
    ],
    "volunteers": [
        ("ref", ("ref", "reference", "frivillig", "frivillig_ref"), True),
        ("municipality", ("municipality", "kommune", "kommunekode"), True),
        ("group", ("group", "group_ref", "gruppe", "gruppe_ref"), False),
        ("role", ("role", "rolle"), True),
        ("trained_on", ("trained_on", "uddannet", "uddannet_dato", "uddannelsesdato"), False),
        ("active_from", ("active_from", "aktiv_fra", "fra", "start"), True),
        ("active_to", ("active_to", "aktiv_til", "til", "slut"), False),
    ],
    "hours": [
        ("volunteer", ("volunteer", "frivillig", "volunteer_ref", "frivillig_ref"), True),
        ("month", ("month", "måned", "maaned"), True),
        ("hours", ("hours", "timer"), True),
    ],
    "aftercare": [
        ("quarter", ("quarter", "kvartal"), True),
        ("completed", ("completed", "afsluttet", "afsluttet_behandling"), True),
        ("offered", ("offered", "tilbudt", "tilbudt_efterbehandling"), True),
        ("attended_90d", ("attended_90d", "i_gruppe_90_dage", "fremmødt_90_dage",
                          "fremmoedt_90_dage", "i gruppe inden 90 dage"), True),
        ("engaged_6m", ("engaged_6m", "fastholdt_6_mdr", "stadig_med_6_mdr",
                        "stadig med efter 6 mdr."), True),
    ],
    "population": [
        ("municipality", ("municipality", "område", "omraade", "kommune", "område/kommune"),
         True),
        ("time", ("time", "tid", "kvartal", "quarter"), False),
        ("population", ("population", "indhold", "befolkning", "folketal", "antal"), True),
    ],
}
METHOD_WORDS = {"smart": "smart", "smart recovery": "smart", "na": "na",
                "narcotics anonymous": "na", "anonyme narkomaner": "na", "12 trin": "na",
                "other": "other", "andet": "other", "andre": "other", "netværk": "other"}
ROLE_WORDS = {"facilitator": "facilitator", "coordinator": "coordinator",
              "koordinator": "coordinator", "other": "other", "andet": "other",
              "frivillig": "other"}
WEEKDAY_WORDS = {**{w: i for i, w in enumerate(("mandag", "tirsdag", "onsdag", "torsdag",
                                                "fredag", "lørdag", "søndag"))},
                 **{w: i for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                                "friday", "saturday", "sunday"))},
                 **{w: i for i, w in enumerate(("man", "tir", "ons", "tor", "fre", "lør",
                                                "søn"))},
                 **{w: i for i, w in enumerate(("mon", "tue", "wed", "thu", "fri", "sat",
                                                "sun"))}}
YES = {"ja", "yes", "1", "true", "sand", "x"}
NO = {"nej", "no", "0", "false", "falsk", ""}


def _norm(header: str) -> str:
    text = unicodedata.normalize("NFC", header).strip().strip('"').lower()
    return re.sub(r"\s+", " ", text).replace("-", "_")


# ---------------------------------------------------------------- reading


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows; `;`, `,` or tab separated, whichever the header line uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in reader]
    except csv.Error as exc:
        raise ImportRefused(Problem(reader.line_num, "", "", "not_csv")) from exc
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines from spreadsheets
    if not rows:
        return [], []
    return rows[0], rows[1:]


# ---------------------------------------------------------------- cell parsers (raise ValueError)


def _int(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError("not_integer")
    if len(cleaned.lstrip("-")) > 9:  # no count is that large, and a database integer ends
        raise ValueError("too_big")
    value = int(cleaned)
    if value < 0:
        raise ValueError("negative")
    return value


def _decimal(text: str) -> float:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d+([.,]\d+)?", cleaned) is None:
        raise ValueError("not_number")
    value = float(cleaned.replace(",", "."))
    if value < 0:
        raise ValueError("negative")
    return value


def _date(text: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not_date")


def _month(text: str) -> dt.date:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    raise ValueError("not_month")


def is_quarter(value: object) -> bool:
    """True for a quarter key YYYYQ of the years the dashboard can show (20241, not 20249)."""
    return (type(value) is int and 2000 <= value // 10 <= 2100  # an int, not a bool
            and 1 <= value % 10 <= 4)


def parse_quarter(text: str) -> int:
    """2024K1, 2024Q1, 2024-1 or 2024 K1 as 20241."""
    match = re.fullmatch(r"(\d{4})\s*[-_ ]?\s*[KkQq]?([1-4])", text.strip())
    if not match:
        raise ValueError("not_quarter")
    return int(match.group(1)) * 10 + int(match.group(2))


def _time(text: str) -> str:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("not_time")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _word(words: dict) -> Callable[[str], object]:
    def parse(text: str) -> object:
        key = text.strip().lower()
        if key in words:
            return words[key]
        raise ValueError("unknown_choice")

    return parse


def _weekday(text: str) -> int:
    key = text.strip().lower()
    if key in WEEKDAY_WORDS:
        return WEEKDAY_WORDS[key]
    if key in ("0", "1", "2", "3", "4", "5", "6"):
        return int(key)
    raise ValueError("not_weekday")


def _bool(text: str) -> bool:
    key = text.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError("not_yes_no")


def _text(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = " ".join(text.split())
        if not value:
            raise ValueError("empty")
        if len(value) > limit:
            raise ValueError("too_long")
        return value  # formula-looking text is kept as text; CSV output neutralises it

    return parse


def _municipality_code(known: dict[int, str], names: dict[str, int]) -> Callable[[str], int]:
    """A DST code, or "101 København" / "København" as in Statistikbanken's exports."""

    def parse(text: str) -> int:
        value = text.strip()
        match = re.match(r"(\d{3})\b", value)
        if match and int(match.group(1)) in known:
            return int(match.group(1))
        name = value.lower().removesuffix(" kommune").strip()
        if name in names:
            return names[name]
        raise ValueError("unknown_municipality")

    return parse


# ---------------------------------------------------------------- the import


def _scope_allows(scope: Scope, kind: str, partner: Partner, org_id: int | None) -> bool:
    if kind == "population":
        return scope.role == "admin"
    if scope.unrestricted:
        return True
    if kind in ORGANISATION_KINDS:
        # A coordinator inside municipalities may not send: a file replaces the organisation's
        # rows of the quarter in every municipality.
        return (scope.whole_organisation and org_id is not None
                and scope.organisation_id == org_id)
    return scope.role == "municipal" and partner.municipality in scope.municipalities


def import_file(session: Session, data: bytes, kind: str, partner: Partner, *,
                scope: Scope, filename: str, submitted_by: str, quarter: int | None = None,
                check_only: bool = False, now: dt.datetime | None = None) -> ImportResult:
    """Validate the whole file; write it (in the caller's transaction) only if nothing is wrong.

    Raises ImportRefused when the file cannot be taken at all (kind, partner, scope, size).
    """
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if kind not in KINDS:
        raise ImportRefused(Problem(0, "", kind[:40], "unknown_kind"))
    org_id = None
    if kind in ORGANISATION_KINDS:
        if not partner.organisation:
            raise ImportRefused(Problem(0, "", "", "organisation_needed"))
        org_id = session.scalar(select(Organisation.id).where(
            Organisation.slug == partner.organisation))
        if org_id is None:
            raise ImportRefused(Problem(0, "", partner.organisation[:60],
                                        "unknown_organisation"))
    elif kind == "aftercare":
        if partner.municipality is None or session.get(Municipality,
                                                       partner.municipality) is None:
            raise ImportRefused(Problem(0, "", str(partner.municipality or ""),
                                        "municipality_needed"))
    if not _scope_allows(scope, kind, partner, org_id):
        raise ImportRefused(Problem(0, "", "", "outside_scope"))
    if quarter is not None and not is_quarter(quarter):
        raise ImportRefused(Problem(0, "quarter", str(quarter)[:20], "not_quarter"))
    if len(data) > MAX_BYTES:
        raise ImportRefused(Problem(0, "", str(len(data)), "too_large",
                                    {"limit": MAX_BYTES // (1024 * 1024)}))
    text = decode(data)
    header, rows = read_rows(text)
    if len(rows) > MAX_ROWS:
        raise ImportRefused(Problem(0, "", str(len(rows)), "too_many_rows", {"limit": MAX_ROWS}))
    if kind in QUARTERLY and quarter is None:
        quarter = _guess_quarter(kind, header, rows)
    sha = hashlib.sha256(data).hexdigest()
    if kind == "population":
        result = _validate_population(session, text)
    else:
        result = _validate(session, kind, header, rows, org_id, partner, quarter)
    result.quarter = quarter if kind in QUARTERLY else None
    if result.problems:
        result.status = "rejected"
        return result
    if check_only:
        # Said before importing: how many rows the import would replace (or change).
        result.status = "checked"
        result.replaced = _would_replace(session, kind, result.values, org_id, partner, quarter)
        return result
    period = (quarter_start(quarter), quarter_end(quarter)) if quarter else (None, None)
    current = _current_submissions(session, kind, org_id, partner.municipality, period)
    if any(s.sha256 == sha for s in current):
        result.status = "unchanged"
        return result
    sub = Submission(kind=kind, organisation_id=org_id,
                     municipality_code=partner.municipality if kind == "aftercare" else None,
                     submitted_by=submitted_by[:80], submitted_at=now, filename=filename[:255],
                     sha256=sha, row_count=len(result.values), period_from=period[0],
                     period_to=period[1])
    session.add(sub)
    session.flush()
    result.replaced = _write(session, kind, result.values, org_id, partner, quarter, sub.id)
    for old in current:
        old.superseded_by = sub.id
    result.submission_id, result.status = sub.id, "imported"
    return result


@dataclass
class _Validated(ImportResult):
    values: list = field(default_factory=list)


def _validate_population(session: Session, text: str) -> _Validated:
    """A FOLK1A export as Statistikbanken writes it (queries.population)."""
    found = read_population(session, text)
    result = _Validated(kind="population", status="rejected", rows=len(found.rows))
    result.problems = [Problem(*p) for p in found.problems[:MAX_PROBLEMS]]
    if found.title_lines:
        result.notes.append(Problem(0, "", "", "title_lines_skipped",
                                    {"count": found.title_lines}))
    if found.skipped:
        result.notes.append(Problem(0, "", "", "areas_skipped",
                                    {"areas": ", ".join(found.skipped)}))
    periods = sorted({r.period for r in found.rows})
    if len(periods) > 1:
        result.notes.append(Problem(0, "", "", "periods_kept",
                                    {"periods": ", ".join(periods)}))
    result.values = found.rows
    return result


def _guess_quarter(kind: str, header: list[str], rows: list[list[str]]) -> int | None:
    """The quarter of the first row, when the caller did not say which quarter it is."""
    columns = {_norm(h): i for i, h in enumerate(header)}
    first = next(iter(rows), None)
    if first is None:
        return None
    wanted = {"meetings": "date", "hours": "month", "aftercare": "quarter"}[kind]
    for name, aliases, _ in COLUMNS[kind]:
        if name != wanted:
            continue
        for alias in aliases:
            if alias in columns and columns[alias] < len(first):
                try:
                    if kind == "meetings":
                        return quarter_of(_date(first[columns[alias]]))
                    if kind == "hours":
                        return quarter_of(_month(first[columns[alias]]))
                    return parse_quarter(first[columns[alias]])
                except ValueError:
                    return None
    return None


def _validate(session: Session, kind: str, header: list[str], rows: list[list[str]],
              org_id: int | None, partner: Partner, quarter: int | None) -> _Validated:
    result = _Validated(kind=kind, status="rejected", rows=len(rows))
    problems = result.problems
    if not header:
        problems.append(Problem(1, "", "", "empty_file"))
        return result
    position = {_norm(h): i for i, h in enumerate(header)}
    columns: dict[str, int] = {}
    for name, aliases, required in COLUMNS[kind]:
        found = next((position[a] for a in aliases if a in position), None)
        if found is not None:
            columns[name] = found
        elif required:
            problems.append(Problem(1, name, "", "missing_column"))
    if problems:
        return result
    if not rows:
        problems.append(Problem(2, "", "", "no_rows"))
        return result
    if kind in QUARTERLY and quarter is None:
        problems.append(Problem(2, "", "", "no_quarter"))
        return result
    # The file's own header for each field, as written, to name problems in the sender's words.
    headers = {name: " ".join(header[i].split())[:60] for name, i in columns.items()}
    parsers = _parsers(session, kind, org_id)
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        values: dict[str, object] = {}
        texts: dict[str, str] = {}
        for name, _aliases, required in COLUMNS[kind]:
            if name not in columns:
                values[name] = None
                continue
            text = raw[columns[name]] if columns[name] < len(raw) else ""
            texts[name] = text.strip()[:60]
            if not text.strip():
                if required:
                    problems.append(Problem(number, name, "", "empty", header=headers[name]))
                values[name] = None
                continue
            try:
                values[name] = parsers[name](text)
            except ValueError as exc:
                problems.append(Problem(number, name, texts[name], str(exc),
                                        header=headers[name]))
                values[name] = None
        row_problems = _row_rules(kind, values, quarter, partner)
        problems += [Problem(number, col, texts.get(col, ""), code,
                             {k: headers.get(v, v) if k == "other" else v
                              for k, v in params.items()},
                             header=headers.get(col, ""))
                     for col, code, params in row_problems]
        key = _key(kind, values)
        if key is not None:
            if key in seen:
                problems.append(Problem(number, "", "", "duplicate", {"first": seen[key]}))
            else:
                seen[key] = number
        result.values.append(values)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(number, "", "", "too_many_problems",
                                    {"limit": MAX_PROBLEMS}))
            break
    return result


def _parsers(session: Session, kind: str, org_id: int | None) -> dict[str, Callable]:
    known = dict(session.execute(select(Municipality.code, Municipality.name)).all())
    names = {name.lower(): code for code, name in known.items()}
    municipality = _municipality_code(known, names)
    groups = dict(session.execute(select(Group.ref, Group.organisation_id)).all())
    volunteers = dict(session.execute(select(Volunteer.ref, Volunteer.organisation_id)).all())

    # Another organisation's references are never named as such: a partner must not learn
    # from an upload which references others use.
    def own(refs: dict[str, int], code: str) -> Callable[[str], str]:
        def parse(text: str) -> str:
            ref = text.strip()
            if refs.get(ref) != org_id:  # unknown, or another organisation's: the same answer
                raise ValueError(code)
            return ref

        return parse

    def new_or_own(refs: dict[str, int]) -> Callable[[str], str]:
        def parse(text: str) -> str:
            ref = _text(40)(text)
            if ref in refs and refs[ref] != org_id:
                raise ValueError("ref_unavailable")
            return ref

        return parse

    return {
        "ref": new_or_own(groups if kind == "groups" else volunteers),
        "name": _text(120), "municipality": municipality,
        "method": _word(METHOD_WORDS), "weekday": _weekday, "start_time": _time,
        "online": _bool, "start_date": _date, "end_date": _date,
        "group": own(groups, "unknown_group"), "date": _date, "attendance": _int,
        "newcomers": _int, "facilitators": _int, "role": _word(ROLE_WORDS),
        "trained_on": _date, "active_from": _date, "active_to": _date,
        "volunteer": own(volunteers, "unknown_volunteer"), "month": _month,
        "hours": _decimal, "quarter": parse_quarter, "completed": _int, "offered": _int,
        "attended_90d": _int, "engaged_6m": _int, "time": _text(20), "population": _int,
    }


def _row_rules(kind: str, v: dict, quarter: int | None, partner: Partner
               ) -> list[tuple[str, str, dict]]:
    """Rules across a row's cells; each broken rule names the column it blames."""
    out: list[tuple[str, str, dict]] = []
    label = f"{quarter // 10}K{quarter % 10}" if quarter else ""
    if kind == "groups" and v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
        out.append(("end_date", "end_before_start", {}))
    if kind == "meetings":
        if v["date"] and quarter and quarter_of(v["date"]) != quarter:
            out.append(("date", "outside_quarter", {"quarter": label}))
        if v["attendance"] is not None and v["newcomers"] is not None and \
                v["newcomers"] > v["attendance"]:
            out.append(("newcomers", "more_than", {"other": "attendance"}))
        if v["attendance"] is not None and v["attendance"] > 500:
            out.append(("attendance", "implausible", {"limit": 500}))
    if kind == "volunteers" and v["active_from"] and v["active_to"] and \
            v["active_to"] < v["active_from"]:
        out.append(("active_to", "end_before_start", {}))
    if kind == "hours":
        if v["month"] and quarter and quarter_of(v["month"]) != quarter:
            out.append(("month", "outside_quarter", {"quarter": label}))
        if v["hours"] is not None and v["hours"] > 744:
            out.append(("hours", "implausible", {"limit": 744}))
    if kind == "aftercare":
        if v["quarter"] and quarter and v["quarter"] != quarter:
            out.append(("quarter", "outside_quarter", {"quarter": label}))
        # A funnel: each stage counts citizens of the stage before it. Disclosure control
        # publishes the groups between stages, so a stage above the one before is an error.
        chain = (("offered", "completed"), ("attended_90d", "offered"),
                 ("engaged_6m", "attended_90d"))
        for part, whole in chain:
            if v[part] is not None and v[whole] is not None and v[part] > v[whole]:
                out.append((part, "more_than", {"other": whole}))
    if kind == "population" and v["population"] is not None and v["population"] < 1000:
        out.append(("population", "implausible", {"limit": 1000}))
    return out


def _key(kind: str, v: dict) -> tuple | None:
    fields = {"groups": ("ref",), "meetings": ("group", "date"), "volunteers": ("ref",),
              "hours": ("volunteer", "month"), "aftercare": ("quarter",),
              "population": ("municipality",)}[kind]
    key = tuple(v.get(f) for f in fields)
    return None if any(k is None for k in key) else key


def _current_submissions(session: Session, kind: str, org_id: int | None,
                         municipality: int | None, period: tuple) -> list[Submission]:
    stmt = select(Submission).where(Submission.kind == kind, Submission.superseded_by.is_(None))
    stmt = stmt.where(Submission.organisation_id == org_id if org_id is not None
                      else Submission.organisation_id.is_(None))
    if kind == "aftercare":
        stmt = stmt.where(Submission.municipality_code == municipality)
    stmt = stmt.where(Submission.period_from == period[0] if period[0]
                      else Submission.period_from.is_(None))
    return list(session.scalars(stmt))


def _write(session: Session, kind: str, rows: list[dict], org_id: int | None,
           partner: Partner, quarter: int | None, sid: int) -> int:
    """Replace the partner's rows for the quarter (quarterly kinds) or upsert by reference
    (registers); returns how many earlier rows were replaced."""
    if kind == "meetings":
        groups = dict(session.execute(select(Group.ref, Group.id).where(
            Group.organisation_id == org_id)).all())
        gone = session.execute(delete(Meeting).where(
            Meeting.group_id.in_(list(groups.values())), Meeting.quarter == quarter)).rowcount
        session.add_all(Meeting(group_id=groups[r["group"]], date=r["date"],
                                quarter=quarter_of(r["date"]), attendance=r["attendance"],
                                newcomers=r["newcomers"] or 0,
                                facilitators=1 if r["facilitators"] is None else r["facilitators"],
                                submission_id=sid) for r in rows)
        refresh_meetings(session, org_id, {quarter, *(quarter_of(r["date"]) for r in rows)})
        return gone
    if kind == "hours":
        vols = dict(session.execute(select(Volunteer.ref, Volunteer.id).where(
            Volunteer.organisation_id == org_id)).all())
        gone = session.execute(delete(VolunteerHours).where(
            VolunteerHours.volunteer_id.in_(list(vols.values())),
            VolunteerHours.quarter == quarter)).rowcount
        session.add_all(VolunteerHours(volunteer_id=vols[r["volunteer"]], month=r["month"],
                                       quarter=quarter_of(r["month"]), hours=r["hours"],
                                       submission_id=sid) for r in rows)
        refresh_hours(session, org_id, {quarter, *(quarter_of(r["month"]) for r in rows)})
        return gone
    if kind == "aftercare":
        gone = session.execute(delete(Aftercare).where(
            Aftercare.municipality_code == partner.municipality,
            Aftercare.quarter == quarter)).rowcount
        session.add_all(Aftercare(municipality_code=partner.municipality, quarter=r["quarter"],
                                  completed=r["completed"], offered=r["offered"],
                                  attended_90d=r["attended_90d"], engaged_6m=r["engaged_6m"],
                                  submission_id=sid) for r in rows)
        refresh_aftercare_published(session, {partner.municipality})
        return gone
    if kind == "population":
        return write_population(session, rows, sid)
    return _upsert_register(session, kind, rows, org_id, sid)


def _register_fields(kind: str, r: dict, group_ids: dict[str, int]) -> dict:
    """A register row's columns as stored; shared by the write and the check's count."""
    if kind == "groups":
        return dict(name=r["name"], municipality_code=r["municipality"], method=r["method"],
                    weekday=r["weekday"], start_time=r["start_time"],
                    online=bool(r["online"]), start_date=r["start_date"],
                    end_date=r["end_date"])
    return dict(municipality_code=r["municipality"],
                group_id=group_ids.get(r["group"]) if r["group"] else None,
                role=r["role"], trained_on=r["trained_on"],
                active_from=r["active_from"], active_to=r["active_to"])


def _would_replace(session: Session, kind: str, rows: list, org_id: int | None,
                   partner: Partner, quarter: int | None) -> int:
    """How many stored rows an import would replace, counted as `_write` deletes or updates
    them, so the check can say "replaces 117 rows with 2" before anything is written."""
    if kind == "meetings":
        return session.scalar(select(func.count()).select_from(Meeting).join(
            Group, Group.id == Meeting.group_id).where(
            Group.organisation_id == org_id, Meeting.quarter == quarter)) or 0
    if kind == "hours":
        return session.scalar(select(func.count()).select_from(VolunteerHours).join(
            Volunteer, Volunteer.id == VolunteerHours.volunteer_id).where(
            Volunteer.organisation_id == org_id, VolunteerHours.quarter == quarter)) or 0
    if kind == "aftercare":
        return session.scalar(select(func.count()).select_from(Aftercare).where(
            Aftercare.municipality_code == partner.municipality,
            Aftercare.quarter == quarter)) or 0
    if kind == "population":  # as write_population: a different figure for the same day
        stored = {(p.municipality_code, p.on_date): p.population for p in session.scalars(
            select(PopulationFigure).where(PopulationFigure.municipality_code.in_(
                sorted({r.municipality for r in rows}))))}
        return sum(1 for r in rows if stored.get((r.municipality, r.on_date), r.population)
                   != r.population)
    model = Group if kind == "groups" else Volunteer
    existing = {x.ref: x for x in session.scalars(select(model).where(
        model.organisation_id == org_id))}
    group_ids = dict(session.execute(select(Group.ref, Group.id)).all())
    return sum(1 for r in rows if r["ref"] in existing and any(
        getattr(existing[r["ref"]], k) != v
        for k, v in _register_fields(kind, r, group_ids).items()))


def _upsert_register(session: Session, kind: str, rows: list[dict], org_id: int | None,
                     sid: int) -> int:
    model = Group if kind == "groups" else Volunteer
    existing = {x.ref: x for x in session.scalars(select(model).where(
        model.organisation_id == org_id))}
    group_ids = dict(session.execute(select(Group.ref, Group.id)).all())
    changed = 0
    for r in rows:
        fields = _register_fields(kind, r, group_ids)
        row = existing.get(r["ref"])
        if row is None:
            session.add(model(ref=r["ref"], organisation_id=org_id, submission_id=sid, **fields))
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(row, k, v)
            row.submission_id = sid
            changed += 1
    # Who is expected to report, and the cells: a row may have moved municipality, method
    # or role, so every quarter of the organisation's summary is made again.
    refresh_openings(session, kind, org_id)
    if kind == "groups":
        refresh_meeting_cells(session, org_id)
    else:
        refresh_hours_cells(session, org_id)
        refresh_volunteer_stocks(session, org_id)
    return changed

