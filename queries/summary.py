"""Quarter summaries of meetings and volunteer hours, and the period facts read from them.

A filter change asks for meetings and hours over a period. Summing every meeting each
time costs a million rows at the world's scale; the summaries hold one row per group (or
volunteer) and quarter, so whole quarters are read from them, and only the days of a
period that cut a quarter in two are summed from the raw rows. The answer is exactly the
raw aggregation: `meeting_facts` and `hours_facts` are what every metric reads.

The summaries are refreshed in the same transaction as the write that changes the raw
rows (the importer, the demo builder), so readers never see one without the other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import groupby

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from queries.disclosure import published_steps
from queries.filters import Filters, next_quarter, quarter_end, quarter_start
from queries.models import (
    Aftercare,
    AftercarePublished,
    AttendancePublished,
    DisclosureKey,
    FacilitatorSpan,
    Group,
    HoursCell,
    HoursQuarter,
    Meeting,
    MeetingCell,
    MeetingQuarter,
    OrganisationQuarter,
    Volunteer,
    VolunteerHours,
    VolunteerStock,
    quarter_of,
)

ONE_DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------- refresh


def refresh_meetings(session: Session, organisation_id: int | None = None,
                     quarters: Collection[int] | None = None) -> None:
    """Recompute the meeting summary for one organisation's groups (None: every group) in
    these quarters (None: all of them)."""
    session.flush()
    groups = (None if organisation_id is None else
              select(Group.id).where(Group.organisation_id == organisation_id))
    conds = []
    raw = []
    if groups is not None:
        conds.append(MeetingQuarter.group_id.in_(groups))
        raw.append(Meeting.group_id.in_(groups))
    if quarters is not None:
        conds.append(MeetingQuarter.quarter.in_(sorted(quarters)))
        raw.append(Meeting.quarter.in_(sorted(quarters)))
    session.execute(delete(MeetingQuarter).where(*conds))
    session.execute(insert(MeetingQuarter).from_select(
        ["group_id", "quarter", "meetings", "attendance", "newcomers"],
        select(Meeting.group_id, Meeting.quarter, func.count(Meeting.id),
               func.coalesce(func.sum(Meeting.attendance), 0),
               func.coalesce(func.sum(Meeting.newcomers), 0))
        .where(*raw).group_by(Meeting.group_id, Meeting.quarter)))
    _refresh_reported(session, "meetings", organisation_id, quarters)
    refresh_meeting_cells(session, organisation_id, quarters)


def refresh_hours(session: Session, organisation_id: int | None = None,
                  quarters: Collection[int] | None = None) -> None:
    """Recompute the hours summary for one organisation's volunteers (None: every one) in
    these quarters (None: all of them)."""
    session.flush()
    volunteers = (None if organisation_id is None else
                  select(Volunteer.id).where(Volunteer.organisation_id == organisation_id))
    conds = []
    raw = []
    if volunteers is not None:
        conds.append(HoursQuarter.volunteer_id.in_(volunteers))
        raw.append(VolunteerHours.volunteer_id.in_(volunteers))
    if quarters is not None:
        conds.append(HoursQuarter.quarter.in_(sorted(quarters)))
        raw.append(VolunteerHours.quarter.in_(sorted(quarters)))
    session.execute(delete(HoursQuarter).where(*conds))
    session.execute(insert(HoursQuarter).from_select(
        ["volunteer_id", "quarter", "hours", "months"],
        select(VolunteerHours.volunteer_id, VolunteerHours.quarter,
               func.coalesce(func.sum(VolunteerHours.hours), 0), func.count(VolunteerHours.id))
        .where(*raw).group_by(VolunteerHours.volunteer_id, VolunteerHours.quarter)))
    _refresh_reported(session, "hours", organisation_id, quarters)
    refresh_hours_cells(session, organisation_id, quarters)


def _remake(session: Session, table: type, columns: list[str], source: Select,
            organisation_id: int | None, quarters: Collection[int] | None,
            keys: tuple[ColumnElement[int], ColumnElement[int]],
            source_keys: tuple[ColumnElement[int], ColumnElement[int]],
            only: Sequence[ColumnElement[bool]] = ()) -> None:
    """Delete a summary's rows of one organisation (None: all) and quarters (None: all) and
    insert them again from `source`, narrowed the same way. `keys` and `source_keys` are
    the (organisation, quarter) columns of the summary and of its source."""
    conds, raw = list(only), []
    if organisation_id is not None:
        conds.append(keys[0] == organisation_id)
        raw.append(source_keys[0] == organisation_id)
    if quarters is not None:
        conds.append(keys[1].in_(sorted(quarters)))
        raw.append(source_keys[1].in_(sorted(quarters)))
    session.execute(delete(table).where(*conds))
    session.execute(insert(table).from_select(columns, source.where(*raw)))


def refresh_meeting_cells(session: Session, organisation_id: int | None = None,
                          quarters: Collection[int] | None = None) -> None:
    """Recompute the attendance cells' summary from the group summary: after meetings
    change, and after a groups register import (a group may have moved municipality or
    changed method: then for all the organisation's quarters); and what others see of
    every municipality's meetings with them."""
    session.flush()
    mc, mq = MeetingCell, MeetingQuarter
    _remake(session, mc,
            ["quarter", "municipality_code", "organisation_id", "method", "meetings",
             "attendance", "newcomers", "groups_met"],
            select(mq.quarter, Group.municipality_code, Group.organisation_id, Group.method,
                   func.sum(mq.meetings), func.sum(mq.attendance), func.sum(mq.newcomers),
                   func.count())
            .join_from(mq, Group, Group.id == mq.group_id)
            .group_by(mq.quarter, Group.municipality_code, Group.organisation_id,
                      Group.method),
            organisation_id, quarters, (mc.organisation_id, mc.quarter),
            (Group.organisation_id, mq.quarter))
    refresh_attendance_published(session)


def refresh_hours_cells(session: Session, organisation_id: int | None = None,
                        quarters: Collection[int] | None = None) -> None:
    """Recompute the hours cells' summary from the volunteer summary, like
    refresh_meeting_cells (a volunteers register import may move or re-role someone)."""
    session.flush()
    hc, hq = HoursCell, HoursQuarter
    coordinator = Volunteer.role == "coordinator"
    _remake(session, hc,
            ["quarter", "municipality_code", "organisation_id", "coordinator", "hours",
             "people"],
            select(hq.quarter, Volunteer.municipality_code, Volunteer.organisation_id,
                   coordinator, func.sum(hq.hours), func.sum(case((hq.hours > 0, 1), else_=0)))
            .join_from(hq, Volunteer, Volunteer.id == hq.volunteer_id)
            .group_by(hq.quarter, Volunteer.municipality_code, Volunteer.organisation_id,
                      coordinator),
            organisation_id, quarters, (hc.organisation_id, hc.quarter),
            (Volunteer.organisation_id, hq.quarter))


def _refresh_reported(session: Session, kind: str, organisation_id: int | None,
                      quarters: Collection[int] | None) -> None:
    """The rows an organisation reported per quarter, summed from the group or volunteer
    summary just refreshed."""
    if kind == "meetings":
        model, summary, rows = Group, MeetingQuarter, MeetingQuarter.meetings
        link = Group.id == MeetingQuarter.group_id
    else:
        model, summary, rows = Volunteer, HoursQuarter, HoursQuarter.months
        link = Volunteer.id == HoursQuarter.volunteer_id
    owner, oq = model.organisation_id, OrganisationQuarter
    _remake(session, oq, ["organisation_id", "kind", "quarter", "n"],
            select(owner, literal(kind), summary.quarter, func.sum(rows))
            .join_from(summary, model, link).group_by(owner, summary.quarter),
            organisation_id, quarters, (oq.organisation_id, oq.quarter),
            (owner, summary.quarter), only=[oq.kind == kind])


def refresh_openings(session: Session, kind: str, organisation_id: int | None = None) -> None:
    """Recompute when an organisation's groups (kind "groups") or volunteers ("volunteers")
    open and close, after a register import (None: every organisation).

    Stored as changes: +1 in a group's start quarter, -1 in the quarter after its end. The
    open count of a quarter is their sum up to it, which stays right as time passes with
    no write (a group with no end is open in every later quarter)."""
    session.flush()
    model = Group if kind == "groups" else Volunteer
    first, last = ((Group.start_date, Group.end_date) if kind == "groups"
                   else (Volunteer.active_from, Volunteer.active_to))
    oq = OrganisationQuarter
    conds, raw = [oq.kind == kind], []
    if organisation_id is not None:
        conds.append(oq.organisation_id == organisation_id)
        raw.append(model.organisation_id == organisation_id)
    session.execute(delete(oq).where(*conds))
    changes: Counter[tuple[int, int]] = Counter()
    for oid, start, end in session.execute(select(model.organisation_id, first, last)
                                           .where(*raw)):
        if start is None:
            continue  # never open: as the status's own test, start <= the quarter's end
        opened, closed = quarter_of(start), None if end is None else quarter_of(end)
        if closed is not None and closed < opened:
            continue  # ends in a quarter before it starts: open in none
        changes[(oid, opened)] += 1
        if closed is not None:
            changes[(oid, next_quarter(closed))] -= 1
    rows = [{"organisation_id": oid, "kind": kind, "quarter": q, "n": n}
            for (oid, q), n in sorted(changes.items()) if n]
    if rows:
        session.execute(insert(oq), rows)


YEAR = dt.timedelta(days=365)


def stock_spans(active_from: dt.date, active_to: dt.date | None, trained_on: dt.date | None
                ) -> Iterator[tuple[str, int, int | None]]:
    """The quarters (first, last; last None while it has no end) in which one volunteer
    counts in each stock of VolunteerStock; a span whose last quarter is before its first
    counts in none. Each is the exact day rule of the metrics, written in quarters:

    - active in q: active_from <= q's end and active_to >= q's start;
    - trained in q: also trained_on <= q's end;
    - cohort of q: active_from <= q's first day <= active_to;
    - retained of q: also active_to >= q's first day + 365 days.
    """
    first = quarter_of(active_from)
    last = None if active_to is None else quarter_of(active_to)
    yield "active", first, last
    if trained_on is not None:
        yield "trained", max(first, quarter_of(trained_on)), last
    # The first quarter whose first day is on or after active_from.
    since = first if active_from == quarter_start(first) else next_quarter(first)
    yield "cohort", since, last
    yield "retained", since, None if active_to is None else quarter_of(active_to - YEAR)


def refresh_volunteer_stocks(session: Session, organisation_id: int | None = None) -> None:
    """Recompute the volunteer stocks and the facilitators' spans of one organisation (None:
    every one), after a volunteers register import: someone may have started, left, moved,
    changed group or been trained. One read of the volunteers serves both."""
    session.flush()
    raw = [Volunteer.role != "coordinator"]
    if organisation_id is not None:
        raw.append(Volunteer.organisation_id == organisation_id)
    for table in (VolunteerStock, FacilitatorSpan):
        session.execute(delete(table).where(*(
            [] if organisation_id is None else [table.organisation_id == organisation_id])))
    volunteers = session.execute(
        select(Volunteer.municipality_code, Volunteer.organisation_id, Volunteer.group_id,
               Volunteer.role, Volunteer.active_from, Volunteer.active_to,
               Volunteer.trained_on).where(*raw)).all()
    stocks = stock_levels((m, o, start, end, on) for m, o, _g, _r, start, end, on in volunteers)
    spans = facilitator_spans(v[1:] for v in volunteers)
    for table, rows in ((VolunteerStock, stocks), (FacilitatorSpan, spans)):
        if rows:
            session.execute(insert(table), rows)


def facilitator_spans(volunteers: Iterable[tuple[int, int | None, str, dt.date,
                                                 dt.date | None, dt.date | None]]
                      ) -> list[dict]:
    """FacilitatorSpan's rows for these volunteers (organisation, group, role, active_from,
    active_to, trained_on): trained facilitators with a group, counted by the later of the
    quarters they began and were trained in, and the quarter of their end.

    The day rule is trained_on <= the period's end, active_from <= its end and active_to >=
    its start; for whole quarters that is first_quarter <= the last quarter and
    last_quarter >= the first. A facilitator trained after leaving has a first quarter
    after the last and still counts in a period that holds both, as by the day rule."""
    counts: Counter[tuple[int, int, int, int]] = Counter()
    for oid, gid, role, start, end, trained in volunteers:
        if role != "facilitator" or gid is None or trained is None:
            continue
        first = max(quarter_of(start), quarter_of(trained))
        counts[(oid, gid, first, OPEN_END if end is None else quarter_of(end))] += 1
    return [{"organisation_id": oid, "group_id": gid, "first_quarter": first,
             "last_quarter": last, "n": n}
            for (oid, gid, first, last), n in sorted(counts.items())]


# The `until` of a stock that holds from its quarter on, with no end (year 9999, Q4).
OPEN_END = 99994


def stock_levels(volunteers: Iterable[tuple[int, int, dt.date, dt.date | None,
                                            dt.date | None]]) -> list[dict]:
    """VolunteerStock's rows for these volunteers (municipality, organisation, active_from,
    active_to, trained_on): each stock's value `n` from `quarter` to `until`, one row per run
    of quarters with the same non-zero value, the last open (OPEN_END). So the stocks of any
    quarter q are one row per stock, the rows with quarter <= q <= until, however long the
    history: the changes of stock_changes, added up once here instead of on every read."""
    runs: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for change in stock_changes(volunteers):  # sorted by kind, quarter, municipality, org
        key = (change["kind"], change["municipality_code"], change["organisation_id"])
        runs.setdefault(key, []).append((change["quarter"], change["n"]))
    rows = []
    for (kind, mun, oid), changes in sorted(runs.items()):
        level = 0
        for i, (q, n) in enumerate(changes):
            level += n
            if level:
                until = previous_quarter(changes[i + 1][0]) if i + 1 < len(changes) else OPEN_END
                rows.append({"kind": kind, "quarter": q, "until": until,
                             "municipality_code": mun, "organisation_id": oid, "n": level})
    return rows


def stock_changes(volunteers: Iterable[tuple[int, int, dt.date, dt.date | None,
                                             dt.date | None]]) -> list[dict]:
    """How each stock of these volunteers (municipality, organisation, active_from,
    active_to, trained_on) changes: +1 in a span's first quarter, -1 in the quarter after its
    last (migration 0011 stored these; stock_levels adds them up)."""
    changes: Counter[tuple[str, int, int, int]] = Counter()
    for mun, oid, start, end, trained in volunteers:
        for kind, first, last in stock_spans(start, end, trained):
            if last is not None and last < first:
                continue
            changes[(kind, first, mun, oid)] += 1
            if last is not None:
                changes[(kind, next_quarter(last), mun, oid)] -= 1
    return [{"kind": kind, "quarter": q, "municipality_code": mun, "organisation_id": oid,
             "n": n} for (kind, q, mun, oid), n in sorted(changes.items()) if n]


_SECRET_INFO = "overblik_disclosure_secret"


def disclosure_secret(session: Session, afresh: bool = False) -> bytes:
    """The installation's rounding secret (made by the migrations; see queries.disclosure),
    remembered for the session; `afresh` reads it again, for a writer that may have set it."""
    cached = None if afresh else session.info.get(_SECRET_INFO)
    if cached is None:
        value = session.scalar(select(DisclosureKey.secret).where(DisclosureKey.id == 1))
        if not value:
            raise RuntimeError("the disclosure key is missing: run `overblik db upgrade`")
        cached = session.info[_SECRET_INFO] = bytes.fromhex(value)
    return cached


# The four groups of citizens an aftercare funnel counts, in the order of its stages.
FUNNEL_PARTS = ("not_offered", "not_come", "not_kept", "kept")


def published_funnels(secret: bytes, funnels: Iterable[Sequence[int]]) -> list[dict]:
    """The rows of AftercarePublished from funnels (municipality, quarter, completed,
    offered, attended_90d, engaged_6m) in order of municipality and quarter: each part of a
    municipality's funnel published from its rounded running total since its first quarter
    (a part below zero, a reporting error, counts as none)."""
    out: list[dict] = []
    for m, rows in groupby(funnels, key=lambda r: r[0]):
        quarters, parts = [], []
        for _m, q, c, o, a, e in rows:
            quarters.append(q)
            parts.append((c - o, o - a, a - e, e))
        steps = [published_steps(secret, (name, m), [max(0, v) for v in values])
                 for name, values in zip(FUNNEL_PARTS, zip(*parts, strict=True), strict=True)]
        out.extend({"municipality_code": m, "quarter": q,
                    **{name: s[i] for name, s in zip(FUNNEL_PARTS, steps, strict=True)}}
                   for i, q in enumerate(quarters))
    return out


# Whose series a whole municipality's are, in the rounding's key: every viewer whose own
# scope is whole municipalities sees the others alike (queries.metrics._others_id).
ALL_OTHERS = ("all",)


def published_attendance(secret: bytes, quarters: Iterable[Sequence[int]]) -> list[dict]:
    """The rows of AttendancePublished from whole municipalities' quarters (municipality,
    quarter, meetings, attendance, newcomers, groups that met) in order of municipality and
    quarter: the newcomers and the returning visits (clipped at zero per quarter) published
    from their rounded running totals since the municipality's first quarter."""
    out: list[dict] = []
    for m, group in groupby(quarters, key=lambda r: r[0]):
        rows = [[int(v) for v in r] for r in group]
        new = published_steps(secret, ("newcomers", m, ALL_OTHERS), [r[4] for r in rows])
        ret = published_steps(secret, ("returning", m, ALL_OTHERS),
                              [max(0, r[3] - r[4]) for r in rows])
        out.extend({"municipality_code": m, "quarter": r[1], "meetings": r[2],
                    "groups_met": r[5], "newcomers": n, "returning_visits": back}
                   for r, n, back in zip(rows, new, ret, strict=True))
    return out


def refresh_attendance_published(session: Session) -> None:
    """Recompute what others see of every municipality's meetings, from the meeting cells:
    a changed quarter moves the running totals of every later one, and a few thousand rows
    are quicker redone whole than worked out by municipality."""
    session.flush()
    mc = MeetingCell
    session.execute(delete(AttendancePublished))
    rows = published_attendance(disclosure_secret(session, afresh=True), session.execute(
        select(mc.municipality_code, mc.quarter, func.sum(mc.meetings), func.sum(mc.attendance),
               func.sum(mc.newcomers), func.sum(mc.groups_met))
        .group_by(mc.municipality_code, mc.quarter)
        .order_by(mc.municipality_code, mc.quarter)))
    if rows:
        session.execute(insert(AttendancePublished), rows)


def refresh_aftercare_published(session: Session,
                                municipalities: Collection[int] | None = None) -> None:
    """Recompute what others see of these municipalities' funnels (None: every one). A
    changed quarter moves the running totals of every later one, so a municipality's
    whole history is redone: a few dozen rows."""
    session.flush()
    ac, ap = Aftercare, AftercarePublished

    def these(code: ColumnElement[int]) -> list[ColumnElement[bool]]:
        return [] if municipalities is None else [code.in_(sorted(municipalities))]

    session.execute(delete(ap).where(*these(ap.municipality_code)))
    rows = published_funnels(disclosure_secret(session, afresh=True), session.execute(
        select(ac.municipality_code, ac.quarter, ac.completed, ac.offered, ac.attended_90d,
               ac.engaged_6m)
        .where(*these(ac.municipality_code))
        .order_by(ac.municipality_code, ac.quarter)))
    if rows:
        session.execute(insert(ap), rows)


def refresh_published(session: Session) -> None:
    """Recompute everything others see that is rounded with the secret: after the secret
    itself changed (never in production; the accuracy benchmark tries other secrets)."""
    refresh_attendance_published(session)
    refresh_aftercare_published(session)


def refresh_all(session: Session) -> None:
    refresh_meetings(session)
    refresh_hours(session)
    refresh_openings(session, "groups")
    refresh_openings(session, "volunteers")
    refresh_volunteer_stocks(session)
    refresh_aftercare_published(session)


# ---------------------------------------------------------------- periods


def previous_quarter(q: int) -> int:
    year, n = divmod(q, 10)
    return (year - 1) * 10 + 4 if n == 1 else q - 1


def split_period(first: dt.date, last: dt.date, month_keys: bool = False
                 ) -> tuple[tuple[int, int] | None, list[tuple[dt.date, dt.date]]]:
    """The whole quarters inside [first, last], and the date ranges left at its ends.

    With month keys (rows dated the 1st of their month), a quarter is whole once its last
    month's first day is inside the period.
    """
    def last_key(q: int) -> dt.date:
        end = quarter_end(q)
        return end.replace(day=1) if month_keys else end

    if last < first:
        return None, []
    lo = quarter_of(first)
    if quarter_start(lo) < first:
        lo = next_quarter(lo)
    hi = quarter_of(last)
    if last_key(hi) > last:
        hi = previous_quarter(hi)
    if lo > hi:
        return None, [(first, last)]
    edges = []
    if first < quarter_start(lo):
        edges.append((first, quarter_start(lo) - ONE_DAY))
    if last > quarter_end(hi):
        edges.append((quarter_end(hi) + ONE_DAY, last))
    return (lo, hi), edges


# ---------------------------------------------------------------- facts


def meeting_facts(f: Filters, *, whole_quarters: bool = False) -> Subquery:
    """Per group and quarter: meetings, attendance and newcomers held in the period
    (columns group_id, quarter, meetings, attendance, newcomers).

    Exact dates by default; with whole_quarters, every quarter the period touches, in
    full (the fixed cells shown outside a viewer's scope).
    """
    if whole_quarters:
        full, edges = (f.quarter_from, f.quarter_to), []
    else:
        full, edges = split_period(f.date_from, f.date_to)
    parts = []
    if full is not None:
        parts.append(select(MeetingQuarter.group_id, MeetingQuarter.quarter,
                            MeetingQuarter.meetings, MeetingQuarter.attendance,
                            MeetingQuarter.newcomers)
                     .where(MeetingQuarter.quarter.between(*full)))
    for a, b in edges:
        parts.append(select(Meeting.group_id, Meeting.quarter,
                            func.count(Meeting.id).label("meetings"),
                            func.coalesce(func.sum(Meeting.attendance), 0).label("attendance"),
                            func.coalesce(func.sum(Meeting.newcomers), 0).label("newcomers"))
                     .where(Meeting.date.between(a, b))
                     .group_by(Meeting.group_id, Meeting.quarter))
    if not parts:  # an empty period: no rows, with the right columns
        parts.append(select(MeetingQuarter.group_id, MeetingQuarter.quarter,
                            MeetingQuarter.meetings, MeetingQuarter.attendance,
                            MeetingQuarter.newcomers).where(MeetingQuarter.quarter < 0))
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    return stmt.subquery("meeting_facts")


def hours_facts(f: Filters, *, whole_quarters: bool = False) -> Subquery:
    """Per volunteer and quarter: hours in the months of the period (columns volunteer_id,
    quarter, hours); a month counts when it starts in the period or the period starts in it.
    With whole_quarters, every quarter the period touches, in full."""
    if whole_quarters:
        full, edges = (f.quarter_from, f.quarter_to), []
    else:
        full, edges = split_period(f.date_from.replace(day=1), f.date_to, month_keys=True)
    parts = []
    if full is not None:
        parts.append(select(HoursQuarter.volunteer_id, HoursQuarter.quarter, HoursQuarter.hours)
                     .where(HoursQuarter.quarter.between(*full)))
    for a, b in edges:
        parts.append(select(VolunteerHours.volunteer_id, VolunteerHours.quarter,
                            func.coalesce(func.sum(VolunteerHours.hours), 0).label("hours"))
                     .where(VolunteerHours.month.between(a, b))
                     .group_by(VolunteerHours.volunteer_id, VolunteerHours.quarter))
    if not parts:
        parts.append(select(HoursQuarter.volunteer_id, HoursQuarter.quarter, HoursQuarter.hours)
                     .where(HoursQuarter.quarter < 0))
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    return stmt.subquery("hours_facts")
