"""The groups table: one row per group with its figures, searchable, sortable, paged in SQL.

What a group is (name, organisation, municipality, method, weekday and time) and
when it met are public, as on a meeting finder, so every viewer gets every group
and its meeting count. Attendance, newcomers and trained facilitators are counts
of people, so they are filled in only for groups in the viewer's scope; outside it
they are None, and sorting by them treats them as unknown, so the order of the
rows never reveals a hidden value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from queries.db import rows_of
from queries.filters import Filters, quarter_end, quarter_start, quarters_between
from queries.metrics import _active_in, _group_filters, _weekday_count
from queries.models import Group, Meeting, Municipality, Organisation, Volunteer
from queries.scope import Scope
from queries.summary import meeting_facts

SORTABLE = ("name", "municipality", "organisation", "method", "weekday", "meetings",
            "avg_attendance", "newcomers", "facilitators", "start_date")
MAX_PAGE = 200


@dataclass(frozen=True)
class GroupQuery:
    """What the groups table asks for besides the filters: a search, a sort and a page."""

    search: str = ""
    sort: str = "municipality"
    descending: bool = False
    page: int = 0
    page_size: int = 25

    def __post_init__(self) -> None:
        if self.sort not in SORTABLE:
            raise ValueError(f"sort: '{self.sort}' is not one of {', '.join(SORTABLE)}")
        if not 1 <= self.page_size <= MAX_PAGE or self.page < 0:
            raise ValueError("page/page_size out of range")


def _open_in(f: Filters) -> ColumnElement[bool]:
    return and_(Group.start_date <= f.date_to,
                or_(Group.end_date.is_(None), Group.end_date >= f.date_from))


def _conditions(f: Filters, q: GroupQuery) -> list[ColumnElement[bool]]:
    """Which groups match: the filters, open in the period, and the search."""
    conds = [*_group_filters(f), _open_in(f)]
    if q.search.strip():
        needle = f"%{q.search.strip().lower()}%"
        conds.append(or_(func.lower(Group.name).like(needle),
                         func.lower(Municipality.name).like(needle),
                         func.lower(Organisation.name).like(needle)))
    return conds


def _named(stmt: Select) -> Select:
    """Joined to the names a search and a sort may read."""
    return (stmt.join(Municipality, Municipality.code == Group.municipality_code)
            .join(Organisation, Organisation.id == Group.organisation_id))


# Sorts on what a group is, not on what it did: the page can be picked before its figures
# are summed, so only its 25 groups' meetings are read instead of every group's.
DESCRIPTIVE = {"name": Group.name, "municipality": Municipality.name,
               "organisation": Organisation.name, "method": Group.method,
               "weekday": Group.weekday, "start_date": Group.start_date}


def _group_rows_stmt(scope: Scope, f: Filters, q: GroupQuery,  # noqa: ANN202 - a Select
                     only: Sequence[int] | None = None):
    """The groups table's rows and their order; with `only` (group ids), the figures are
    summed for those groups alone."""
    in_scope = literal(True) if scope.unrestricted else scope.groups()
    facts = meeting_facts(f)
    held = select(
        facts.c.group_id.label("gid"),
        func.sum(facts.c.meetings).label("meetings"),
        func.sum(facts.c.attendance).label("attendance"),
        func.sum(facts.c.newcomers).label("newcomers"),
    )
    trained = (
        select(Volunteer.group_id.label("gid"), func.count(Volunteer.id).label("n"))
        .where(Volunteer.role == "facilitator", Volunteer.trained_on.is_not(None),
               Volunteer.trained_on <= f.date_to, _active_in(f.date_from, f.date_to))
    )
    if only is not None:
        held = held.where(facts.c.group_id.in_(only))
        trained = trained.where(Volunteer.group_id.in_(only))
    held = held.group_by(facts.c.group_id).subquery()
    trained = trained.group_by(Volunteer.group_id).subquery()
    meetings = func.coalesce(held.c.meetings, 0)
    avg = case((and_(in_scope, meetings > 0), held.c.attendance * 1.0 / meetings), else_=None)
    newcomers = case((in_scope, func.coalesce(held.c.newcomers, 0)), else_=None)
    facilitators = case((in_scope, func.coalesce(trained.c.n, 0)), else_=None)
    columns = {
        "name": Group.name,
        "municipality": Municipality.name,
        "organisation": Organisation.name,
        "method": Group.method,
        "weekday": Group.weekday,
        "meetings": meetings,
        "avg_attendance": avg,
        "newcomers": newcomers,
        "facilitators": facilitators,
        "start_date": Group.start_date,
    }
    conds = _conditions(f, q)
    if only is not None:
        conds.append(Group.id.in_(only))
    order = columns[q.sort]
    # Unknown (hidden) values sort last in both directions, on SQLite and PostgreSQL alike.
    ordering = [case((order.is_(None), 1), else_=0),
                order.desc() if q.descending else order.asc(), Group.id]
    stmt = (
        select(
            Group.id, Group.ref, Group.name, Group.method, Group.weekday, Group.start_time,
            Group.online, Group.start_date, Group.end_date, Group.municipality_code,
            Municipality.name.label("municipality"), Organisation.slug,
            Organisation.name.label("organisation"), meetings.label("meetings"),
            avg.label("avg_attendance"), newcomers.label("newcomers"),
            facilitators.label("facilitators"), case((in_scope, 1), else_=0).label("in_scope"),
        )
        .join(Municipality, Municipality.code == Group.municipality_code)
        .join(Organisation, Organisation.id == Group.organisation_id)
        .outerjoin(held, held.c.gid == Group.id)
        .outerjoin(trained, trained.c.gid == Group.id)
        .where(*conds)
    )
    return stmt, ordering


def _row(r, f: Filters) -> dict:  # noqa: ANN001 - a Row of _group_rows_stmt
    # Unpacked by position, in the select's order: a Row's attribute lookup cost ~1 µs
    # each, 25 per group, most of a 200-group page's Python time.
    (gid, ref, name, method, weekday, start_time, online, start_date, end_date, code,
     municipality, slug, organisation, meetings, avg_attendance, newcomers, facilitators,
     in_scope) = r
    first = max(start_date, f.date_from)
    last = min(end_date or f.date_to, f.date_to)
    scheduled = _weekday_count(first, last, weekday)
    facilitators = None if facilitators is None else int(facilitators)
    return {
        "id": gid, "ref": ref, "name": name, "method": method, "weekday": weekday,
        "start_time": start_time, "online": bool(online), "start_date": start_date,
        "end_date": end_date, "municipality_code": code,
        "municipality": municipality, "organisation_slug": slug,
        "organisation": organisation, "meetings": int(meetings), "scheduled": scheduled,
        "regularity": meetings / scheduled if scheduled else None,
        "avg_attendance": float(avg_attendance) if avg_attendance is not None else None,
        "newcomers": None if newcomers is None else int(newcomers),
        "facilitators": facilitators,
        # Exactly one, and none at all (the graver risk), counted apart as the cards do.
        "single_facilitator": None if facilitators is None else facilitators == 1,
        "no_facilitator": None if facilitators is None else facilitators == 0,
        "own": bool(in_scope),
    }


def group_page(session: Session, scope: Scope, f: Filters,
               q: GroupQuery | None = None) -> tuple[list[dict], int]:
    """One page of groups open in the period, and how many groups match in all."""
    q = q or GroupQuery()
    if q.sort not in DESCRIPTIVE:
        stmt, ordering = _group_rows_stmt(scope, f, q)
        page = stmt.order_by(*ordering).offset(q.page * q.page_size).limit(q.page_size)
        return [_row(r, f) for r in rows_of(session, page)], _matching(session, f, q)
    # The page's ids and the count of every match in one pass over the groups; then the
    # figures of those ids alone, found by key. As a subquery the page was chosen again for
    # each part of the figures: four passes, 25 of 32 ms at scale 100 (issue 15).
    order = DESCRIPTIVE[q.sort]
    picked = rows_of(session, _named(select(Group.id, func.count().over()))
                     .where(*_conditions(f, q))
                     .order_by(order.desc() if q.descending else order.asc(), Group.id)
                     .offset(q.page * q.page_size).limit(q.page_size))
    if not picked:  # no match, or a page past the end: the window counted nothing
        return [], _matching(session, f, q) if q.page else 0
    stmt, ordering = _group_rows_stmt(scope, f, q, [gid for gid, _ in picked])
    return [_row(r, f) for r in rows_of(session, stmt.order_by(*ordering))], int(picked[0][1])


def _matching(session: Session, f: Filters, q: GroupQuery) -> int:
    """How many groups match; no figures needed, as their joins match one row per group."""
    return int(session.scalar(_named(select(func.count(Group.id))).where(*_conditions(f, q)))
               or 0)


def group_rows(session: Session, scope: Scope, f: Filters,
               q: GroupQuery | None = None) -> Iterator[dict]:
    """Every matching group in the table's order, streamed (for the CSV download)."""
    q = q or GroupQuery()
    stmt, ordering = _group_rows_stmt(scope, f, q)
    result = session.execute(stmt.order_by(*ordering).execution_options(yield_per=500))
    for r in result:
        yield _row(r, f)


def meeting_rows(session: Session, scope: Scope, f: Filters) -> Iterator[dict]:
    """Every meeting in the period of the groups the filters select, streamed in date order.

    The date and group of a meeting are public; attendance and newcomers only for groups
    in the viewer's scope (None elsewhere), since a single meeting is far finer than the
    fixed cells that protect counts of people outside one's scope.
    """
    in_scope = literal(True) if scope.unrestricted else scope.groups()
    stmt = (
        select(
            Meeting.date, Meeting.quarter, Group.ref, Group.name, Group.municipality_code,
            Organisation.slug, Group.method,
            case((in_scope, Meeting.attendance), else_=None),
            case((in_scope, Meeting.newcomers), else_=None),
            case((in_scope, Meeting.facilitators), else_=None),
        )
        .join(Group, Group.id == Meeting.group_id)
        .join(Organisation, Organisation.id == Group.organisation_id)
        .where(*_group_filters(f), Meeting.date.between(f.date_from, f.date_to))
        .order_by(Meeting.date, Group.ref)
        .execution_options(yield_per=2000)
    )
    keys = ("date", "quarter", "group_ref", "group", "municipality_code", "organisation",
            "method", "attendance", "newcomers", "facilitators_present")
    for row in session.execute(stmt):
        yield dict(zip(keys, row, strict=True))


def group_detail(session: Session, scope: Scope, f: Filters, ref: str) -> dict | None:
    """One group's page: what it is, and per quarter of the period its meetings against its
    weekly schedule, attendance, newcomers and facilitators; None for an unknown ref.

    As in the groups table, what the group is and when it met are public (a meeting finder
    shows them), so meetings held and the regularity are given to every viewer. Counts of
    people (attendance, newcomers, facilitators) are given only when the group is in the
    viewer's scope; outside it they are None and `own` is False. The filters' period applies;
    their municipality, organisation and method do not (the page is of this one group).
    """
    in_scope = literal(True) if scope.unrestricted else scope.groups()
    head = session.execute(
        select(Group.id, Group.ref, Group.name, Group.method, Group.weekday, Group.start_time,
               Group.online, Group.start_date, Group.end_date, Group.municipality_code,
               Municipality.name.label("municipality"), Organisation.slug,
               Organisation.name.label("organisation"),
               case((in_scope, 1), else_=0).label("in_scope"))
        .join(Municipality, Municipality.code == Group.municipality_code)
        .join(Organisation, Organisation.id == Group.organisation_id)
        .where(Group.ref == ref)
    ).one_or_none()
    if head is None:
        return None
    own = bool(head.in_scope)
    held = {q: (n, att, new, fac, single) for q, n, att, new, fac, single in session.execute(
        select(Meeting.quarter, func.count(), func.sum(Meeting.attendance),
               func.sum(Meeting.newcomers), func.sum(Meeting.facilitators),
               func.sum(case((Meeting.facilitators <= 1, 1), else_=0)))
        .where(Meeting.group_id == head.id, Meeting.date.between(f.date_from, f.date_to))
        .group_by(Meeting.quarter)
    )}
    quarters = []
    for q in quarters_between(f.quarter_from, f.quarter_to):
        first = max(head.start_date, quarter_start(q), f.date_from)
        last = min(head.end_date or f.date_to, quarter_end(q), f.date_to)
        scheduled = _weekday_count(first, last, head.weekday)
        n, att, new, fac, single = held.get(q, (0, 0, 0, 0, 0))
        quarters.append({
            "quarter": q, "meetings": int(n), "scheduled": scheduled,
            "regularity": n / scheduled if scheduled else None,
            "attendance": int(att or 0) if own else None,
            "avg_attendance": (att / n if n else None) if own else None,
            "newcomers": int(new or 0) if own else None,
            "facilitators_per_meeting": (fac / n if n else None) if own else None,
            "single_facilitator_meetings": int(single or 0) if own else None,
        })
    trained = active = None
    if own:
        people = (Volunteer.group_id == head.id, _active_in(f.date_from, f.date_to))
        active = session.scalar(select(func.count()).where(
            Volunteer.role == "facilitator", *people)) or 0
        trained = session.scalar(select(func.count()).where(
            Volunteer.role == "facilitator", Volunteer.trained_on.is_not(None),
            Volunteer.trained_on <= f.date_to, *people)) or 0
    # Groups of the same name (three "SMART Aarhus Vest"), told apart on the page.
    namesakes = [{"ref": r.ref, "municipality": r.municipality, "weekday": r.weekday,
                  "start_time": r.start_time} for r in session.execute(
        select(Group.ref, Municipality.name.label("municipality"), Group.weekday,
               Group.start_time)
        .join(Municipality, Municipality.code == Group.municipality_code)
        .where(Group.name == head.name, Group.id != head.id)
        .order_by(Group.municipality_code, Group.weekday, Group.start_time, Group.ref))]
    meetings = sum(r["meetings"] for r in quarters)
    scheduled = sum(r["scheduled"] for r in quarters)
    attendance = sum(r["attendance"] for r in quarters) if own else None
    return {
        "ref": head.ref, "name": head.name, "method": head.method, "weekday": head.weekday,
        "start_time": head.start_time, "online": bool(head.online),
        "start_date": head.start_date, "end_date": head.end_date,
        "municipality_code": head.municipality_code, "municipality": head.municipality,
        "organisation_slug": head.slug, "organisation": head.organisation, "own": own,
        "meetings": meetings, "scheduled": scheduled,
        "regularity": meetings / scheduled if scheduled else None,
        "attendance": attendance,
        "avg_attendance": attendance / meetings if own and meetings else None,
        "newcomers": sum(r["newcomers"] for r in quarters) if own else None,
        "facilitators": active, "trained_facilitators": trained,
        "quarters": quarters, "namesakes": namesakes,
    }
