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
from collections.abc import Collection

from sqlalchemy import Subquery, delete, func, insert, select, union_all
from sqlalchemy.orm import Session

from queries.filters import Filters, next_quarter, quarter_end, quarter_start
from queries.models import (
    Group,
    HoursQuarter,
    Meeting,
    MeetingQuarter,
    Volunteer,
    VolunteerHours,
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


def refresh_all(session: Session) -> None:
    refresh_meetings(session)
    refresh_hours(session)


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
