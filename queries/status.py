"""Data status: for each partner and quarter, what has been reported, when, and who is overdue.

A partner is due to report a quarter `DUE_DAYS` after it ends. An organisation is
expected to report meetings (and volunteer hours) for a quarter in which it has a
group open; a municipality is expected to report its aftercare funnel for every
quarter once it has reported one. What is counted here are rows delivered, not
people, so the status is the same for every viewer who may see the partner.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from queries.filters import Filters, quarter_end, quarter_start
from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Municipality,
    Organisation,
    Submission,
    Volunteer,
    VolunteerHours,
    quarter_of,
)
from queries.scope import Scope

DUE_DAYS = 30
STATUSES = ("reported", "overdue", "due", "not_expected")


def _status(rows: int, expected: bool, q: int, today: dt.date) -> tuple[str, dt.date]:
    due = quarter_end(q) + dt.timedelta(days=DUE_DAYS)
    if rows:
        return "reported", due
    if not expected:
        return "not_expected", due
    return ("overdue" if today > due else "due"), due


def _organisations(session: Session, scope: Scope, f: Filters) -> list[tuple[int, str, str]]:
    """The organisations this viewer follows: all, its own, or those in its municipalities."""
    stmt = select(Organisation.id, Organisation.slug, Organisation.name).order_by(
        Organisation.name)
    if f.organisation is not None:
        stmt = stmt.where(Organisation.slug == f.organisation)
    if scope.role == "ngo":
        stmt = stmt.where(Organisation.id == scope.organisation_id)
    elif not scope.unrestricted:
        codes = sorted(scope.municipalities)
        stmt = stmt.where(Organisation.id.in_(
            select(Group.organisation_id).where(Group.municipality_code.in_(codes))))
    if f.municipality is not None or f.region is not None:
        muns = select(Municipality.code)
        if f.municipality is not None:
            muns = muns.where(Municipality.code == f.municipality)
        if f.region is not None:
            muns = muns.where(Municipality.region_code == f.region)
        stmt = stmt.where(Organisation.id.in_(
            select(Group.organisation_id).where(Group.municipality_code.in_(muns))))
    return list(session.execute(stmt))


def _municipalities(session: Session, scope: Scope, f: Filters) -> list[tuple[int, str]]:
    """Municipalities that report aftercare (have reported at least once), within scope."""
    stmt = (select(Municipality.code, Municipality.name)
            .where(Municipality.code.in_(select(Aftercare.municipality_code)))
            .order_by(Municipality.name))
    if not scope.unrestricted:
        stmt = stmt.where(Municipality.code.in_(sorted(scope.aftercare_codes() or ())))
    if f.municipality is not None:
        stmt = stmt.where(Municipality.code == f.municipality)
    if f.region is not None:
        stmt = stmt.where(Municipality.region_code == f.region)
    if f.organisation is not None:
        return []  # aftercare is the municipality's, not an organisation's
    return list(session.execute(stmt))


def _last_submission(session: Session, kind: str, q: int, organisation_id: int | None = None,
                     municipality_code: int | None = None) -> dt.datetime | None:
    start, end = quarter_start(q), quarter_end(q)
    stmt = select(func.max(Submission.submitted_at)).where(
        Submission.kind == kind,
        Submission.superseded_by.is_(None),
        or_(Submission.period_from.is_(None), Submission.period_from <= end),
        or_(Submission.period_to.is_(None), Submission.period_to >= start),
    )
    if organisation_id is not None:
        stmt = stmt.where(Submission.organisation_id == organisation_id)
    if municipality_code is not None:
        stmt = stmt.where(Submission.municipality_code == municipality_code)
    return session.scalar(stmt)


def reporting_status(session: Session, scope: Scope, f: Filters,
                     today: dt.date | None = None) -> list[dict]:
    """One row per partner, kind of data and quarter of the period, newest quarter first."""
    today = today or dt.date.today()
    quarters = f.quarters()[::-1]
    rows: list[dict] = []
    for oid, slug, name in _organisations(session, scope, f):
        meetings = dict(session.execute(
            select(Meeting.quarter, func.count(Meeting.id))
            .join(Group, Group.id == Meeting.group_id)
            .where(Group.organisation_id == oid, Meeting.quarter.in_(quarters))
            .group_by(Meeting.quarter)).all())
        hours = dict(session.execute(
            select(VolunteerHours.quarter, func.count(VolunteerHours.id))
            .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
            .where(Volunteer.organisation_id == oid, VolunteerHours.quarter.in_(quarters))
            .group_by(VolunteerHours.quarter)).all())
        for q in quarters:
            open_groups = session.scalar(
                select(func.count(Group.id)).where(
                    Group.organisation_id == oid, Group.start_date <= quarter_end(q),
                    or_(Group.end_date.is_(None), Group.end_date >= quarter_start(q))))
            has_volunteers = session.scalar(
                select(func.count(Volunteer.id)).where(
                    Volunteer.organisation_id == oid,
                    and_(Volunteer.active_from <= quarter_end(q),
                         or_(Volunteer.active_to.is_(None),
                             Volunteer.active_to >= quarter_start(q)))))
            for kind, counts, expected in (("meetings", meetings, bool(open_groups)),
                                           ("hours", hours, bool(has_volunteers))):
                n = int(counts.get(q, 0))
                status, due = _status(n, expected, q, today)
                rows.append({
                    "partner_type": "organisation", "partner": slug, "partner_name": name,
                    "kind": kind, "quarter": q, "rows": n, "due": due, "status": status,
                    "submitted_at": _last_submission(session, kind, q, organisation_id=oid),
                })
    for code, name in _municipalities(session, scope, f):
        reported = set(session.scalars(
            select(Aftercare.quarter).where(Aftercare.municipality_code == code,
                                            Aftercare.quarter.in_(quarters))))
        for q in quarters:
            n = 1 if q in reported else 0
            status, due = _status(n, True, q, today)
            rows.append({
                "partner_type": "municipality", "partner": str(code), "partner_name": name,
                "kind": "aftercare", "quarter": q, "rows": n, "due": due, "status": status,
                "submitted_at": _last_submission(session, "aftercare", q,
                                                 municipality_code=code),
            })
    return rows


def overdue_count(rows: list[dict]) -> int:
    return sum(1 for r in rows if r["status"] == "overdue")


def submission_history(session: Session, scope: Scope, limit: int = 50) -> list[dict]:
    """The newest submissions the viewer may follow, with what replaced what (provenance)."""
    stmt = (select(Submission, Organisation.name, Municipality.name)
            .outerjoin(Organisation, Organisation.id == Submission.organisation_id)
            .outerjoin(Municipality, Municipality.code == Submission.municipality_code)
            .order_by(Submission.submitted_at.desc(), Submission.id.desc()).limit(limit))
    if scope.role == "ngo":
        stmt = stmt.where(Submission.organisation_id == scope.organisation_id)
    elif not scope.unrestricted:
        stmt = stmt.where(Submission.municipality_code.in_(sorted(scope.municipalities)))
    rows = []
    for sub, org, mun in session.execute(stmt):
        period = quarter_of(sub.period_from) if sub.period_from else None
        rows.append({"submitted_at": sub.submitted_at, "partner_name": org or mun or "",
                     "kind": sub.kind, "quarter": period, "filename": sub.filename,
                     "submitted_by": sub.submitted_by, "row_count": sub.row_count,
                     "superseded": sub.superseded_by is not None})
    return rows
