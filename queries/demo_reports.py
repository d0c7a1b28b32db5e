"""The demo's reporting history: one submission per partner, kind and quarter, and a few
partners late with the newest quarter, so the data status page has a story to tell.

Kept apart from the generator in queries.demo: it only reads what was generated and adds
provenance, so the figures of every complete, reported quarter stay as generated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from queries.filters import quarter_end, quarter_start
from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Organisation,
    Submission,
    Volunteer,
    VolunteerHours,
    quarter_of,
)

# Late with the newest quarter: an NGO (meetings and hours) and one municipality (aftercare).
LATE_ORGANISATION = "netvaerkscafeen"
LATE_MUNICIPALITY = 751  # Aarhus


def _submission(rng: random.Random, kind: str, q: int, rows: int, who: str, filename: str,
                **partner: int) -> Submission:
    sent = dt.datetime.combine(quarter_end(q), dt.time(9)) + dt.timedelta(
        days=rng.randint(3, 34), minutes=rng.randint(0, 480))
    digest = hashlib.sha256(f"{kind}:{q}:{partner}:{rows}".encode()).hexdigest()
    return Submission(kind=kind, submitted_by=who, submitted_at=sent, filename=filename,
                      sha256=digest, row_count=rows, period_from=quarter_start(q),
                      period_to=quarter_end(q), **partner)


def add_reporting_history(session: Session, seed: int, until: dt.date) -> int:
    """Record who delivered what and when; leave the late partners' newest quarter out."""
    rng = random.Random(seed * 31 + 7)
    last = quarter_of(until)
    late_org = session.scalar(select(Organisation.id).where(
        Organisation.slug == LATE_ORGANISATION))
    if late_org is not None:
        late_groups = select(Group.id).where(Group.organisation_id == late_org)
        session.execute(delete(Meeting).where(Meeting.group_id.in_(late_groups),
                                              Meeting.quarter == last))
        late_vols = select(Volunteer.id).where(Volunteer.organisation_id == late_org)
        session.execute(delete(VolunteerHours).where(VolunteerHours.volunteer_id.in_(late_vols),
                                                     VolunteerHours.quarter == last))
    session.execute(delete(Aftercare).where(Aftercare.municipality_code == LATE_MUNICIPALITY,
                                            Aftercare.quarter == last))
    links: list[tuple[Submission, object]] = []  # a submission and the UPDATE that links rows
    funnel_links: list[tuple[Submission, int]] = []  # a submission and its aftercare row
    for oid, slug in session.execute(select(Organisation.id, Organisation.slug)
                                     .order_by(Organisation.id)).all():
        groups = select(Group.id).where(Group.organisation_id == oid)
        for q, n in session.execute(select(Meeting.quarter, func.count(Meeting.id))
                                    .where(Meeting.group_id.in_(groups))
                                    .group_by(Meeting.quarter).order_by(Meeting.quarter)).all():
            sub = _submission(rng, "meetings", q, n, f"{slug}-koordinator",
                              f"moeder-{slug}-{q // 10}K{q % 10}.csv", organisation_id=oid)
            links.append((sub, update(Meeting).where(Meeting.group_id.in_(groups),
                                                     Meeting.quarter == q)))
        vols = select(Volunteer.id).where(Volunteer.organisation_id == oid)
        for q, n in session.execute(select(VolunteerHours.quarter, func.count(VolunteerHours.id))
                                    .where(VolunteerHours.volunteer_id.in_(vols))
                                    .group_by(VolunteerHours.quarter)
                                    .order_by(VolunteerHours.quarter)).all():
            sub = _submission(rng, "hours", q, n, f"{slug}-koordinator",
                              f"timer-{slug}-{q // 10}K{q % 10}.csv", organisation_id=oid)
            links.append((sub, update(VolunteerHours).where(
                VolunteerHours.volunteer_id.in_(vols), VolunteerHours.quarter == q)))
    funnels = session.execute(select(Aftercare.id, Aftercare.municipality_code, Aftercare.quarter)
                              .order_by(Aftercare.municipality_code, Aftercare.quarter)).all()
    for aid, code, q in funnels:
        sub = _submission(rng, "aftercare", q, 1, f"kommune-{code}",
                          f"efterbehandling-{code}-{q // 10}K{q % 10}.csv",
                          municipality_code=code)
        funnel_links.append((sub, aid))
    session.add_all([sub for sub, _ in links] + [sub for sub, _ in funnel_links])
    session.flush()  # batched INSERTs; the ids are known from here
    for sub, stmt in links:
        session.execute(stmt.values(submission_id=sub.id))  # type: ignore[attr-defined]
    session.execute(update(Aftercare), [{"id": aid, "submission_id": sub.id}
                                        for sub, aid in funnel_links])
    return len(links) + len(funnel_links)
