"""The receiving side's review of a submission: received (the import checked every row),
checked (someone has looked it through), approved.

Who reviews, as the national registers do it: a municipal manager for the organisations in
partnership with their municipality in the submission's period, a national manager for
everything, including the municipalities' own aftercare figures. Administrators run the
installation and do not approve data. Unapproved data counts in the figures; the data status
page says how final each quarter is. Example::

    check_submission(session, scope, 17, actor="aarhus")
    approve_submission(session, scope, 17, actor="aarhus")
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from queries import audit
from queries.models import Municipality, Organisation, Partnership, Submission, quarter_of
from queries.scope import Scope

REVIEWED_KINDS = ("groups", "meetings", "volunteers", "hours", "aftercare")


class ReviewError(ValueError):
    """A submission cannot be reviewed as asked; the code says why (texts: review.<code>)."""


def _receiving_municipalities(session: Session, sub: Submission) -> set[int]:
    """The municipalities in partnership with the submitting organisation in its period."""
    if sub.organisation_id is None:
        return set()
    first = sub.period_from or sub.submitted_at.date()
    last = sub.period_to or sub.submitted_at.date()
    return set(session.scalars(select(Partnership.municipality_code).where(
        Partnership.organisation_id == sub.organisation_id, Partnership.start_date <= last,
        or_(Partnership.end_date.is_(None), Partnership.end_date >= first))))


def may_review(session: Session, scope: Scope, sub: Submission) -> bool:
    """True when the viewer is on the receiving side of this submission."""
    if sub.kind not in REVIEWED_KINDS or sub.superseded_by is not None:
        return False
    if scope.role == "national":
        return True
    if scope.role == "municipal" and sub.kind != "aftercare":
        return bool(_receiving_municipalities(session, sub) & scope.municipalities)
    return False


def _get(session: Session, scope: Scope, submission_id: int) -> Submission:
    sub = session.get(Submission, submission_id)
    if sub is None:
        raise ReviewError("unknown")
    if not may_review(session, scope, sub):
        raise ReviewError("not_yours")
    return sub


def check_submission(session: Session, scope: Scope, submission_id: int, *, actor: str,
                     now: dt.datetime | None = None) -> Submission:
    """Record that the receiving side has looked the submission through."""
    sub = _get(session, scope, submission_id)
    if sub.checked_at is None:
        sub.checked_by = actor[:80]
        sub.checked_at = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        audit.record(session, actor, "submission_check", id=sub.id, kind=sub.kind)
    return sub


def approve_submission(session: Session, scope: Scope, submission_id: int, *, actor: str,
                       now: dt.datetime | None = None) -> Submission:
    """Approve a checked submission; a corrected file later needs approving again."""
    sub = _get(session, scope, submission_id)
    if sub.checked_at is None:
        raise ReviewError("not_checked")
    if sub.approved_at is None:
        sub.approved_by = actor[:80]
        sub.approved_at = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        audit.record(session, actor, "submission_approve", id=sub.id, kind=sub.kind)
    return sub


def awaiting_review(session: Session, scope: Scope, limit: int = 100) -> list[dict]:
    """Current submissions not yet approved that this viewer may review, oldest first."""
    if scope.role not in ("national", "municipal"):
        return []
    stmt = (select(Submission, Organisation.name, Municipality.name)
            .outerjoin(Organisation, Organisation.id == Submission.organisation_id)
            .outerjoin(Municipality, Municipality.code == Submission.municipality_code)
            .where(Submission.superseded_by.is_(None), Submission.approved_at.is_(None),
                   Submission.kind.in_(REVIEWED_KINDS))
            .order_by(Submission.submitted_at, Submission.id))
    rows = []
    for sub, org, mun in session.execute(stmt):
        if not may_review(session, scope, sub):
            continue
        rows.append({"id": sub.id, "partner_name": org or mun or "", "kind": sub.kind,
                     "quarter": quarter_of(sub.period_from) if sub.period_from else None,
                     "submitted_at": sub.submitted_at, "checked_by": sub.checked_by,
                     "checked_at": sub.checked_at})
        if len(rows) >= limit:
            break
    return rows
