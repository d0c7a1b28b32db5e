"""The largest download, every meeting of a period, formatted as CSV by the database itself.

Formatting a million rows cell by cell in Python ran at a fifth of the database's own CSV
export. Here the database renders each cell (ISO dates, quarter labels, translated method
names, neutralised formulas, hidden counts as empty cells) and returns finished lines,
quoted as `csv_field` quotes (either separator). The rows, scope and
disclosure rule are those of queries.groups.meeting_rows, which the tests hold this to,
byte for byte. Presentation choices (separator, the words for methods) come in as data
from the caller, so the query layer knows nothing of languages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    FromClause,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from queries.filters import Filters
from queries.metrics import _group_filters
from queries.models import Group, Meeting, Organisation
from queries.scope import Scope

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell holding either separator is quoted, whichever the file uses: opened with the other
# one (Danish settings split at ";", English at ","), an unquoted cell would split in two,
# and its second half could start a formula ("a;=1+1").
NEEDS_QUOTES = re.compile(r'[;,"\r\n]')


def csv_field(text: str) -> str:
    """One cell of a CSV line: quoted when it holds a separator, a quote or a line break."""
    if NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


@dataclass(frozen=True)
class CsvStyle:
    """How the caller wants the file: the field separator, the words for each method, and
    the letter of a quarter label ("K" in Danish, "Q" in English)."""

    separator: str
    methods: Mapping[str, str]
    quarter_letter: str = "K"


def _text(value: ColumnElement) -> ColumnElement[str]:
    return cast(value, String)


def _neutralised(value: ColumnElement[str]) -> ColumnElement[str]:
    """A spreadsheet shows a cell that starts like a formula as text, never runs it."""
    return case((func.substr(value, 1, 1).in_(FORMULA_START), literal("'") + value),
                else_=value)


def _group_cells(style: CsvStyle) -> list[tuple[ColumnElement[str], bool]]:
    """The cells of MEETING_COLUMNS that belong to the group (reference, name, municipality,
    organisation, method), as text, each with whether it is free text that may need CSV
    quoting. The meeting's own cells are written by the line's printf/format."""
    method = case(*((Group.method == key, literal(word)) for key, word in style.methods.items()),
                  else_=Group.method)
    return [
        (_neutralised(Group.ref), True),
        (_neutralised(Group.name), True),
        (_text(Group.municipality_code), False),
        (_neutralised(Organisation.slug), True),
        (method, False),  # the caller's words, quoted by the caller where needed
    ]


def _quoted(value: ColumnElement[str], postgres: bool) -> ColumnElement[str]:
    """A (neutralised) cell of free text as csv_field writes it: quoted only where it holds
    a separator, a quote or a line break (one GLOB scan in SQLite, one regex in PostgreSQL)."""
    needs = (value.regexp_match('[;,"\r\n]') if postgres
             else func.glob('*[;,"\r\n]*', value) == 1)
    return case((needs, literal('"') + func.replace(value, '"', '""') + literal('"')),
                else_=value)


def meeting_csv(session: Session, scope: Scope, f: Filters, style: CsvStyle,
                counter: list[int]) -> Iterator[bytes]:
    """The data lines of meetings.csv (no header), UTF-8, CRLF, in chunks of about 64 kB;
    `counter[0]` ends as the number of rows.

    The database writes each finished line; Python only joins them, in constant memory.
    SQLite hands the lines over as bytes; PostgreSQL joins each day's lines itself and
    streams a row a day, so its sort can run in parallel workers (see _postgres_days).
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    sep = style.separator
    quoted = CsvStyle(sep, {k: csv_field(w) for k, w in style.methods.items()},
                      style.quarter_letter)
    if postgres:
        # For this transaction only: dates as ISO text, a date's own text and cheaper than
        # to_char on every row (a server may be set to another DateStyle).
        session.execute(sql_text("SET LOCAL DateStyle = 'ISO, YMD'"))
    # The group's cells are the same on every one of its meetings: written once per group,
    # then glued to each meeting's own cells.
    group_part = None
    for cell, free_text in _group_cells(quoted):
        part = _quoted(cell, postgres) if free_text else func.coalesce(cell, "")
        group_part = part if group_part is None else group_part + literal(sep) + part
    in_scope = literal(True) if scope.unrestricted else scope.groups()
    # Meetings of a day are ordered by the group's reference. PostgreSQL gets its place in
    # that order as a number (the order of the column's own collation, and an integer to
    # sort); SQLite sorts by the reference itself, which measured faster there.
    place = func.row_number().over(order_by=Group.ref) if postgres else Group.ref
    groups = (select(Group.id, place.label("place"), group_part.label("text"),
                     case((in_scope, 1), else_=0).label("in_scope"))
              .join(Organisation, Organisation.id == Group.organisation_id)
              .where(*_group_filters(f)))
    if postgres:
        # Written first, a row a group, and handed back as arrays: the meetings' sort can
        # then run in parallel workers, which neither a CTE nor an OFFSET 0 subquery
        # allows, while a subquery pulled up would quote every group's cells per meeting.
        rows = session.execute(groups).all()
        ids, places, texts, flags = ([row[i] for row in rows] for i in range(4))
        groups = func.unnest(bindparam("ids", ids, ARRAY(Integer)),
                             bindparam("places", places, ARRAY(Integer)),
                             bindparam("texts", texts, ARRAY(Text)),
                             bindparam("flags", flags, ARRAY(Integer))).table_valued(
            column("id", Integer), column("place", Integer), column("text", Text),
            column("in_scope", Integer)).render_derived("group_text")
    else:
        groups = groups.cte("group_text").prefix_with("MATERIALIZED")
    # One printf (SQLite) or format (PostgreSQL) per row rather than a dozen casts and
    # concatenations: the same bytes, the query a third faster in SQLite. Both read %s as
    # any value's text and %% as a percent sign.
    write = func.format if postgres else func.printf
    s, letter = sep.replace("%", "%%"), style.quarter_letter.replace("%", "%%")
    head = f"%s{s}%s {letter}%s{s}%s"
    # %s writes a date as its text: ISO in SQLite's storage and in PostgreSQL's DateStyle.
    when = (Meeting.date, Meeting.quarter // 10, Meeting.quarter % 10, groups.c.text)
    counts = write(head + f"{s}%s{s}%s{s}%s", *when, Meeting.attendance, Meeting.newcomers,
                   Meeting.facilitators)
    # Outside the viewer's scope a meeting's counts are empty cells; a viewer without limits
    # (a national manager's whole-country file) needs no test on every row.
    line = counts if scope.unrestricted else case((groups.c.in_scope == 1, counts),
                                                  else_=write(head + s * 3, *when))
    if postgres:
        yield from _postgres_days(session, line, groups, f, counter)
        return
    # The lines come as bytes: no decoding to str and encoding back in Python.
    stmt = (select(cast(line, LargeBinary)).select_from(Meeting)
            .join(groups, groups.c.id == Meeting.group_id)
            .where(Meeting.date.between(f.date_from, f.date_to))
            .order_by(Meeting.date, groups.c.place))
    sql, params = _compiled(session, stmt)
    params = [v.isoformat() if isinstance(v, dt.date) else v for v in params]
    cursor = session.connection().connection.driver_connection.cursor()
    n = 0
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            n += len(batch)
            yield b"\r\n".join([row[0] for row in batch]) + b"\r\n"
    finally:
        cursor.close()
    counter[0] = n


def _postgres_days(session: Session, line: ColumnElement[str], groups: FromClause,
                   f: Filters, counter: list[int]) -> Iterator[bytes]:
    """PostgreSQL's lines, a row a day with the day's lines joined by the server.

    A million rows through psycopg cost as much again as the query; five thousand do not.
    The rows are streamed (single-row mode) rather than read through a cursor, which would
    forbid parallel workers; memory holds about a day's lines. string_agg reads the sorted
    subquery in its order, which the outer query (no join) has nothing to undo; the tests
    hold the order on days with several meetings.
    """
    lines = (select(Meeting.date.label("day"), line.label("line")).select_from(Meeting)
             .join(groups, groups.c.id == Meeting.group_id)
             .where(Meeting.date.between(f.date_from, f.date_to))
             .order_by(Meeting.date, groups.c.place).subquery("lines"))
    stmt = (select(func.string_agg(lines.c.line, literal("\r\n")), func.count())
            .group_by(lines.c.day).order_by(lines.c.day))
    sql, params = _compiled(session, stmt)
    # A download given up halfway cancels the query, which aborts what it ran in: a
    # savepoint keeps that from the rest of the caller's transaction.
    savepoint = session.begin_nested()
    cursor = session.connection().connection.driver_connection.cursor()
    rows = cursor.stream(sql, params)
    n, size, chunk, done = 0, 0, [], False
    try:
        for text, count in rows:
            n += count
            chunk.append(text)
            size += len(text)
            if size >= 65536:
                yield ("\r\n".join(chunk) + "\r\n").encode()
                chunk, size = [], 0
        if chunk:
            yield ("\r\n".join(chunk) + "\r\n").encode()
        done = True
    finally:
        rows.close()  # psycopg cancels a stream closed early and reads what is left
        cursor.close()
        if done:
            savepoint.commit()
        else:
            savepoint.rollback()
    counter[0] = n


def _compiled(session: Session, stmt: Select) -> tuple[str, Any]:
    """The statement's SQL and parameters for the raw driver (SQLAlchemy's result machinery
    cost as much as SQLite's own work): a dict for psycopg, a list for sqlite3."""
    compiled = stmt.compile(dialect=session.get_bind().dialect,
                            compile_kwargs={"render_postcompile": True})
    if compiled.positiontup is None:
        return str(compiled), compiled.params
    return str(compiled), [compiled.params[name] for name in compiled.positiontup]
