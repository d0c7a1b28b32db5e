"""The partners: organisations (NGOs) and their partnerships with municipalities.

Every change is written to the audit log with who made it, in the caller's transaction, so
the command line and the admin page leave the same trail. Example::

    org = add_organisation(session, "frise", "Frise", actor="admin")
    add_partnership(session, "frise", 751, dt.date(2025, 1, 1), actor="admin")
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from queries import audit
from queries.collation import danish_key, sorted_danish
from queries.models import Municipality, Organisation, Partnership

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PartnerError(ValueError):
    """A partner cannot be created or changed as asked; the message says what and why."""


def _email(address: str | None) -> str | None:
    if address is None or not address.strip():
        return None
    address = address.strip()
    if len(address) > 254 or not EMAIL.fullmatch(address):
        raise PartnerError(f"'{address}' is not an e-mail address")
    return address


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise PartnerError("a name of 1 to 120 characters is needed")
    return name


def organisation(session: Session, slug: str) -> Organisation:
    """The organisation with this slug; raises PartnerError naming the slug when none."""
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise PartnerError(f"organisation '{slug}' does not exist (see `overblik "
                           "organisations list`)")
    return org


def municipality(session: Session, code: int) -> Municipality:
    mun = session.get(Municipality, code)
    if mun is None:
        raise PartnerError(f"{code} is not a municipality's DST code (101 København … "
                           "860 Hjørring)")
    return mun


def add_organisation(session: Session, slug: str, name: str, *, actor: str,
                     email: str | None = None) -> Organisation:
    """Create an organisation; the slug is its short name in addresses and imports."""
    if not SLUG.fullmatch(slug):
        raise PartnerError(f"'{slug}' is not a short name: lower-case letters, digits and "
                           "hyphens, up to 60, such as 'frise' or 'vaelg-friheden'")
    if session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        raise PartnerError(f"organisation '{slug}' exists already")
    org = Organisation(slug=slug, name=_name(name), contact_email=_email(email))
    session.add(org)
    session.flush()
    audit.record(session, actor, "organisation_add", slug=slug, name=org.name,
                 email=org.contact_email)
    return org


def rename_organisation(session: Session, slug: str, name: str, *, actor: str) -> Organisation:
    org = organisation(session, slug)
    old, org.name = org.name, _name(name)
    audit.record(session, actor, "organisation_rename", slug=slug, old=old, name=org.name)
    return org


def set_organisation_email(session: Session, slug: str, email: str | None, *,
                           actor: str) -> Organisation:
    """Where the organisation's reminders go (empty: no reminders)."""
    org = organisation(session, slug)
    org.contact_email = _email(email)
    audit.record(session, actor, "organisation_email", slug=slug, email=org.contact_email)
    return org


def set_municipality_email(session: Session, code: int, email: str | None, *,
                           actor: str) -> Municipality:
    """Where the municipality's reminders about its aftercare reports go."""
    mun = municipality(session, code)
    mun.contact_email = _email(email)
    audit.record(session, actor, "municipality_email", municipality=code,
                 email=mun.contact_email)
    return mun


def list_organisations(session: Session) -> list[dict]:
    """Every organisation with its contact and current partner municipalities, in Danish
    alphabetical order."""
    today = dt.date.today()
    current: dict[int, list[str]] = {}
    for oid, name in session.execute(
            select(Partnership.organisation_id, Municipality.name)
            .join(Municipality, Municipality.code == Partnership.municipality_code)
            .where(Partnership.start_date <= today,
                   or_(Partnership.end_date.is_(None), Partnership.end_date >= today))):
        current.setdefault(oid, []).append(name)
    for names in current.values():
        names.sort(key=danish_key)
    return [{"slug": o.slug, "name": o.name, "email": o.contact_email or "",
             "municipalities": ", ".join(current.get(o.id, []))}
            for o in sorted_danish(session.scalars(select(Organisation)), lambda o: o.name)]


def add_partnership(session: Session, slug: str, code: int, start: dt.date,
                    end: dt.date | None = None, *, actor: str,
                    grant_dkk: float | None = None) -> Partnership:
    """An organisation working with a municipality from `start` (to `end`, inclusive)."""
    org, mun = organisation(session, slug), municipality(session, code)
    if end is not None and end < start:
        raise PartnerError(f"the end {end} is before the start {start}")
    overlapping = session.scalar(
        select(Partnership.id).where(
            Partnership.organisation_id == org.id, Partnership.municipality_code == code,
            or_(Partnership.end_date.is_(None), Partnership.end_date >= start),
            *([Partnership.start_date <= end] if end is not None else [])))
    if overlapping is not None:
        raise PartnerError(f"{org.name} already works with {mun.name} in that period "
                           f"(partnership {overlapping})")
    p = Partnership(organisation_id=org.id, municipality_code=code, start_date=start,
                    end_date=end, grant_dkk=grant_dkk)
    session.add(p)
    session.flush()
    audit.record(session, actor, "partnership_add", id=p.id, organisation=slug,
                 municipality=code, start=start, end=end)
    return p


def end_partnership(session: Session, slug: str, code: int, end: dt.date, *,
                    actor: str) -> Partnership:
    """End the organisation's open partnership with the municipality on `end` (inclusive)."""
    org, mun = organisation(session, slug), municipality(session, code)
    p = session.scalar(select(Partnership).where(
        Partnership.organisation_id == org.id, Partnership.municipality_code == code,
        Partnership.end_date.is_(None)).order_by(Partnership.start_date.desc()))
    if p is None:
        raise PartnerError(f"{org.name} has no open partnership with {mun.name}")
    if end < p.start_date:
        raise PartnerError(f"the end {end} is before the start {p.start_date}")
    p.end_date = end
    audit.record(session, actor, "partnership_end", id=p.id, organisation=slug,
                 municipality=code, end=end)
    return p


def list_municipalities(session: Session) -> list[dict]:
    """Every municipality with its population figure and reminder address, by code."""
    return [
        {"code": m.code, "name": m.name, "population": m.population,
         "population_source": m.population_source, "contact_email": m.contact_email}
        for m in session.scalars(select(Municipality).order_by(Municipality.code))
    ]


def list_partnerships(session: Session, slug: str | None = None) -> list[dict]:
    """Partnerships by organisation and municipality name, the newest first within each."""
    stmt = (select(Partnership, Organisation.slug, Organisation.name, Municipality.name)
            .join(Organisation, Organisation.id == Partnership.organisation_id)
            .join(Municipality, Municipality.code == Partnership.municipality_code)
            .order_by(Organisation.name, Municipality.name, Partnership.start_date.desc()))
    if slug is not None:
        stmt = stmt.where(Organisation.slug == slug)
    return [{"id": p.id, "organisation": s, "organisation_name": oname,
             "municipality_code": p.municipality_code, "municipality_name": mname,
             "start_date": p.start_date, "end_date": p.end_date}
            for p, s, oname, mname in session.execute(stmt)]


def partner_municipalities(session: Session, organisation_id: int, first: dt.date,
                           last: dt.date) -> set[int]:
    """Municipalities the organisation works with at some point between first and last."""
    return set(session.scalars(select(Partnership.municipality_code).where(
        Partnership.organisation_id == organisation_id, Partnership.start_date <= last,
        or_(Partnership.end_date.is_(None), Partnership.end_date >= first))))


def municipality_choices(session: Session) -> list[tuple[int, str]]:
    """(code, name) of the 98 municipalities in Danish alphabetical order (Aabenraa after
    Ærø), for choosing one by its name."""
    return sorted_danish(((c, n) for c, n in session.execute(
        select(Municipality.code, Municipality.name))), lambda row: row[1])
