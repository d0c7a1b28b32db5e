"""Choices for the filter bar. Names of regions, municipalities and partners are public."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.collation import sorted_danish
from queries.models import Group, Municipality, Organisation, Partnership, Region
from queries.scope import Scope


def organisations_present(session: Session, code: int) -> set[str]:
    """The organisations with a group or a partnership in a municipality (public: groups and
    partnerships are listed for everyone): the organisation choices its page offers."""
    with_groups = select(Organisation.slug).join(
        Group, Group.organisation_id == Organisation.id).where(Group.municipality_code == code)
    partners = select(Organisation.slug).join(
        Partnership, Partnership.organisation_id == Organisation.id).where(
        Partnership.municipality_code == code)
    return set(session.scalars(with_groups.union(partners)))


def filter_options(session: Session, scope: Scope) -> dict[str, list[dict]]:
    """Regions, municipalities and organisations, the viewer's own first, then in Danish
    alphabetical order (Aabenraa, Aalborg and Aarhus after Ærø, as "aa" is "å").

    Choosing something outside one's scope is allowed: it shows protected
    aggregates, never detail.
    """
    regions = [
        {"label": name, "value": code}
        for code, name in session.execute(select(Region.code, Region.name).order_by(Region.code))
    ]
    muns = sorted_danish(
        ({"label": f"{name} ({code})", "value": code}
         for code, name in session.execute(select(Municipality.code, Municipality.name))),
        lambda o: o["label"])
    orgs = sorted_danish(
        ({"label": name, "value": slug, "own": oid == scope.organisation_id}
         for oid, slug, name in session.execute(
             select(Organisation.id, Organisation.slug, Organisation.name))),
        lambda o: o["label"])
    muns.sort(key=lambda o: o["value"] not in scope.municipalities)
    orgs.sort(key=lambda o: not o.pop("own"))
    return {"regions": regions, "municipalities": muns, "organisations": orgs}


def municipality_info(session: Session, code: int) -> dict | None:
    """Name, region and population of one municipality (public reference data), or None."""
    row = session.execute(
        select(Municipality.code, Municipality.name, Municipality.name_en, Region.name,
               Municipality.population, Municipality.population_source)
        .join(Region, Region.code == Municipality.region_code)
        .where(Municipality.code == code)
    ).one_or_none()
    if row is None:
        return None
    keys = ("code", "name", "name_en", "region", "population", "population_source")
    return dict(zip(keys, row, strict=True))


def organisation_info(session: Session, slug: str) -> dict | None:
    """Id and name of one organisation by its slug (public), or None."""
    row = session.execute(
        select(Organisation.id, Organisation.slug, Organisation.name)
        .where(Organisation.slug == slug)
    ).one_or_none()
    return None if row is None else {"id": row[0], "slug": row[1], "name": row[2]}
