"""The demo generator: deterministic, and it tells the story the domain describes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from queries.db import make_engine, session_factory, transaction, upgrade
from queries.demo import NO_GROUP, PILOT, build_demo
from queries.models import Aftercare, Group, Meeting, Municipality, User, Volunteer

UNTIL = dt.date(2026, 9, 30)
TABLES = ("organisation", "selfhelp_group", "meeting", "volunteer", "volunteer_hours",
          "aftercare", "partnership")


def build(tmp_path, name: str, seed: int) -> str:  # noqa: ANN001
    url = f"sqlite:///{tmp_path}/{name}.db"
    upgrade(url)
    with transaction(session_factory(make_engine(url))) as s:
        build_demo(s, seed=seed, until=UNTIL)
    return url


def fingerprint(url: str) -> str:
    digest = hashlib.sha256()
    with make_engine(url).connect() as conn:
        for table in TABLES:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:  # noqa: ANN001
    return build(tmp_path_factory.mktemp("demo"), "a", 2013)


def test_same_seed_same_database(demo_url, tmp_path) -> None:
    again = build(tmp_path, "b", 2013)
    assert fingerprint(again) == fingerprint(demo_url)


def test_other_seed_other_database(demo_url, tmp_path) -> None:
    assert fingerprint(build(tmp_path, "c", 7)) != fingerprint(demo_url)


def test_story(demo_url) -> None:
    with Session(make_engine(demo_url)) as s:
        assert s.scalar(select(func.count()).select_from(Municipality)) == 98
        groups = s.scalar(select(func.count()).select_from(Group))
        assert 200 <= groups <= 600, "scale 1 is a few hundred groups"
        pilot_codes = {c for _name, codes in PILOT.values() for c in codes}
        early = set(s.scalars(select(Group.municipality_code).where(
            Group.method == "smart", Group.start_date < dt.date(2015, 1, 1))))
        assert early == pilot_codes, "SMART groups before 2015 are the pilot's"
        with_groups = set(s.scalars(select(Group.municipality_code)))
        assert with_groups.isdisjoint(NO_GROUP) and len(with_groups) < 98
        closed = s.scalar(select(func.count()).select_from(Group).where(
            Group.end_date.is_not(None)))
        assert closed > 0
        last = s.scalar(select(func.max(Meeting.date)))
        assert last <= UNTIL and (UNTIL - last).days < 14
        assert s.scalar(select(func.count()).select_from(Volunteer).where(
            Volunteer.trained_on.is_(None))) > 0, "some volunteers are not yet trained"
        rates = [a / c for a, c in s.execute(
            select(func.sum(Aftercare.attended_90d), func.sum(Aftercare.completed))
            .group_by(Aftercare.municipality_code)) if c]
        assert max(rates) - min(rates) > 0.2, "funnels differ between municipalities"
        users = {u.username: u for u in s.scalars(select(User))}
        assert set(users) == {"national", "admin", "esbjerg", "koebenhavn", "frise",
                              "frise-aarhus"}
        assert all(u.is_demo for u in users.values())
        assert [m.code for m in users["koebenhavn"].municipalities] == [101, 147]
        # Issue 12: Frise's coordinator in Aarhus keeps both axes of the scope.
        aarhus = users["frise-aarhus"]
        assert (aarhus.organisation.slug, [m.code for m in aarhus.municipalities]) == (
            "frise", [751])


def test_no_names_or_cpr_numbers_in_the_schema() -> None:
    from queries.models import Base

    columns = {c.name for t in Base.metadata.tables.values() for c in t.columns}
    assert not {"cpr", "first_name", "last_name", "full_name", "email"} & columns


def test_reporting_history_has_late_partners(demo_url) -> None:
    """Every row knows its submission; one NGO and one municipality are late with the
    newest quarter (due 30 days after it ends), so the data status page has a story."""
    from queries.filters import Filters, quarter_start
    from queries.models import Submission, VolunteerHours, quarter_of
    from queries.scope import Scope
    from queries.status import reporting_status

    last = quarter_of(UNTIL)
    with Session(make_engine(demo_url)) as s:
        for table in (Meeting, VolunteerHours, Aftercare):
            assert s.scalar(select(func.count()).select_from(table).where(
                table.submission_id.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(Submission)) > 0
        f = Filters(quarter_start(last), UNTIL)
        rows = reporting_status(s, Scope.national(), f, today=UNTIL + dt.timedelta(days=45))
        overdue = {(r["partner"], r["kind"]) for r in rows if r["status"] == "overdue"}
        assert overdue == {("netvaerkscafeen", "meetings"), ("netvaerkscafeen", "hours"),
                           ("751", "aftercare")}
        on_time = [r for r in rows if r["status"] in ("received", "late")]
        assert on_time and all(r["submitted_at"] is not None for r in on_time)
