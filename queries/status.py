"""Data status: for each partner and quarter, what has been reported, when, and who is overdue.

A partner is due to report a quarter `DUE_DAYS` after it ends. An organisation is
expected to report meetings (and volunteer hours) for a quarter in which it has a
group open; a municipality is expected to report its aftercare funnel for every
quarter once it has reported one. What is counted here are rows delivered, not
people, so the status is the same for every viewer who may see the partner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from queries.collation import danish_key
from queries.db import rows_of
from queries.filters import Filters, quarter_end, quarter_start
from queries.memo import per_session
from queries.models import (
    Aftercare,
    Group,
    Municipality,
    Organisation,
    OrganisationQuarter,
    Partnership,
    Submission,
    quarter_of,
)
from queries.scope import Scope

DUE_DAYS = 30
# In the order the data status page lists them: what needs attention first.
STATUSES = ("overdue", "late", "received", "approved", "due", "not_expected")


def due_date(q: int) -> dt.date:
    """The last day to report quarter q (YYYYQ) on time."""
    return quarter_end(q) + dt.timedelta(days=DUE_DAYS)


def _status(rows: int, expected: bool, q: int, today: dt.date,
            review: dict | None = None, due: dt.date | None = None) -> tuple[str, dt.date]:
    """received, or late (first received after the deadline), or approved; else overdue or due.

    Unapproved data counts in the figures (as preliminary figures do in the national
    registers): the state here says how final a quarter is, it does not hide anything.
    `due` is quarter q's due date, when the caller has it already."""
    due = due or due_date(q)
    if rows:
        if review and review.get("approved_at"):
            return "approved", due
        if review and review["first_at"] and review["first_at"].date() > due:
            return "late", due
        return "received", due
    if not expected:
        return "not_expected", due
    return ("overdue" if today > due else "due"), due


def by_urgency(rows: list[dict]) -> list[dict]:
    """Overdue first, then received late, received, approved; newest quarter first within,
    then partners in Danish alphabetical order."""
    return sorted(rows, key=lambda r: (STATUSES.index(r["status"]), -r["quarter"],
                                       danish_key(r["partner_name"]), r["kind"]))


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
        stmt = stmt.where(or_(
            Organisation.id.in_(
                select(Group.organisation_id).where(Group.municipality_code.in_(codes))),
            Organisation.id.in_(
                select(Partnership.organisation_id)
                .where(Partnership.municipality_code.in_(codes)))))
    if f.municipality is not None or f.region is not None:
        muns = select(Municipality.code)
        if f.municipality is not None:
            muns = muns.where(Municipality.code == f.municipality)
        if f.region is not None:
            muns = muns.where(Municipality.region_code == f.region)
        stmt = stmt.where(Organisation.id.in_(
            select(Group.organisation_id).where(Group.municipality_code.in_(muns))))
    return list(session.execute(stmt))


def _municipalities(session: Session, scope: Scope, f: Filters
                    ) -> list[tuple[int, str, bool]]:
    """Municipalities that report aftercare (have reported at least once, or are in a
    partnership with an organisation), within scope: (code, name, has reported)."""
    reported = _has_reported()
    stmt = (select(Municipality.code, Municipality.name, reported)
            .where(or_(reported, Municipality.code.in_(
                select(Partnership.municipality_code))))
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


def _has_reported() -> ColumnElement[bool]:
    """Whether a municipality has reported aftercare at least once: a probe of the
    (municipality, quarter) index per municipality, where an IN or a GROUP BY read every
    row of the funnel (a fifth of the charts' completeness)."""
    return exists().where(Aftercare.municipality_code == Municipality.code)


def _latest_submissions(session: Session, quarters: list[int]) -> dict[tuple, dict]:
    """Per (partner, kind, quarter): the current submission (its id, time and review) and when
    the first one came, which says whether the quarter came in late."""
    starts = [quarter_start(q) for q in quarters]
    first = dict(((org or mun, kind, quarter_of(start)), at) for org, mun, kind, start, at in
                 session.execute(
                     select(Submission.organisation_id, Submission.municipality_code,
                            Submission.kind, Submission.period_from,
                            func.min(Submission.submitted_at))
                     .where(Submission.period_from.in_(starts))
                     .group_by(Submission.organisation_id, Submission.municipality_code,
                               Submission.kind, Submission.period_from)))
    out: dict[tuple, dict] = {}
    # Columns, not Submission objects: the ORM's per-object cost was most of a page's time.
    for (sid, org, mun, kind, start, at, checked_by, checked_at, approved_by,
         approved_at) in session.execute(
            select(Submission.id, Submission.organisation_id, Submission.municipality_code,
                   Submission.kind, Submission.period_from, Submission.submitted_at,
                   Submission.checked_by, Submission.checked_at, Submission.approved_by,
                   Submission.approved_at)
            .where(Submission.superseded_by.is_(None), Submission.period_from.in_(starts))
            .order_by(Submission.submitted_at)):
        key = (org or mun, kind, quarter_of(start))
        out[key] = {"submission_id": sid, "submitted_at": at,
                    "first_at": first.get(key), "checked_by": checked_by,
                    "checked_at": checked_at, "approved_by": approved_by,
                    "approved_at": approved_at}
    return out


NO_REVIEW = {"submission_id": None, "submitted_at": None, "checked_by": None,
             "checked_at": None, "approved_by": None, "approved_at": None}


def _review_columns(review: dict | None) -> dict:
    if review is None:
        return NO_REVIEW  # copied into each row by the caller's **
    return {k: review.get(k) for k in NO_REVIEW}


def _partnered(session: Session, quarters: list[int]) -> tuple[set, set]:
    """(organisation, quarter) and (municipality, quarter) pairs in a partnership: they are
    expected to report from the partnership's first quarter, before any group is open."""
    orgs, muns = set(), set()
    spans = session.execute(select(Partnership.organisation_id, Partnership.municipality_code,
                                   Partnership.start_date, Partnership.end_date)).all()
    for q in quarters:
        first, last = quarter_start(q), quarter_end(q)
        for oid, code, start, end in spans:
            if start is not None and start <= last and (end is None or end >= first):
                orgs.add((oid, q))
                muns.add((code, q))
    return orgs, muns


def _organisation_quarters(session: Session, ids: list[int], quarters: list[int]
                           ) -> dict[str, dict[tuple[int, int], int]]:
    """Per kind ("meetings" and "hours" reported, "groups" and "volunteers" open) and
    (organisation, quarter): read from the organisation summary (queries.summary), a few
    rows per organisation where summing every group's quarters cost most of a change."""
    out: dict[str, dict[tuple[int, int], int]] = {
        k: {} for k in ("meetings", "hours", "groups", "volunteers")}
    if not ids or not quarters:
        return out
    oq = OrganisationQuarter
    changes: dict[tuple[str, int], list[tuple[int, int]]] = {}
    # The changes before the period come added up, as one step at "quarter 0": the years
    # of history before it were most of the rows read.
    step = case((oq.quarter < min(quarters), 0), else_=oq.quarter).label("step")
    for oid, kind, q, n in rows_of(
            session, select(oq.organisation_id, oq.kind, step, func.sum(oq.n))
            .where(oq.organisation_id.in_(ids),
                   or_(oq.quarter.in_(quarters),
                       and_(oq.kind.in_(("groups", "volunteers")),
                            oq.quarter <= max(quarters))))
            .group_by(oq.organisation_id, oq.kind, "step")
            .order_by("step")):
        if kind in ("meetings", "hours"):
            out[kind][(oid, q)] = n
        else:
            changes.setdefault((kind, oid), []).append((q, n))
    for (kind, oid), steps in changes.items():
        # Open in q: the changes up to and including q, added up (steps come oldest first).
        n, i = 0, 0
        for q in sorted(quarters):
            while i < len(steps) and steps[i][0] <= q:
                n += steps[i][1]
                i += 1
            if n:
                out[kind][(oid, q)] = n
    return out


def reporting_status(session: Session, scope: Scope, f: Filters,
                     today: dt.date | None = None, reviews: bool = True) -> list[dict]:
    """One row per partner, kind of data and quarter of the period, newest quarter first.

    Without `reviews`, received data reads "received" whatever its review or lateness (what
    is missing is the same): the charts' completeness needs no more, and the reviews were
    half of its cost."""
    today = today or dt.date.today()
    quarters = f.quarters()[::-1]
    organisations = _organisations(session, scope, f)
    ids = [oid for oid, _slug, _name in organisations]
    latest = _latest_submissions(session, quarters) if reviews else {}
    partnered_orgs, partnered_muns = _partnered(session, quarters)
    summary = _organisation_quarters(session, ids, quarters)
    meetings, hours = summary["meetings"], summary["hours"]
    open_groups, active = summary["groups"], summary["volunteers"]
    dues = {q: due_date(q) for q in quarters}
    rows: list[dict] = []
    for oid, slug, name in organisations:
        for q in quarters:
            for kind, counts, expected in (("meetings", meetings, open_groups),
                                           ("hours", hours, active)):
                n = counts.get((oid, q), 0)
                review = latest.get((oid, kind, q))
                wanted = bool(expected.get((oid, q))) or (
                    kind == "meetings" and (oid, q) in partnered_orgs)
                status, due = _status(n, wanted, q, today, review, dues[q])
                rows.append({
                    "partner_type": "organisation", "partner": slug, "partner_name": name,
                    "kind": kind, "quarter": q, "rows": n, "due": due, "status": status,
                    **_review_columns(review),
                })
    municipalities = _municipalities(session, scope, f)
    reporting = {code for code, _name, has_reported in municipalities if has_reported}
    reported = {(code, q) for code, q in session.execute(  # plain tuples hash fast
        select(Aftercare.municipality_code, Aftercare.quarter)
        .where(Aftercare.municipality_code.in_([c for c, _, _ in municipalities]),
               Aftercare.quarter.in_(quarters)))}
    for code, name, _has in municipalities:
        for q in quarters:
            n = 1 if (code, q) in reported else 0
            review = latest.get((code, "aftercare", q))
            # Expected once it has reported, or while it is in a partnership.
            wanted = (code, q) in partnered_muns or code in reporting
            status, due = _status(n, wanted, q, today, review, dues[q])
            rows.append({
                "partner_type": "municipality", "partner": str(code), "partner_name": name,
                "kind": "aftercare", "quarter": q, "rows": n, "due": due, "status": status,
                **_review_columns(review),
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
                     "superseded": sub.superseded_by is not None, "id": sub.id,
                     "approved_by": sub.approved_by, "approved_at": sub.approved_at})
    return rows


MISSING = ("overdue", "due")


def quarter_completeness(session: Session, scope: Scope, f: Filters,
                         today: dt.date | None = None) -> list[dict]:
    """Per quarter of the period, oldest first: how many partners were expected to report
    and how many have not (yet), so a chart can say a quarter is incomplete instead of
    showing a drop.

    Counted over every partner whose data the selection's figures add up, whoever views:
    a restricted viewer's totals hold the others' data too. These are counts of partners
    and deliveries, not of people, and name no one (the data status page names only the
    viewer's own partners). A partner is missing when any kind it is expected to report
    (meetings, hours, aftercare) has not come."""
    del scope  # see docstring: the same counts for every viewer
    if today is None:
        return _completeness_today(session, Scope.national(), f)
    return _completeness(session, f, today)


@per_session  # a page asks twice: for its charts and for its year-on-year period
def _completeness_today(session: Session, _scope: Scope, f: Filters) -> list[dict]:
    return _completeness(session, f, None)


def _completeness(session: Session, f: Filters, today: dt.date | None) -> list[dict]:
    rows = reporting_status(session, Scope.national(), f, today, reviews=False)
    expected: dict[int, set] = {q: set() for q in f.quarters()}
    missing: dict[int, set] = {q: set() for q in f.quarters()}
    for r in rows:
        if r["status"] == "not_expected":
            continue
        partner = (r["partner_type"], r["partner"])
        expected[r["quarter"]].add(partner)
        if r["status"] in MISSING:
            missing[r["quarter"]].add(partner)
    return [{"quarter": q, "partners": len(expected[q]), "missing": len(missing[q]),
             "complete": not missing[q]} for q in f.quarters()]


def complete_period(f: Filters, completeness: list[dict]) -> Filters:
    """The period without its incomplete newest quarters (for comparisons that a missing
    report would tilt); the whole period when every quarter is incomplete."""
    ends = [row["quarter"] for row in completeness if row["complete"]]
    if not completeness or completeness[-1]["complete"] or not ends:
        return f
    last = max(ends)
    return replace(f, date_to=min(f.date_to, quarter_end(last)))
