"""The metrics of docs/metrics.md, each defined once, aggregated in SQL, scoped and protected.

Every public function takes `(session, scope, filters)`; the scope is required,
so no query path can forget it. Counts of people outside the scope come from
fixed cells under disclosure control (queries.disclosure); inside it they are
exact. Rows are plain dicts, ready for a table, a figure or a CSV file.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from queries.db import rows_of
from queries.disclosure import (
    Cell,
    Figure,
    Hidden,
    Withheld,
    fold,
    is_marker,
    published_steps,
    rounded_stock,
    suppress,
)
from queries.filters import Filters, quarter_start
from queries.memo import per_session
from queries.models import (
    Aftercare,
    AftercarePublished,
    AttendancePublished,
    FacilitatorSpan,
    Group,
    HoursCell,
    Meeting,
    MeetingCell,
    MeetingQuarter,
    Municipality,
    Organisation,
    Region,
    Volunteer,
    VolunteerHours,
    VolunteerStock,
    quarter_of,
)
from queries.population import populations_on
from queries.scope import Scope
from queries.summary import ALL_OTHERS, disclosure_secret, meeting_facts, split_period

ATTENDANCE_FIELDS = ("meetings", "attendance", "newcomers")
VOLUNTEER_FIELDS = ("volunteers", "trained", "pipeline")
HOURS_FIELDS = ("volunteer_hours", "coordinator_hours")
AFTERCARE_FIELDS = ("completed", "offered", "attended_90d", "engaged_6m")
AFTERCARE_RATES = {
    "offer_rate": ("offered", "completed"),
    "reach_rate": ("attended_90d", "completed"),
    "retention_rate": ("engaged_6m", "attended_90d"),
}


# ---------------------------------------------------------------- shared predicates


def _work_filters(f: Filters, municipality: ColumnElement[int],
                  organisation: ColumnElement[int],
                  method: ColumnElement[str] | None = None) -> list[ColumnElement[bool]]:
    """The filters on any rows of an organisation's work in a municipality: geography,
    organisation and (for groups and their meetings) method."""
    conds = _geo_filters(f, municipality)
    if f.organisation is not None:
        conds.append(organisation.in_(
            select(Organisation.id).where(Organisation.slug == f.organisation)))
    if method is not None and f.method is not None:
        conds.append(method == f.method)
    return conds


def _geo_filters(f: Filters, municipality: ColumnElement[int]) -> list[ColumnElement[bool]]:
    """The filter's municipality and region, on any municipality column."""
    conds: list[ColumnElement[bool]] = []
    if f.municipality is not None:
        conds.append(municipality == f.municipality)
    if f.region is not None:
        conds.append(municipality.in_(
            select(Municipality.code).where(Municipality.region_code == f.region)))
    return conds


def _group_filters(f: Filters) -> list[ColumnElement[bool]]:
    """Filters on groups: geography, organisation and method (all are cell dimensions)."""
    return _work_filters(f, Group.municipality_code, Group.organisation_id, Group.method)


def _volunteer_filters(f: Filters) -> list[ColumnElement[bool]]:
    return _work_filters(f, Volunteer.municipality_code, Volunteer.organisation_id)


def _cell_filters(f: Filters, table: type[MeetingCell] | type[HoursCell],
                  method: ColumnElement[str] | None = None) -> list[ColumnElement[bool]]:
    return _work_filters(f, table.municipality_code, table.organisation_id, method)


def _in_scope_flag(scope: Scope, predicate: ColumnElement[bool]) -> ColumnElement[int]:
    if scope.unrestricted:
        return literal(1)
    return case((predicate, 1), else_=0)


def _active_in(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(
        Volunteer.active_from <= end,
        or_(Volunteer.active_to.is_(None), Volunteer.active_to >= start),
    )


# ---------------------------------------------------------------- disclosure inputs


@per_session
def region_of_municipality(session: Session, scope: Scope, f: Filters) -> dict[int, int]:
    """Each municipality's region code (reference data, public)."""
    del scope, f
    return dict(session.execute(select(Municipality.code, Municipality.region_code)).all())


def _others_id(scope: Scope) -> tuple:
    """What 'the others' of a municipality are for this viewer, for the names of series: all
    of it for a municipal manager, all but their own organisation for an NGO coordinator."""
    if scope.role == "ngo":
        return ("ngo", scope.organisation_id, tuple(sorted(scope.municipalities)))
    return ALL_OTHERS


def _geo_only(f: Filters) -> Filters:
    """The period and geography of a filter: others' people are never broken down further."""
    return Filters(f.date_from, f.date_to, region=f.region, municipality=f.municipality)


def _broken_down(f: Filters) -> bool:
    return f.organisation is not None or f.method is not None


def _suppressed(session: Session, scope: Scope, f: Filters, cells: list[Cell]) -> list[Cell]:
    """Apply the three-contributor rule to out-of-scope cells (queries.disclosure.suppress).

    Filtered by organisation or method, others' people counts are not published at all:
    a breakdown could be subtracted from the whole.
    """
    regions = region_of_municipality(session, scope, f)
    open_regions = suppress(cells, lambda m: regions.get(m, 0))
    for c in cells:
        if c.in_scope:
            continue
        if (regions.get(int(c.dims["municipality"]), 0),
                int(c.dims.get("quarter", 0))) in open_regions:
            c.withheld = True
            c.dims["open"] = True  # no complement in its region: no total may hold it
        if _broken_down(f):
            c.withheld = True
    return cells


def _complete(f: Filters) -> Callable[[object, list[Cell]], bool]:
    """Whether a row holds the whole complement of any withheld cell in it: true for rows over
    every municipality of a region or of the country, never for a single municipality nor
    under an organisation or method filter."""
    whole = f.municipality is None and not _broken_down(f)
    return lambda _key, members: whole and not any(c.dims.get("open") for c in members)


# ---------------------------------------------------------------- cells


@per_session
def attendance_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Meetings, attendance and newcomers per municipality x quarter.

    Inside the scope: exact, for the exact dates of the period, by organisation and
    method too. Outside it: per municipality and whole quarter, the attendance split into
    newcomers and returning visits, each published from its rounded running total (under
    an organisation or method filter, withheld: meetings only); the cell's units are the
    groups that met.
    """
    pred, mc = scope.groups(), MeetingCell
    full, edges = split_period(f.date_from, f.date_to)
    parts: list[Select] = []
    # Exact figures are folded by municipality, quarter or all, never by organisation or
    # method (those are filters): summed to that grain in SQL, a national eight-quarter
    # change builds 750 cells instead of 2,200.
    if full is not None:  # whole quarters, from the cell summary
        parts.append(
            select(mc.municipality_code, mc.quarter, func.sum(mc.meetings),
                   func.sum(mc.attendance), func.sum(mc.newcomers))
            .where(mc.quarter.between(*full), *_cell_filters(f, mc, mc.method),
                   scope.work(mc.municipality_code, mc.organisation_id))
            .group_by(mc.municipality_code, mc.quarter))
    for a, b in edges:  # days that cut a quarter: from the meetings themselves
        parts.append(
            select(Group.municipality_code, Meeting.quarter, func.count(Meeting.id),
                   func.coalesce(func.sum(Meeting.attendance), 0),
                   func.coalesce(func.sum(Meeting.newcomers), 0))
            .join(Group, Group.id == Meeting.group_id)
            .where(Meeting.date.between(a, b), *_group_filters(f), pred)
            .group_by(Group.municipality_code, Meeting.quarter))
    cells = [
        Cell(dims={"municipality": m, "quarter": q}, in_scope=True,
             values={"meetings": int(n), "attendance": int(a), "newcomers": int(nc)})
        for part in parts for m, q, n, a, nc in rows_of(session, part)
    ]
    if scope.unrestricted:
        return cells
    if _broken_down(f):
        # Under an organisation or method filter others' people are withheld whatever
        # they are (_suppressed): their cells carry the public meetings and the groups
        # behind them, and no count of people to round, or to leak (issue 15: most of a
        # restricted viewer's changes rounded years of history for figures never shown).
        cells.extend(
            Cell(dims={"municipality": m, "quarter": q}, in_scope=False,
                 values={"meetings": int(n)}, units=int(groups))
            for m, q, n, groups in rows_of(session, (
                select(mc.municipality_code, mc.quarter, func.sum(mc.meetings),
                       func.sum(mc.groups_met))
                .where(*_cell_filters(f, mc, mc.method),
                       ~scope.work(mc.municipality_code, mc.organisation_id),
                       mc.quarter.between(f.quarter_from, f.quarter_to))
                .group_by(mc.municipality_code, mc.quarter)
                .order_by(mc.municipality_code, mc.quarter))))
        return _suppressed(session, scope, f, cells)
    if _others_id(scope) == ALL_OTHERS:  # the others are whole municipalities
        return _suppressed(session, scope, f, cells + _published_attendance(session, scope, f))
    return _suppressed(session, scope, f, cells + _rounded_attendance(session, scope, f))


def _rounded_attendance(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Others' attendance cells, rounded from their history at this change: for an NGO
    coordinator, whose others are cut through municipalities (all but their organisation).
    The steps are `_published_attendance`'s where both apply (a test holds them equal)."""
    mc = MeetingCell
    others = (*_cell_filters(_geo_only(f), mc, mc.method),
              ~scope.work(mc.municipality_code, mc.organisation_id))
    secret, first, who = disclosure_secret(session), f.quarter_from, _others_id(scope)
    # The quarters before the period count only through their sums (the running totals
    # the period starts from), added up in SQL: the returning visits clipped at zero per
    # quarter, as before.
    per_quarter = (select(mc.municipality_code.label("m"),
                          func.sum(mc.attendance).label("attendance"),
                          func.sum(mc.newcomers).label("newcomers"))
                   .where(*others, mc.quarter < first)
                   .group_by(mc.municipality_code, mc.quarter).subquery("per_quarter"))
    returning = per_quarter.c.attendance - per_quarter.c.newcomers
    before = {m: (int(nc), int(ret)) for m, nc, ret in rows_of(session, (
        select(per_quarter.c.m, func.sum(per_quarter.c.newcomers),
               func.sum(case((returning > 0, returning), else_=0)))
        .group_by(per_quarter.c.m)))}
    stmt = (
        select(mc.municipality_code, mc.quarter, func.sum(mc.meetings),
               func.sum(mc.attendance), func.sum(mc.newcomers), func.sum(mc.groups_met))
        .where(*others, mc.quarter.between(first, f.quarter_to))
        .group_by(mc.municipality_code, mc.quarter)
        .order_by(mc.municipality_code, mc.quarter)
    )
    by_mun: dict[int, list[tuple]] = {}
    for row in rows_of(session, stmt):
        by_mun.setdefault(row[0], []).append(row[1:])
    cells: list[Cell] = []
    for m, rows in by_mun.items():
        new_before, returning_before = before.get(m, (0, 0))
        new = published_steps(secret, ("newcomers", m, who), [int(r[3]) for r in rows],
                              new_before)
        ret = published_steps(secret, ("returning", m, who),
                              [max(0, int(r[2]) - int(r[3])) for r in rows], returning_before)
        for (q, n, _a, _nc, groups), s_new, s_ret in zip(rows, new, ret, strict=True):
            cells.append(Cell(
                dims={"municipality": m, "quarter": q},
                in_scope=False,
                values={"meetings": int(n), "attendance": s_new + s_ret,
                        "newcomers": s_new},
                units=int(groups)))
    return cells


def _published_attendance(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Others' attendance cells when the others are whole municipalities (a municipal
    manager's scope): each municipality's quarters as queries.summary published them once
    for every such viewer, the same steps attendance_cells would round from its history."""
    ap = AttendancePublished
    # Such a scope is whole municipalities: its predicate never looks at an organisation.
    mine = scope.work(ap.municipality_code, null())
    stmt = (select(ap.municipality_code, ap.quarter, ap.meetings, ap.groups_met,
                   ap.newcomers, ap.returning_visits)
            .where(*_geo_filters(f, ap.municipality_code), ~mine,
                   ap.quarter.between(f.quarter_from, f.quarter_to))
            .order_by(ap.municipality_code, ap.quarter))
    return [Cell(dims={"municipality": m, "quarter": q}, in_scope=False,
                 values={"meetings": n, "attendance": new + back, "newcomers": new},
                 units=groups)
            for m, q, n, groups, new, back in rows_of(session, stmt)]


def _stocks(scope: Scope, f: Filters, kinds: tuple[str, str], q: int) -> Select:
    """Two volunteer stocks in quarter q per municipality and side of the viewer's scope
    (municipality, inside, first, second), where the first is not zero: the stock
    summary's rows that hold in q (queries.summary.stock_levels), one per organisation."""
    vs = VolunteerStock
    first, second = (func.sum(case((vs.kind == k, vs.n), else_=0)) for k in kinds)
    inside = _in_scope_flag(scope, scope.work(vs.municipality_code, vs.organisation_id))
    return (select(vs.municipality_code, inside.label("inside"), first, second)
            .where(vs.kind.in_(kinds), vs.until >= q, vs.quarter <= q,
                   *_work_filters(f, vs.municipality_code, vs.organisation_id))
            .group_by(vs.municipality_code, "inside")
            .having(first != 0))


@per_session
def volunteer_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Active, trained and not-yet-trained volunteers per municipality: those active in the
    period's last quarter, for every viewer (people cannot be added up over quarters, and a
    comparison needs one definition).

    Inside the scope exact. Outside it per municipality, each part rounded; the units are
    the volunteers.
    """
    q = f.quarter_to
    cells: list[Cell] = []
    secret, who = disclosure_secret(session), _others_id(scope)
    # Others' people are counted by geography only: without an organisation or method the
    # filter is no more than that, and with one their cells are withheld (_suppressed).
    for m, inside, n, t in rows_of(session, _stocks(scope, f, ("active", "trained"), q)):
        n, t = int(n), int(t)
        if inside:
            values = {"volunteers": n, "trained": t, "pipeline": n - t}
        else:
            rt = rounded_stock(secret, ("trained", m, q, who), t)
            rp = rounded_stock(secret, ("pipeline", m, q, who), n - t)
            values = {"volunteers": rt + rp, "trained": rt, "pipeline": rp}
        cells.append(Cell(dims={"municipality": m, "quarter": q}, in_scope=bool(inside),
                          values=values, units=None if inside else n))
    return _suppressed(session, scope, f, cells)


@per_session
def hours_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Volunteer hours and paid coordinator hours per municipality x quarter.

    Inside the scope: the exact months of the period, per organisation too. Outside it:
    whole quarters per municipality, each kind of hours a cell of its own whose units are
    the volunteers, or the coordinators, who gave them: one coordinator's hours are one
    person's pay.
    """
    pred, hc = scope.volunteers(), HoursCell
    is_coord = Volunteer.role == "coordinator"
    full, edges = split_period(f.date_from.replace(day=1), f.date_to, month_keys=True)
    parts: list[Select] = []
    if full is not None:  # whole quarters, from the summary at this grain
        parts.append(
            select(hc.municipality_code, hc.quarter,
                   func.sum(case((hc.coordinator == false(), hc.hours), else_=0)),
                   func.sum(case((hc.coordinator == true(), hc.hours), else_=0)))
            .where(hc.quarter.between(*full), *_cell_filters(f, hc),
                   scope.work(hc.municipality_code, hc.organisation_id))
            .group_by(hc.municipality_code, hc.quarter))
    for a, b in edges:  # months of a quarter cut in two: from the hours themselves
        parts.append(
            select(Volunteer.municipality_code, VolunteerHours.quarter,
                   func.sum(case((~is_coord, VolunteerHours.hours), else_=0)),
                   func.sum(case((is_coord, VolunteerHours.hours), else_=0)))
            .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
            .where(VolunteerHours.month.between(a, b), *_volunteer_filters(f), pred)
            .group_by(Volunteer.municipality_code, VolunteerHours.quarter))
    # Per municipality and quarter, as attendance: exact cells are never folded by
    # organisation. Each cell's hours are rounded to whole hours after summing.
    cells: list[Cell] = [
        Cell(dims={"municipality": m, "quarter": q}, in_scope=True,
             values={"volunteer_hours": round(float(h or 0)),
                     "coordinator_hours": round(float(c or 0))})
        for part in parts for m, q, h, c in rows_of(session, part)
    ]
    if scope.unrestricted:
        return cells
    for name, flag in (("volunteer_hours", false()), ("coordinator_hours", true())):
        stmt = (
            select(hc.municipality_code, hc.quarter, func.sum(hc.hours), func.sum(hc.people))
            .where(*_cell_filters(f if _broken_down(f) else _geo_only(f), hc),
                   ~scope.work(hc.municipality_code, hc.organisation_id),
                   hc.coordinator == flag, hc.quarter.between(f.quarter_from, f.quarter_to))
            .group_by(hc.municipality_code, hc.quarter)
        )
        family = [
            Cell(dims={"municipality": m, "quarter": q}, in_scope=False,
                 values={name: round(float(h))}, units=int(n))
            for m, q, h, n in rows_of(session, stmt)
        ]
        cells.extend(_suppressed(session, scope, f, family))
    return cells


@per_session
def aftercare_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """The aftercare funnel per municipality x quarter (municipal data: no organisation or
    method).

    Outside the scope each funnel is split into the four groups of citizens it counts (not
    offered, offered but not come, come but not kept, kept), each published from its
    rounded running total since the first quarter; the stages are their sums, so every
    stage and every gap between stages is as protected as a count.
    """
    owned = scope.aftercare_codes()

    def where(code: ColumnElement[int], quarter: ColumnElement[int], inside: bool
              ) -> list[ColumnElement[bool]]:
        """The period, the filter's geography, and one side of the viewer's scope."""
        conds = _geo_filters(f, code)
        mine: ColumnElement[bool] = (true() if owned is None else
                                     code.in_(sorted(owned)) if owned else false())
        return [*conds, mine if inside else ~mine,
                quarter.between(f.quarter_from, f.quarter_to)]

    ac = Aftercare
    stmt = select(ac.municipality_code, ac.quarter, ac.completed, ac.offered,
                  ac.attended_90d, ac.engaged_6m).where(
        *where(ac.municipality_code, ac.quarter, True))
    cells = [
        Cell(dims={"municipality": m, "quarter": q}, in_scope=True,
             values={"completed": c, "offered": o, "attended_90d": a, "engaged_6m": e})
        for m, q, c, o, a, e in rows_of(session, stmt)
    ]
    if owned is None:
        return cells
    # Others' funnels as published, kept by queries.summary: rounding years of each
    # municipality's history at every change was most of a restricted viewer's (issue 15).
    ap = AftercarePublished
    stmt = (select(ap.municipality_code, ap.quarter, ap.not_offered, ap.not_come,
                   ap.not_kept, ap.kept)
            .where(*where(ap.municipality_code, ap.quarter, False))
            .order_by(ap.municipality_code, ap.quarter))
    cells.extend(
        Cell(dims={"municipality": m, "quarter": q}, in_scope=False,
             values={"completed": not_offered + not_come + not_kept + kept,
                     "offered": not_come + not_kept + kept,
                     "attended_90d": not_kept + kept, "engaged_6m": kept})
        for m, q, not_offered, not_come, not_kept, kept in rows_of(session, stmt))
    return cells


def _fold(cells: list[Cell], key: Callable[[Cell], Hashable], fields: Sequence[str],
          ratios: dict[str, tuple[str, str]] | None, scope: Scope, f: Filters,
          threshold: int | None = None) -> dict[Hashable, dict[str, Figure]]:
    t = scope.threshold if threshold is None else threshold
    # A single municipality never holds the complement of its own withheld cell.
    return fold(cells, key, fields, ratios, t, None if key is _by_mun else _complete(f))


def _by_mun(c: Cell) -> Hashable:
    return c.dims["municipality"]


def _whole(_c: Cell) -> Hashable:
    return "all"


def _by_quarter(c: Cell) -> Hashable:
    return c.dims["quarter"]


def _attendance(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
                ) -> dict[Hashable, dict[str, Figure]]:
    rows = _fold(attendance_cells(session, scope, f), key, ATTENDANCE_FIELDS,
                 {"avg_attendance": ("attendance", "meetings")}, scope, f)
    for row in rows.values():
        if not isinstance(row.get("meetings"), Withheld):
            row.pop("meetings", None)  # meetings are public: group_counts_by_municipality
    return rows


def _volunteers(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
                ) -> dict[Hashable, dict[str, Figure]]:
    return _fold(volunteer_cells(session, scope, f), key, VOLUNTEER_FIELDS, None, scope, f)


def _hours(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
           ) -> dict[Hashable, dict[str, Figure]]:
    # Hours are not counts of people: no «<5», only the three-contributor rule.
    return _fold(hours_cells(session, scope, f), key, HOURS_FIELDS, None, scope, f,
                 threshold=0)


def _aftercare(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
               ) -> dict[Hashable, dict[str, Figure]]:
    return _fold(aftercare_cells(session, scope, _geo_only(f)), key, AFTERCARE_FIELDS,
                 AFTERCARE_RATES, scope, _geo_only(f))


# The selection's totals are asked for by the key figures, the comparison rates and the
# year-on-year comparison in one page draw: folded once. Callers must not change them.
@per_session
def _attendance_total(session: Session, scope: Scope, f: Filters) -> dict[str, Figure] | None:
    return _attendance(session, scope, f, _whole).get("all")


@per_session
def _aftercare_total(session: Session, scope: Scope, f: Filters) -> dict[str, Figure] | None:
    return _aftercare(session, scope, f, _whole).get("all")


# ---------------------------------------------------------------- group-level (not people)


def _meetings_per_group(f: Filters) -> Subquery:
    """Each group that met in the period with its meetings (columns group_id, meetings):
    summed per group before any join, so that counting groups needs no DISTINCT."""
    facts = meeting_facts(f)
    return (select(facts.c.group_id, func.sum(facts.c.meetings).label("meetings"))
            .join(Group, Group.id == facts.c.group_id).where(*_group_filters(f))
            .group_by(facts.c.group_id).subquery("per_group"))


def _trained_per_group(f: Filters) -> Select:
    """Trained facilitators per group in the period (columns group_id, n), for the groups the
    filter selects only: trained by the period's end and active at any time in it.

    Every page's period is whole quarters, read from the facilitator spans (narrow rows kept
    with the volunteer stocks); days that cut a quarter, which come only from a link, are
    counted on the volunteers themselves."""
    whole, edges = split_period(f.date_from, f.date_to)
    if whole is not None and not edges:  # the meeting facts' test: no days cut a quarter
        fs = FacilitatorSpan
        per_group = fs.group_id
        stmt = select(per_group, func.sum(fs.n).label("n")).where(
            fs.first_quarter <= f.quarter_to, fs.last_quarter >= f.quarter_from)
    else:
        per_group = Volunteer.group_id
        stmt = select(per_group, func.count().label("n")).where(
            per_group.is_not(None),
            Volunteer.role == "facilitator",
            Volunteer.trained_on.is_not(None),
            Volunteer.trained_on <= f.date_to,
            _active_in(f.date_from, f.date_to))
    if narrowed := _group_filters(f):  # only the selected groups' facilitators, not all
        stmt = stmt.join(Group, Group.id == per_group).where(*narrowed)
    return stmt.group_by(per_group)


PROBE_FROM_QUARTERS = 3  # where probing each group beats summing its quarters (see below)


@per_session
def _group_activity(session: Session, scope: Scope, f: Filters) -> list[tuple]:
    """Per municipality and side of the viewer's scope, the groups that met in the period:
    (municipality, inside, groups, meetings, evening or weekend groups, online groups,
    trained facilitators in them, groups with exactly one, groups with none).

    One read of the groups that met and of the trained facilitators serves both the public
    group counts and the facilitator risk, which used to read them once each.

    A period of three or more whole quarters asks whether each group met with one probe of
    its (group, quarter) key, and takes the meetings from the cell summary: summing every
    group's meeting quarters first grows with the quarters (at scale 100 on SQLite, 158 ms
    for one national quarter, 304 for eight, against about 195 for the probes whatever the
    period). Shorter periods, and days that cut a quarter (only from a link), sum."""
    whole, edges = split_period(f.date_from, f.date_to)
    if whole is None or edges or len(f.quarters()) < PROBE_FROM_QUARTERS:
        return _group_activity_summed(session, scope, f)
    mq, mc = MeetingQuarter, MeetingCell
    met = exists().where(mq.group_id == Group.id, mq.quarter.between(*whole))
    trained = _trained_per_group(f).subquery("trained")
    inside = _in_scope_flag(scope, scope.groups()).label("inside")
    groups = (select(Group.municipality_code, inside, *_activity_sums(trained))
              .outerjoin(trained, trained.c.group_id == Group.id)
              .where(met, *_group_filters(f))
              .group_by(Group.municipality_code, inside))
    cell_inside = _in_scope_flag(scope, scope.work(mc.municipality_code, mc.organisation_id)
                                 ).label("inside")
    held = (select(mc.municipality_code, cell_inside, func.sum(mc.meetings))
            .where(mc.quarter.between(*whole), *_cell_filters(f, mc, mc.method))
            .group_by(mc.municipality_code, cell_inside))
    meetings = {(m, bool(ins)): int(n) for m, ins, n in rows_of(session, held)}
    return [(m, bool(ins), int(g), meetings.get((m, bool(ins)), 0), int(ew), int(on), int(fc),
             int(one), int(zero))
            for m, ins, g, ew, on, fc, one, zero in rows_of(session, groups)]


def _group_activity_summed(session: Session, scope: Scope, f: Filters) -> list[tuple]:
    """_group_activity for any period: each group's meetings in it summed first."""
    met = _meetings_per_group(f)
    trained = _trained_per_group(f).subquery("trained")
    inside = _in_scope_flag(scope, scope.groups()).label("inside")
    stmt = (select(Group.municipality_code, inside, func.sum(met.c.meetings),
                   *_activity_sums(trained))
            .join(met, met.c.group_id == Group.id)
            .outerjoin(trained, trained.c.group_id == Group.id)
            .group_by(Group.municipality_code, inside))
    return [(m, bool(ins), int(g), int(n), int(ew), int(on), int(fc), int(one), int(zero))
            for m, ins, n, g, ew, on, fc, one, zero in rows_of(session, stmt)]


def _activity_sums(trained: Subquery) -> list[ColumnElement[int]]:
    """What _group_activity adds up over the groups that met: groups, evening or weekend
    groups, online groups, trained facilitators, groups with exactly one, with none."""
    evening_weekend = or_(Group.start_time >= "17:00", Group.weekday >= 5)
    return [func.count(Group.id),
            func.sum(case((evening_weekend, 1), else_=0)),
            func.sum(case((Group.online.is_(True), 1), else_=0)),
            func.coalesce(func.sum(trained.c.n), 0),
            func.sum(case((trained.c.n == 1, 1), else_=0)),
            func.sum(case((trained.c.n.is_(None), 1), else_=0))]


@per_session
def group_counts_by_municipality(
    session: Session, scope: Scope, f: Filters
) -> dict[int, dict[str, int]]:
    """Active groups and meetings held per municipality: exact for every viewer.

    Groups and their meeting dates are public (as on a meeting finder), so they
    are not under disclosure control; the scope only says which of them are the
    viewer's own, which these counts add together.
    """
    out: dict[int, dict[str, int]] = {}
    for m, _inside, g, n, ew, on, *_facilitators in _group_activity(session, scope, f):
        row = out.setdefault(m, {"active_groups": 0, "meetings": 0,
                                 "evening_weekend_groups": 0, "online_groups": 0})
        row["active_groups"] += g
        row["meetings"] += n
        row["evening_weekend_groups"] += ew
        row["online_groups"] += on
    return out


RISK_FIELDS = ("groups", "facilitators_in_groups", "single_facilitator_groups",
               "groups_without_facilitator")


@per_session
def facilitator_risk_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Active groups with their trained facilitators, per municipality: how many groups have
    exactly one, and how many none at all (the graver risk).

    Inside the scope exact. Outside it per municipality under the three-contributor rule
    (units: the active groups), the facilitators a count of people and so rounded; the
    number of groups with one or none is a count of groups, exact where published.
    """
    secret, who = disclosure_secret(session), _others_id(scope)
    cells = []
    for m, inside, g, _n, _ew, _on, n, one, zero in _group_activity(session, scope, f):
        people = n if inside else rounded_stock(
            secret, ("facilitators", m, f.quarter_to, who), n)
        cells.append(Cell(
            dims={"municipality": m, "quarter": 0}, in_scope=inside,
            values={"groups": g, "facilitators_in_groups": people,
                    "single_facilitator_groups": one, "groups_without_facilitator": zero},
            units=None if inside else g))
    return _suppressed(session, scope, f, cells)


def _risks(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
           ) -> dict[Hashable, dict[str, Figure]]:
    # Counts of groups, not of people: no «<5»; the facilitator count is rounded.
    return _fold(facilitator_risk_cells(session, scope, f), key, RISK_FIELDS,
                 {"facilitators_per_group": ("facilitators_in_groups", "groups")}, scope, f,
                 threshold=0)


# ---------------------------------------------------------------- public rows


def municipalities(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """The municipalities the filters select (all 98 by default), with region and the
    population figure for the period (the official one on or before its end, if loaded)."""
    del scope  # reference data, public
    # Read once per page draw for what the answer depends on (the geography and the last
    # day), not again for every filter that differs only in method, organisation or start.
    return _municipalities(session, Scope.national(), Filters(
        f.date_to, f.date_to, region=f.region, municipality=f.municipality))


@per_session
def _municipalities(session: Session, _scope: Scope, f: Filters) -> list[dict]:
    stmt = (
        select(
            Municipality.code,
            Municipality.name,
            Municipality.name_en,
            Municipality.region_code,
            Region.name,
            Municipality.population,
            Municipality.population_source,
        )
        .join(Region, Region.code == Municipality.region_code)
        .order_by(Municipality.code)
    )
    if f.municipality is not None:
        stmt = stmt.where(Municipality.code == f.municipality)
    if f.region is not None:
        stmt = stmt.where(Municipality.region_code == f.region)
    keys = ("code", "name", "name_en", "region_code", "region", "population", "population_source")
    rows = [dict(zip(keys, row, strict=True)) for row in rows_of(session, stmt)]
    # The official figure for the period shown, as the municipality page says; per 100,000
    # and the peers follow it, not whichever figure was imported last.
    official = _official_populations(session, _scope, Filters(f.date_to, f.date_to))
    for row in rows:
        if row["code"] in official:
            row["population"], row["population_source"] = official[row["code"]]
    return rows


@per_session
def _official_populations(session: Session, _scope: Scope, f: Filters
                          ) -> dict[int, tuple[int, str]]:
    return populations_on(session, f.date_to)


def _per_100k(count: Figure, population: int) -> float | None:
    if is_marker(count) or count is None or not population:
        return None
    return count * 100_000 / population


def _pick(row: dict[str, Figure] | None, fields: Sequence[str],
          ratios: Iterable[str] = ()) -> dict[str, Figure]:
    """The fields of a folded row; a municipality with no cells has zeros and no rates."""
    if row is None:
        return {**dict.fromkeys(fields, 0), **dict.fromkeys(ratios, None)}
    return {k: row.get(k) for k in (*fields, *ratios)}


def municipality_table(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """One row per municipality with the three questions' key figures for the period.

    Figures about others follow queries.disclosure: rounded, «<5» below the threshold,
    «..» where they rest on fewer than three contributors; rates are None where their
    denominator is too small or zero.
    """
    groups = group_counts_by_municipality(session, scope, f)
    att = _attendance(session, scope, f, _by_mun)
    vol = _volunteers(session, scope, f, _by_mun)
    hrs = _hours(session, scope, f, _by_mun)
    aft = _aftercare(session, scope, f, _by_mun)
    risk = _risks(session, scope, f, _by_mun)
    kept = _retention(session, scope, f, _by_mun)
    rows = []
    for m in municipalities(session, scope, f):
        code = m["code"]
        g = groups.get(code, {})
        n_groups = g.get("active_groups", 0)
        rows.append({
            **m,
            "own": scope.owns_municipality(code),
            "active_groups": g.get("active_groups", 0),
            "groups_per_100k": _per_100k(g.get("active_groups", 0), m["population"]),
            "meetings": g.get("meetings", 0),
            **_pick(att.get(code), ("attendance", "newcomers"), ("avg_attendance",)),
            **_pick(vol.get(code), VOLUNTEER_FIELDS),
            **_pick(hrs.get(code), HOURS_FIELDS),
            **_pick(risk.get(code), ("single_facilitator_groups",
                                     "groups_without_facilitator")),
            **_pick(aft.get(code), AFTERCARE_FIELDS, AFTERCARE_RATES),
            "evening_weekend_share": (g["evening_weekend_groups"] / n_groups
                                      if n_groups else None),
            "online_share": g["online_groups"] / n_groups if n_groups else None,
            "retention_12m": (kept.get(code) or {}).get("retention_12m"),
        })
    return rows


def key_figures(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """Totals for the selection: the figures at the top of the overview, over every
    municipality selected (the viewer's own exactly, the others as published)."""
    groups = group_counts_by_municipality(session, scope, f)
    muns = municipalities(session, scope, f)
    population = sum(m["population"] for m in muns)
    covered = sum(m["population"] for m in muns if groups.get(m["code"], {}).get("active_groups"))
    n_groups = sum(g["active_groups"] for g in groups.values())
    risk = _risks(session, scope, f, _whole).get("all")
    return {
        "active_groups": n_groups,
        "meetings": sum(g["meetings"] for g in groups.values()),
        "municipalities": len(muns),
        "municipalities_without_group": sum(
            1 for m in muns if not groups.get(m["code"], {}).get("active_groups")
        ),
        "population_covered_share": covered / population if population else None,
        "evening_weekend_share": (
            sum(g["evening_weekend_groups"] for g in groups.values()) / n_groups
            if n_groups else None
        ),
        "online_share": (
            sum(g["online_groups"] for g in groups.values()) / n_groups if n_groups else None
        ),
        **_pick(_attendance_total(session, scope, f), ("attendance", "newcomers"),
                ("avg_attendance",)),
        **_pick(_volunteers(session, scope, f, _whole).get("all"), VOLUNTEER_FIELDS),
        **_pick(_hours(session, scope, f, _whole).get("all"), HOURS_FIELDS),
        **_pick(risk, ("single_facilitator_groups", "groups_without_facilitator"),
                ("facilitators_per_group",)),
        **_pick(_aftercare_total(session, scope, f), AFTERCARE_FIELDS,
                AFTERCARE_RATES),
    }


def comparison_rates(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """The rates a municipality is compared with (attendance per meeting, offer, reach and
    retention) for the selection: the same figures as key_figures, without the volunteer,
    hours and group queries a comparison does not need."""
    att = _attendance_total(session, scope, f) or {}
    aft = _pick(_aftercare_total(session, scope, f), AFTERCARE_FIELDS,
                AFTERCARE_RATES)
    return {"avg_attendance": att.get("avg_attendance"),
            **{k: aft[k] for k in AFTERCARE_RATES}}


def quarterly_trend(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """Per quarter of the period: meetings, attendance and the aftercare funnel with its rates."""
    att = _attendance(session, scope, f, _by_quarter)
    aft = _aftercare(session, scope, f, _by_quarter)
    hrs = _hours(session, scope, f, _by_quarter)
    meetings: dict[int, int] = {}
    for c in attendance_cells(session, scope, f):
        q = int(c.dims["quarter"])
        meetings[q] = meetings.get(q, 0) + int(c.values["meetings"])
    rows = []
    for q in f.quarters():
        rows.append({
            "quarter": q,
            "meetings": meetings.get(q, 0),
            **_pick(att.get(q), ("attendance", "newcomers"), ("avg_attendance",)),
            **_pick(aft.get(q), AFTERCARE_FIELDS, AFTERCARE_RATES),
            **_pick(hrs.get(q), HOURS_FIELDS),
        })
    return rows


# ---------------------------------------------------------------- regularity, retention, benchmark


def _weekday_count(first: dt.date, last: dt.date, weekday: int) -> int:
    """How many times `weekday` (0 = Monday) falls between first and last, inclusive."""
    if last < first:
        return 0
    start = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    return 0 if start > last else (last - start).days // 7 + 1


@per_session
def regularity_by_municipality(session: Session, scope: Scope, f: Filters) -> dict[int, dict]:
    """Meetings held / meetings scheduled by each group's weekly schedule while open in P.

    The held count is aggregated in SQL; the schedule (weekdays between two dates)
    is counted per group in Python, a few thousand groups at most. Meeting counts
    are not counts of people, so they are exact for every viewer.
    """
    del scope  # public schedule data; see docstring
    facts = meeting_facts(f)
    held = (
        select(facts.c.group_id, func.sum(facts.c.meetings).label("held"))
        .group_by(facts.c.group_id)
        .subquery()
    )
    stmt = (
        select(Group.municipality_code, Group.weekday, Group.start_date, Group.end_date,
               func.coalesce(held.c.held, 0))
        .outerjoin(held, held.c.group_id == Group.id)
        .where(
            *_group_filters(f),
            Group.start_date <= f.date_to,
            or_(Group.end_date.is_(None), Group.end_date >= f.date_from),
        )
    )
    out: dict[int, dict] = {}
    for mun, weekday, start, end, n in rows_of(session, stmt):
        first = max(start, f.date_from)
        last = min(end or f.date_to, f.date_to)
        row = out.setdefault(mun, {"held": 0, "scheduled": 0})
        row["held"] += int(n)
        row["scheduled"] += _weekday_count(first, last, weekday)
    for row in out.values():
        row["regularity"] = row["held"] / row["scheduled"] if row["scheduled"] else None
    return out


@per_session
def retention_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Volunteers (not paid coordinators) active on the period's first day, and of them how
    many were still active a year later, per municipality (and organisation, inside the
    scope). Outside the scope the two parts are rounded and the cohort is the units."""
    day = f.date_from
    q = quarter_of(day)
    stmt: Select
    if day == quarter_start(q):  # as every page's period: from the stock summary
        stmt = _stocks(scope, f, ("cohort", "retained"), q)
    else:  # a period from a link or a test that starts inside a quarter: the volunteers
        later = day + dt.timedelta(days=365)
        still = or_(Volunteer.active_to.is_(None), Volunteer.active_to >= later)
        inside = _in_scope_flag(scope, scope.volunteers()).label("in_scope")
        stmt = (
            select(Volunteer.municipality_code, inside, func.count(Volunteer.id),
                   func.coalesce(func.sum(case((still, 1), else_=0)), 0))
            .where(*_volunteer_filters(f), Volunteer.role != "coordinator",
                   _active_in(day, day))
            .group_by(inside, Volunteer.municipality_code)
        )
    secret, who = disclosure_secret(session), _others_id(scope)
    cells = []
    for m, ins, n, r in rows_of(session, stmt):
        n, r = int(n), int(r)
        if not ins:
            r = rounded_stock(secret, ("retained", m, day, who), r)
            n = r + rounded_stock(secret, ("left", m, day, who), n - int(r))
        cells.append(Cell(dims={"municipality": m, "quarter": 0}, in_scope=bool(ins),
                          values={"cohort": n, "retained": r},
                          units=None if ins else n))
    return _suppressed(session, scope, f, cells)


def _retention(session: Session, scope: Scope, f: Filters, key: Callable[[Cell], Hashable]
               ) -> dict[Hashable, dict[str, Figure]]:
    """12-month retention folded by `key`; retained and the share are None while the day a
    year after the period's start lies in the future (not yet known)."""
    rows = _fold(retention_cells(session, scope, f), key, ("cohort", "retained"),
                 {"retention_12m": ("retained", "cohort")}, scope, f)
    if f.date_from + dt.timedelta(days=365) > dt.date.today():
        rows = {k: {**r, "retained": None, "retention_12m": None} for k, r in rows.items()}
    return rows


def volunteer_retention(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """12-month retention: of volunteers active on the period's first day, the share still
    active 365 days later. None while that day lies in the future (not yet known)."""
    return _retention(session, scope, f, _whole).get(
        "all", {"cohort": 0, "retained": 0, "retention_12m": None})


Z95 = 1.959963984540054
PEER_COUNT = 10  # peers by population when the viewer has not chosen their own
SIZE_BANDS = ((0, 20_000), (20_000, 50_000), (50_000, 100_000), (100_000, 250_000),
              (250_000, 10**9))
SIZE_LABELS = ("under 20.000", "20.000-50.000", "50.000-100.000", "100.000-250.000",
               "over 250.000")


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion: honest for small n, unlike p +- 2 SE."""
    if not n:
        return None
    p = min(1.0, max(0.0, successes / n))
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def size_band(population: int) -> int:
    return next(i for i, (lo, hi) in enumerate(SIZE_BANDS) if lo <= population < hi)


def _rate(num: float, den: float, floor: int) -> float | None:
    return num / den if den >= floor and den > 0 else None


def _published_pairs(session: Session, scope: Scope, f: Filters) -> dict[int, list[float]]:
    """Attended and completed per municipality over the whole country, as this viewer may
    see them: their own exact, the others as published (rounded; queries.disclosure)."""
    pairs: dict[int, list[float]] = {}
    for cell in aftercare_cells(session, scope, Filters(f.date_from, f.date_to)):
        acc = pairs.setdefault(int(cell.dims["municipality"]), [0.0, 0.0])
        acc[0] += cell.values["attended_90d"]
        acc[1] += cell.values["completed"]
    return pairs


def reach_benchmark(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """Each municipality's reach (A/C) for the period with a 95% Wilson interval, against the
    national figure and its `PEER_COUNT` nearest municipalities in population (pooled).

    Every municipality counts, the viewer's own exactly and the others as published (within
    a few people of the truth: queries.disclosure), so the national and peer figures are the
    true ones up to that rounding, never sums of whatever happened to be visible. A rate
    about others needs at least `threshold` completions. `verdict` is "higher" or "lower"
    only when the national figure lies outside the municipality's interval, else "same".
    """
    t = scope.threshold
    unfiltered = Filters(f.date_from, f.date_to)  # the benchmark is always against all of DK
    pairs = _published_pairs(session, scope, unfiltered)
    others = {int(c.dims["municipality"]) for c in aftercare_cells(session, scope, unfiltered)
              if not c.in_scope}
    muns = municipalities(session, scope, unfiltered)
    band_of = {m["code"]: size_band(m["population"]) for m in muns}
    population = {m["code"]: m["population"] for m in muns}
    peers_of = all_peers(population)
    nat = [sum(v[0] for v in pairs.values()), sum(v[1] for v in pairs.values())]
    national = _rate(nat[0], nat[1], 1)
    rows = []
    for m in municipalities(session, scope, f):
        code = m["code"]
        a, c = pairs.get(code, (0.0, 0.0))
        floor = t if code in others else 1
        # Others' rate over a numerator that reads «<5» reads «–» (queries.disclosure.fold).
        rate = _rate(a, c, floor) if code not in others or a >= t else None
        interval = wilson(a, c) if rate is not None else None
        band = band_of[code]
        peer = _pooled(pairs, peers_of.get(code, ()))
        verdict = None
        if interval and national is not None:
            verdict = ("lower" if interval[1] < national else
                       "higher" if interval[0] > national else "same")
        shown_a: Figure = int(a)
        shown_c: Figure = int(c)
        if code in others:
            shown_a = Hidden(t) if 0 <= a < t else shown_a
            shown_c = Hidden(t) if 0 <= c < t else shown_c
        rows.append(
            {
                "code": code, "name": m["name"], "population": m["population"],
                "own": scope.owns_municipality(code),
                "completed": shown_c, "attended_90d": shown_a,
                "reach_rate": rate,
                "reach_low": interval[0] if interval else None,
                "reach_high": interval[1] if interval else None,
                "national_rate": national,
                "size_band": SIZE_LABELS[band],
                "peer_rate": _rate(peer[0], peer[1], t),
                "verdict": verdict,
            }
        )
    return rows


def nearest_peers(population: Mapping[int, int], code: int, k: int = PEER_COUNT,
                  sizes: Mapping[int, float] | None = None) -> list[int]:
    """The `k` municipalities nearest to `code` in population on a log scale, `code` itself
    left out (ties by code). A ratio, not a difference: 50,000 is as near to 60,000 as
    500,000 to 600,000. Ten peers keep the peer figure over thousands of completions, where
    five size bands left København one peer and the smallest islands none. `sizes` are the
    logs, when a caller asks for every municipality's peers."""
    if code not in population:
        return []
    sizes = sizes if sizes is not None else log_sizes(population)
    size = sizes[code]
    return heapq.nsmallest(k, (c for c in population if c != code),
                           key=lambda c: (abs(sizes[c] - size), c))


def all_peers(population: Mapping[int, int]) -> dict[int, tuple[int, ...]]:
    """Every municipality's `nearest_peers`. Populations change once a year while filters
    change all day, so the answer is kept per set of populations: finding 98 municipalities'
    peers was a tenth of a filter change."""
    return _all_peers(tuple(sorted(population.items())))


@lru_cache(maxsize=32)
def _all_peers(items: tuple[tuple[int, int], ...]) -> dict[int, tuple[int, ...]]:
    population = dict(items)
    sizes = log_sizes(population)
    return {c: tuple(nearest_peers(population, c, sizes=sizes)) for c in population}


def log_sizes(population: Mapping[int, int]) -> dict[int, float]:
    return {c: math.log(max(n, 1)) for c, n in population.items()}


def _pooled(pairs: Mapping[int, list[float]], codes: Iterable[int]) -> list[float]:
    """Completed and attended summed over `codes`: a peer group's rate is its people's, not
    an average of rates."""
    out = [0.0, 0.0]
    for c in codes:
        a, n = pairs.get(c, (0.0, 0.0))
        out[0] += a
        out[1] += n
    return out


def peer_benchmark(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """`reach_benchmark` for `f.municipality` and its peers: the ones the viewer chose
    (`f.peers`, kept in the URL) or else the `PEER_COUNT` nearest in population. Every row's
    `peer_rate` is the chosen group's pooled rate, `f.municipality` left out, so the chart
    draws one peer line. All municipalities when `f.municipality` is not set."""
    rows = reach_benchmark(session, scope, Filters(f.date_from, f.date_to))
    own = next((r for r in rows if r["code"] == f.municipality), None)
    if own is None:
        return rows if f.municipality is None else []
    by_code = {r["code"]: r for r in rows}
    chosen = [c for c in f.peers if c in by_code and c != own["code"]]
    if not chosen:
        chosen = nearest_peers({r["code"]: r["population"] for r in rows}, own["code"])
    members = [own, *(by_code[c] for c in chosen)]
    peer = _pooled(_published_pairs(session, scope, f), chosen)
    rate = _rate(peer[0], peer[1], scope.threshold)
    return [{**r, "peer_rate": rate} for r in members]


# ---------------------------------------------------------------- direction of travel

ALPHA = 0.05  # the significance level of the year-on-year verdicts


def year_earlier(f: Filters) -> Filters:
    """The same dates a year earlier, with the same geography and breakdown (29 February
    becomes the 28th)."""

    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Filters(back(f.date_from), back(f.date_to), region=f.region,
                   municipality=f.municipality, organisation=f.organisation, method=f.method)


def _p_two_sided(z: float) -> float:
    """The two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_test(x1: float, n1: float, x0: float, n0: float
                        ) -> tuple[float, float] | None:
    """The pooled two-proportion z-test of x1/n1 against x0/n0: (z, two-sided p).

    None when either denominator is zero or the pooled share is 0 or 1 (no variance)."""
    if n1 <= 0 or n0 <= 0:
        return None
    pooled = (x1 + x0) / (n1 + n0)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n0)
    if var <= 0:
        return None
    z = (x1 / n1 - x0 / n0) / math.sqrt(var)
    return z, _p_two_sided(z)


def poisson_rate_test(x1: int, x0: int) -> tuple[float, float] | None:
    """Two counts over periods of the same length: the exact conditional test.

    Given x1 + x0 = n, under equal rates x1 ~ Binomial(n, 1/2); the two-sided p-value is
    2·P(X <= min(x1, x0)), at most 1. The statistic returned beside it is the score
    z = (x1 - x0) / sqrt(x1 + x0), for readers who think in z. None when both are zero."""
    n = x1 + x0
    if n <= 0:
        return None
    k = min(x1, x0)
    log_half = n * math.log(0.5)
    lg_n = math.lgamma(n + 1)
    # Summed from k down: the terms fall away from the centre, so once one adds nothing to
    # the double-precision total the rest cannot either (a year's attendance is a sum of
    # 75,000 terms otherwise, most of them 0.0).
    tail = 0.0
    for i in range(k, -1, -1):
        term = math.exp(lg_n - math.lgamma(i + 1) - math.lgamma(n - i + 1) + log_half)
        if tail and term < tail * 1e-17:
            break
        tail += term
    return (x1 - x0) / math.sqrt(n), min(1.0, 2 * tail)


def _verdict(test: tuple[float, float] | None) -> str | None:
    if test is None:
        return None
    z, p = test
    if p >= ALPHA:
        return "same"
    return "higher" if z > 0 else "lower"


def year_on_year(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """The period against the same period a year earlier, with a significance test: newcomers
    to groups (exact Poisson test of two counts) and the share reached within 90 days
    (two-proportion z-test). Not quarter against quarter: groups and referrals are seasonal.

    Both periods come from the same protected figures as key_figures (the viewer's own
    exact, others' as published); a figure that is «<5» or «..» in either period gets no
    verdict, nor do newcomers when not one meeting was reported a year earlier. `verdict` is
    "higher", "lower" or "same" (p >= 0.05: no reliable change)."""
    before = year_earlier(f)
    rows = []
    att = [_attendance_total(session, scope, p) or {} for p in (f, before)]
    aft = [_pick(_aftercare_total(session, scope, p), AFTERCARE_FIELDS,
                 AFTERCARE_RATES) for p in (f, before)]
    period = {"from": f.date_from, "to": f.date_to, "before_from": before.date_from,
              "before_to": before.date_to}
    new = [a.get("newcomers", 0) for a in att]
    plain = all(isinstance(v, int | float) and not isinstance(v, bool) for v in new)
    # A year earlier without a single meeting reported is a year before the reporting began
    # (a new installation, a new partner), not a year of no newcomers: nothing to compare.
    # Meetings are public and every cell carries them: the cells already read answer this.
    held = any(c.values.get("meetings") for c in attendance_cells(session, scope, before))
    plain = plain and held
    test = poisson_rate_test(int(new[0]), int(new[1])) if plain else None
    rows.append({"measure": "newcomers", **period, "now": new[0], "before": new[1],
                 "now_base": None, "before_base": None, "test": "poisson_exact",
                 "statistic": test[0] if test else None, "p_value": test[1] if test else None,
                 "verdict": _verdict(test)})
    reach = [(a["attended_90d"], a["completed"], a["reach_rate"]) for a in aft]
    plain = all(r[2] is not None and not is_marker(r[2])
                and not is_marker(r[0]) and not is_marker(r[1]) for r in reach)
    test = (two_proportion_test(float(reach[0][0]), float(reach[0][1]),  # type: ignore[arg-type]
                                float(reach[1][0]), float(reach[1][1]))  # type: ignore[arg-type]
            if plain else None)
    rows.append({"measure": "reach_rate", **period, "now": reach[0][2], "before": reach[1][2],
                 "now_base": reach[0][1], "before_base": reach[1][1],
                 "test": "two_proportion_z", "statistic": test[0] if test else None,
                 "p_value": test[1] if test else None, "verdict": _verdict(test)})
    return rows
