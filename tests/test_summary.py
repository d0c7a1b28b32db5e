"""The quarter summaries: the periods they split, and that reading them gives exactly what
summing the raw meetings and hours gives, after every kind of write."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from alembic import command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queries import metrics
from queries.db import alembic_config, make_engine, upgrade
from queries.disclosure import rounded
from queries.filters import Filters, next_quarter, quarter_end, quarter_start
from queries.importer import Partner, import_file
from queries.models import (
    AftercarePublished,
    AttendancePublished,
    DisclosureKey,
    FacilitatorSpan,
    Group,
    HoursQuarter,
    Meeting,
    MeetingQuarter,
    Organisation,
    Volunteer,
    VolunteerHours,
    VolunteerStock,
)
from queries.scope import Scope
from queries.summary import (
    OPEN_END,
    facilitator_spans,
    hours_facts,
    meeting_facts,
    split_period,
    stock_levels,
    stock_spans,
)
from tests.conftest import DB_KINDS, fill, new_database
from tests.test_demo import demo_url  # noqa: F401 - the module's demo database fixture
from tests.tiny import build_tiny

D = dt.date


def test_a_period_of_whole_quarters_has_no_edges() -> None:
    assert split_period(D(2024, 1, 1), D(2024, 12, 31)) == ((20241, 20244), [])


def test_the_days_that_cut_a_quarter_are_edges() -> None:
    # 15 Feb 2024 to 10 May 2025: Q2 2024 to Q1 2025 whole, the rest as days.
    assert split_period(D(2024, 2, 15), D(2025, 5, 10)) == (
        (20242, 20251), [(D(2024, 2, 15), D(2024, 3, 31)), (D(2025, 4, 1), D(2025, 5, 10))])


def test_a_period_inside_one_quarter_is_one_edge() -> None:
    assert split_period(D(2024, 2, 1), D(2024, 2, 29)) == (None, [(D(2024, 2, 1), D(2024, 2, 29))])
    assert split_period(D(2024, 3, 31), D(2024, 4, 1)) == (
        None, [(D(2024, 3, 31), D(2024, 4, 1))])


def test_months_make_a_quarter_whole_once_its_last_month_has_begun() -> None:
    # Hours are dated the 1st of their month: 1 Jan to 1 Mar holds all of Q1's months.
    assert split_period(D(2024, 1, 1), D(2024, 3, 1), month_keys=True) == ((20241, 20241), [])
    assert split_period(D(2024, 1, 1), D(2024, 2, 29), month_keys=True) == (
        None, [(D(2024, 1, 1), D(2024, 2, 29))])


def _raw_meetings(session: Session, f: Filters) -> dict[tuple[int, int], tuple[int, int, int]]:
    stmt = (select(Meeting.group_id, Meeting.quarter, func.count(Meeting.id),
                   func.sum(Meeting.attendance), func.sum(Meeting.newcomers))
            .where(Meeting.date.between(f.date_from, f.date_to))
            .group_by(Meeting.group_id, Meeting.quarter))
    return {(g, q): (int(n), int(a), int(c)) for g, q, n, a, c in session.execute(stmt)}


def _facts(session: Session, f: Filters) -> dict[tuple[int, int], tuple[int, int, int]]:
    facts = meeting_facts(f)
    stmt = (select(facts.c.group_id, facts.c.quarter, func.sum(facts.c.meetings),
                   func.sum(facts.c.attendance), func.sum(facts.c.newcomers))
            .group_by(facts.c.group_id, facts.c.quarter))
    return {(g, q): (int(n), int(a), int(c)) for g, q, n, a, c in session.execute(stmt)}


def _raw_hours(session: Session, f: Filters) -> dict[tuple[int, int], float]:
    stmt = (select(VolunteerHours.volunteer_id, VolunteerHours.quarter,
                   func.sum(VolunteerHours.hours))
            .where(VolunteerHours.month.between(f.date_from.replace(day=1), f.date_to))
            .group_by(VolunteerHours.volunteer_id, VolunteerHours.quarter))
    return {(v, q): float(h) for v, q, h in session.execute(stmt)}


def _hour_facts(session: Session, f: Filters) -> dict[tuple[int, int], float]:
    facts = hours_facts(f)
    stmt = (select(facts.c.volunteer_id, facts.c.quarter, func.sum(facts.c.hours))
            .group_by(facts.c.volunteer_id, facts.c.quarter))
    return {(v, q): float(h) for v, q, h in session.execute(stmt)}


def test_tiny_world_facts_by_hand(session: Session) -> None:
    # 10 Jan to 15 Feb 2024: group 1 met 15 Jan (7, 0) and 5 Feb (5, 1); group 2 on 17 Feb is
    # outside; group 3 met 10 Jan (4, 1). Volunteer 1's hours: January 6 and February 4.
    f = Filters(D(2024, 1, 10), D(2024, 2, 15))
    assert _facts(session, f) == {(1, 20241): (2, 12, 1), (3, 20241): (1, 4, 1)}
    assert _hour_facts(session, f) == {(1, 20241): 10.0, (5, 20241): 40.0}
    # Q4 2023 to Q2 2024 whole: group 1 has Q4's 25 Dec (8, 1) and Q1's three meetings.
    whole = Filters(D(2023, 10, 1), D(2024, 6, 30))
    assert _facts(session, whole)[(1, 20234)] == (1, 8, 1)
    assert _facts(session, whole)[(1, 20241)] == (3, 18, 3)
    assert _facts(session, whole)[(4, 20242)] == (1, 2, 2)


# Read-only, so one session for every example is safe.
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(D(2023, 9, 1), D(2024, 7, 31)), st.integers(0, 330))
def test_facts_equal_the_raw_sums_for_any_period(session: Session, first: dt.date,
                                                 days: int) -> None:
    f = Filters(first, first + dt.timedelta(days=days))
    assert _facts(session, f) == _raw_meetings(session, f)
    assert _hour_facts(session, f) == _raw_hours(session, f)


def _summary_agrees(session: Session) -> None:
    meetings = {(g, q): (n, a, c) for g, q, n, a, c in session.execute(select(
        MeetingQuarter.group_id, MeetingQuarter.quarter, MeetingQuarter.meetings,
        MeetingQuarter.attendance, MeetingQuarter.newcomers))}
    raw = {(g, q): (int(n), int(a), int(c)) for g, q, n, a, c in session.execute(
        select(Meeting.group_id, Meeting.quarter, func.count(Meeting.id),
               func.sum(Meeting.attendance), func.sum(Meeting.newcomers))
        .group_by(Meeting.group_id, Meeting.quarter))}
    assert meetings == raw
    hours = {(v, q): (float(h), m) for v, q, h, m in session.execute(select(
        HoursQuarter.volunteer_id, HoursQuarter.quarter, HoursQuarter.hours,
        HoursQuarter.months))}
    raw_hours = {(v, q): (float(h), int(m)) for v, q, h, m in session.execute(
        select(VolunteerHours.volunteer_id, VolunteerHours.quarter,
               func.sum(VolunteerHours.hours), func.count(VolunteerHours.id))
        .group_by(VolunteerHours.volunteer_id, VolunteerHours.quarter))}
    assert hours == raw_hours
    _organisation_summary_agrees(session)
    _cell_summaries_agree(session)
    _stocks_agree(session)
    _spans_agree(session)
    _group_activity_agrees(session)


def _cell_summaries_agree(session: Session) -> None:
    """The cell summaries against the raw meetings and hours, at their grain."""
    from queries.models import HoursCell, MeetingCell

    mc = MeetingCell
    cells = {(q, m, o, meth): (n, a, c, g) for q, m, o, meth, n, a, c, g in session.execute(
        select(mc.quarter, mc.municipality_code, mc.organisation_id, mc.method, mc.meetings,
               mc.attendance, mc.newcomers, mc.groups_met))}
    raw = {(q, m, o, meth): (int(n), int(a), int(c), int(g))
           for q, m, o, meth, n, a, c, g in session.execute(
               select(Meeting.quarter, Group.municipality_code, Group.organisation_id,
                      Group.method, func.count(Meeting.id), func.sum(Meeting.attendance),
                      func.sum(Meeting.newcomers), func.count(func.distinct(Group.id)))
               .join(Group, Group.id == Meeting.group_id)
               .group_by(Meeting.quarter, Group.municipality_code, Group.organisation_id,
                         Group.method))}
    assert cells == raw
    hc = HoursCell
    hours = {(q, m, o, bool(k)): (float(h), p) for q, m, o, k, h, p in session.execute(
        select(hc.quarter, hc.municipality_code, hc.organisation_id, hc.coordinator,
               hc.hours, hc.people))}
    per_person = session.execute(
        select(VolunteerHours.quarter, Volunteer.municipality_code, Volunteer.organisation_id,
               Volunteer.role == "coordinator", Volunteer.id, func.sum(VolunteerHours.hours))
        .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
        .group_by(VolunteerHours.quarter, Volunteer.municipality_code,
                  Volunteer.organisation_id, Volunteer.role, Volunteer.id)).all()
    raw_hours: dict[tuple, tuple[float, int]] = {}
    for q, m, o, k, _v, h in per_person:
        total, people = raw_hours.get((q, m, o, bool(k)), (0.0, 0))
        raw_hours[(q, m, o, bool(k))] = (total + float(h), people + (1 if h > 0 else 0))
    assert hours.keys() == raw_hours.keys()
    for key, (total, people) in raw_hours.items():
        assert hours[key][0] == round(total, 1) and hours[key][1] == people, key


def _organisation_summary_agrees(session: Session) -> None:
    """The organisation summary read for every quarter with data, against the raw rows."""
    from queries.filters import quarter_end, quarter_start
    from queries.status import _organisation_quarters

    ids = list(session.scalars(select(Organisation.id)))
    quarters = sorted(set(session.scalars(select(Meeting.quarter).distinct())))
    got = _organisation_quarters(session, ids, quarters)
    assert got["meetings"] == {(o, q): int(n) for o, q, n in session.execute(
        select(Group.organisation_id, Meeting.quarter, func.count(Meeting.id))
        .join(Group, Group.id == Meeting.group_id)
        .where(Meeting.quarter.in_(quarters))
        .group_by(Group.organisation_id, Meeting.quarter))}
    assert got["hours"] == {(o, q): int(n) for o, q, n in session.execute(
        select(Volunteer.organisation_id, VolunteerHours.quarter, func.count(VolunteerHours.id))
        .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
        .where(VolunteerHours.quarter.in_(quarters))
        .group_by(Volunteer.organisation_id, VolunteerHours.quarter))}
    for kind, spans in (
            ("groups", session.execute(select(Group.organisation_id, Group.start_date,
                                              Group.end_date)).all()),
            ("volunteers", session.execute(select(Volunteer.organisation_id,
                                                  Volunteer.active_from,
                                                  Volunteer.active_to)).all())):
        expected: dict[tuple[int, int], int] = {}
        for q in quarters:
            for oid, start, end in spans:
                if start <= quarter_end(q) and (end is None or end >= quarter_start(q)):
                    expected[(oid, q)] = expected.get((oid, q), 0) + 1
        assert got[kind] == expected, kind


def _published_agrees(session: Session, filters: list[Filters]) -> int:
    """What a municipal manager reads of others' meetings from the published table is, cell
    for cell, what rounding their history at the change gives (the NGO coordinator's way):
    the table is kept up to date and rounds alike. Returns the cells compared."""
    def cells(query, scope: Scope, f: Filters) -> list[tuple]:  # noqa: ANN001
        return [(c.dims["municipality"], c.dims["quarter"], c.values, c.units)
                for c in query(session, scope, f)]

    compared = 0
    for scope in (Scope.municipal({561}), Scope.municipal({101, 147})):
        for f in filters:
            published = cells(metrics._published_attendance, scope, f)
            assert published == cells(metrics._rounded_attendance, scope, f), (scope, f)
            compared += len(published)
    return compared


def test_the_demo_builds_its_summaries(demo_url: str) -> None:  # noqa: F811
    from queries.db import make_engine, session_factory

    with session_factory(make_engine(demo_url))() as s:
        assert s.scalar(select(func.count()).select_from(MeetingQuarter)) > 1000
        _summary_agrees(s)
        periods = [Filters(D(2013, 1, 1), D(2013, 3, 31)), Filters(D(2024, 1, 1), D(2025, 6, 30)),
                   Filters(D(2020, 4, 1), D(2020, 12, 31), region=1084),
                   Filters(D(2025, 1, 1), D(2025, 12, 31), municipality=751)]
        assert _published_agrees(s, periods) > 1000


MEETINGS_Q2 = ("group;date;attendance;newcomers\n"
               "alpha-esbjerg;2024-04-08;9;4\nalpha-esbjerg;2024-05-06;3;0\n")
MEETINGS_Q2_FIXED = "group;date;attendance;newcomers\nalpha-esbjerg;2024-04-08;10;4\n"
HOURS_Q1 = "volunteer;month;hours\nV1;2024-01;2\nV2;2024-03;5,5\n"


def test_imports_and_replacements_keep_the_summaries_exact(session: Session) -> None:
    alpha = Scope.ngo(1)
    partner = Partner(organisation="alpha")
    q2 = Filters(D(2024, 4, 1), D(2024, 6, 30))
    before = metrics.key_figures(session, Scope.national(), q2)["attendance"]
    first = import_file(session, MEETINGS_Q2.encode(), "meetings", partner, scope=alpha,
                        filename="m.csv", submitted_by="t", quarter=20242)
    assert first.status == "imported", first.problems
    _summary_agrees(session)
    assert metrics.key_figures(session, Scope.national(), q2)["attendance"] == before + 12
    fixed = import_file(session, MEETINGS_Q2_FIXED.encode(), "meetings", partner, scope=alpha,
                        filename="m2.csv", submitted_by="t", quarter=20242)
    assert fixed.status == "imported" and fixed.replaced == 2
    _summary_agrees(session)
    assert metrics.key_figures(session, Scope.national(), q2)["attendance"] == before + 10
    # Others' view of Esbjerg moved with it, in Q2 and in every quarter after.
    assert _published_agrees(session, [q2, Filters(D(2023, 10, 1), D(2024, 12, 31))]) > 0
    # Replacing alpha's Q1 hours: volunteer 1 had 6 + 4 in January and February, volunteer
    # 4 had 3 in March; the file leaves 2 for volunteer 1 and 5.5 for volunteer 2.
    hours = import_file(session, HOURS_Q1.encode(), "hours", partner, scope=alpha,
                        filename="h.csv", submitted_by="t", quarter=20241)
    assert hours.status == "imported", hours.problems
    _summary_agrees(session)
    q1 = Filters(D(2024, 1, 1), D(2024, 3, 31))
    alpha_volunteers = set(session.scalars(select(Volunteer.id).where(
        Volunteer.organisation_id == 1)))
    got = {v: h for (v, _q), h in _hour_facts(session, q1).items() if v in alpha_volunteers}
    assert got == {1: 2.0, 2: 5.5}


def test_the_migrations_build_exactly_the_models_schema(tiny_url: str) -> None:
    """What `overblik db upgrade` builds is what the code expects, on both databases, so a
    production database upgraded in place has the summaries and their indexes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from queries.db import make_engine
    from queries.models import Base

    engine = make_engine(tiny_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def _stock_rows(url: str) -> set[tuple]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = set(conn.execute(select(VolunteerStock.__table__)))
    engine.dispose()
    return rows


@pytest.mark.parametrize("kind", DB_KINDS)
def test_the_migrations_fill_stocks_and_spans_from_the_volunteers_there(
        kind: str, tmp_path_factory: pytest.TempPathFactory,
        request: pytest.FixtureRequest) -> None:
    """A database with volunteers, taken back to before migrations 0012 and 0013 and
    upgraded again, has the stocks the refresh made and every facilitator's span (tests/
    tiny.py by hand): an installation upgraded in place gets them from its own data."""
    url = new_database(kind, tmp_path_factory, request, "spans")
    fill(url, build_tiny)
    stocks = _stock_rows(url)
    assert stocks  # the tiny world has volunteer stocks to lose
    command.downgrade(alembic_config(url), "0011")
    upgrade(url)
    assert _stock_rows(url) == stocks
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = set(conn.execute(select(
            FacilitatorSpan.organisation_id, FacilitatorSpan.group_id,
            FacilitatorSpan.first_quarter, FacilitatorSpan.last_quarter, FacilitatorSpan.n)))
    engine.dispose()
    # V1 from Q2 2023 (trained in June), V2 from Q2 2024 (trained in May), V3 from 2022 Q1
    # to the quarter he left, V4 from Q1 2024; V5 and V6 are no facilitators.
    assert rows == {(1, 1, 20232, OPEN_END, 1), (1, 1, 20242, OPEN_END, 1),
                    (2, 3, 20221, 20241, 1), (1, 2, 20241, OPEN_END, 1)}


def _published(url: str) -> tuple[set[tuple], bytes]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = set(conn.execute(select(AftercarePublished.__table__)))
        secret = bytes.fromhex(conn.scalar(select(DisclosureKey.secret)))
    engine.dispose()
    return rows, secret


@pytest.mark.parametrize("kind", DB_KINDS)
def test_others_view_of_the_funnels_is_rounded_once_and_kept_by_the_migration(
        kind: str, tmp_path_factory: pytest.TempPathFactory,
        request: pytest.FixtureRequest) -> None:
    """What others see of each funnel, by hand on tests/tiny.py: each part (not offered, not
    come, not kept, kept) is the step between the rounded running totals of the
    municipality's history, keyed by part and municipality. A database taken back to before
    migration 0014 and upgraded again gets the same rows from its own funnels."""
    url = new_database(kind, tmp_path_factory, request, "published")
    fill(url, build_tiny)
    rows, secret = _published(url)

    def r(part: str, m: int, total: int) -> int:
        return rounded(secret, (part, m), total)

    # Esbjerg 2024 Q1 C20 O15 A8 E5 is 5/7/3/5 of the four, Q2 C10 O9 A6 E2 is 1/3/4/2;
    # København Q1 C3 O2 A1 E1 is 1/1/0/1; Varde has a funnel of none.
    parts = ("not_offered", "not_come", "not_kept", "kept")
    q1, q2 = (5, 7, 3, 5), (1, 3, 4, 2)
    expected = {
        (561, 20241, *(r(p, 561, a) for p, a in zip(parts, q1, strict=True))),
        (561, 20242, *(r(p, 561, a + b) - r(p, 561, a)
                       for p, a, b in zip(parts, q1, q2, strict=True))),
        (101, 20241, r("not_offered", 101, 1), r("not_come", 101, 1), 0, r("kept", 101, 1)),
        (573, 20241, 0, 0, 0, 0),
    }
    assert rows == expected
    command.downgrade(alembic_config(url), "0013")
    upgrade(url)
    assert _published(url)[0] == expected


@pytest.mark.parametrize("kind", DB_KINDS)
def test_others_view_of_the_meetings_is_rounded_once_and_kept_by_the_migration(
        kind: str, tmp_path_factory: pytest.TempPathFactory,
        request: pytest.FixtureRequest) -> None:
    """What a municipal manager sees of each other municipality's meetings, by hand on
    tests/tiny.py: the meetings and groups exact, the newcomers and the returning visits each
    the step between rounded running totals of the whole municipality's history. A database
    taken back to before migration 0015 and upgraded again gets the same rows."""
    url = new_database(kind, tmp_path_factory, request, "attendance")
    fill(url, build_tiny)

    def stored() -> set[tuple]:
        engine = make_engine(url)
        with engine.connect() as conn:
            ap = AttendancePublished
            rows = set(conn.execute(select(ap.municipality_code, ap.quarter, ap.meetings,
                                           ap.groups_met, ap.newcomers, ap.returning_visits)))
        engine.dispose()
        return rows

    secret = _published(url)[1]

    def r(part: str, m: int, total: int) -> int:
        return rounded(secret, (part, m, ("all",)), total)

    # Esbjerg: G1 on 2023-12-25 (8 came, 1 new), then 3 meetings in 2024 Q1 (18, 3 new);
    # København: G2 and G3, 4 meetings in Q1 (18, 4 new); Varde: G4 once in Q2 (2, both new).
    expected = {
        (561, 20234, 1, 1, r("newcomers", 561, 1), r("returning", 561, 7)),
        (561, 20241, 3, 1, r("newcomers", 561, 4) - r("newcomers", 561, 1),
         r("returning", 561, 22) - r("returning", 561, 7)),
        (101, 20241, 4, 2, r("newcomers", 101, 4), r("returning", 101, 14)),
        (573, 20242, 1, 1, r("newcomers", 573, 2), 0),
    }
    assert stored() == expected
    command.downgrade(alembic_config(url), "0014")
    upgrade(url)
    assert stored() == expected


def test_a_session_that_writes_never_reads_an_earlier_answer(session: Session) -> None:
    """Cells are remembered for one unit of work (queries.memo), and forgotten on a write."""
    from sqlalchemy import update

    f = Filters(D(2024, 1, 1), D(2024, 3, 31), organisation="alpha", method="smart")
    national = Scope.national()
    first = metrics.attendance_cells(session, national, f)
    assert {c.dims["municipality"] for c in first} == {561, 101}
    assert metrics.attendance_cells(session, national, f) is first  # asked once
    # Alpha's SMART meetings in Esbjerg (group 1) move to Varde (573) in the cell summary
    # the page reads: a bulk UPDATE, no flush involved.
    from queries.models import MeetingCell

    session.execute(update(MeetingCell).where(MeetingCell.municipality_code == 561,
                                              MeetingCell.organisation_id == 1)
                    .values(municipality_code=573))
    moved = {c.dims["municipality"] for c in metrics.attendance_cells(session, national, f)}
    assert moved == {573, 101}


# ---------------------------------------------------------------- the organisation summary

QUARTERS = [20234, 20241, 20242, 20243]


def _by_org(summary: dict[tuple[int, int], int], org: int) -> list[int]:
    return [summary.get((org, q), 0) for q in QUARTERS]


def test_organisation_summary_by_hand(session: Session) -> None:
    """What the data status reads, on the tiny world (tests/tiny.py), by hand."""
    from queries.status import _organisation_quarters

    got = _organisation_quarters(session, [1, 2], QUARTERS)
    # Alpha's groups: alpha-esbjerg from 2023 on, alpha-kbh from 15 Feb 2024.
    assert _by_org(got["groups"], 1) == [1, 2, 2, 2]
    # Beta: beta-kbh 2023 to 31 Mar 2024, beta-varde from 2024.
    assert _by_org(got["groups"], 2) == [1, 2, 1, 1]
    # Alpha's volunteers V1 (2023 on), V2 and V4 (from January 2024).
    assert _by_org(got["volunteers"], 1) == [1, 3, 3, 3]
    # Beta: V3 to 1 Feb 2024, V5 from 2020, V6 June to December 2023.
    assert _by_org(got["volunteers"], 2) == [3, 2, 1, 1]
    # Meetings reported: alpha 25 Dec 2023, then three of group 1 and two of group 2.
    assert _by_org(got["meetings"], 1) == [1, 5, 0, 0]
    assert _by_org(got["meetings"], 2) == [0, 2, 1, 0]
    # Hours: months reported, V1 two and V4 one in Q1; V3 December, V5 January.
    assert _by_org(got["hours"], 1) == [0, 3, 0, 0]
    assert _by_org(got["hours"], 2) == [1, 1, 0, 0]


GROUPS_ALPHA = ("ref;navn;kommune;metode;ugedag;kl;startdato;slutdato\n"
                "alpha-kbh;Gruppe alpha-kbh;101;smart;fredag;10:00;2024-02-15;2024-03-31\n"
                "alpha-ny;Ny gruppe;561;smart;mandag;19:00;2024-08-01;\n")
VOLUNTEERS_ALPHA = ("ref;kommune;rolle;aktiv_fra;aktiv_til\n"
                    "V2;561;facilitator;2024-01-10;2024-04-30\n")


def test_register_imports_keep_the_organisation_summary(session: Session) -> None:
    """A register import that ends a group, starts one and ends a volunteer changes who is
    expected to report, for that organisation and no other."""
    from queries.status import _organisation_quarters

    alpha, partner = Scope.ngo(1), Partner(organisation="alpha")
    done = import_file(session, GROUPS_ALPHA.encode(), "groups", partner, scope=alpha,
                       filename="g.csv", submitted_by="t", quarter=None)
    assert done.status == "imported", done.problems
    done = import_file(session, VOLUNTEERS_ALPHA.encode(), "volunteers", partner,
                       scope=alpha, filename="v.csv", submitted_by="t", quarter=None)
    assert done.status == "imported", done.problems
    got = _organisation_quarters(session, [1, 2], QUARTERS)
    # alpha-kbh now ends with Q1 2024; alpha-ny opens in Q3 2024.
    assert _by_org(got["groups"], 1) == [1, 2, 1, 2]
    assert _by_org(got["groups"], 2) == [1, 2, 1, 1]
    # V2 ends 30 April: still open in Q2, gone in Q3.
    assert _by_org(got["volunteers"], 1) == [1, 3, 3, 2]
    assert _by_org(got["volunteers"], 2) == [3, 2, 1, 1]
    # The volunteer stocks follow: in Q3 2024 Esbjerg has V1 alone (V2 had been trained in
    # May, so both counted as active and trained before the import).
    assert _stock(session, ("active", "trained"), 20243)[561] == (1, 1)
    # On 1 April V2 is in the cohort, but not retained: gone by 1 April 2025.
    assert _stock(session, ("cohort", "retained"), 20242)[561] == (2, 1)
    _stocks_agree(session)


# ---------------------------------------------------------------- the volunteer stocks


def _stock(session: Session, kinds: tuple[str, str], q: int) -> dict[int, tuple[int, int]]:
    """Two stocks in quarter q per municipality, as the metrics read them (national)."""
    f = Filters(quarter_start(q), quarter_end(q))
    return {m: (int(a), int(b)) for m, _inside, a, b in
            session.execute(metrics._stocks(Scope.national(), f, kinds, q))}


def _stocks_agree(session: Session) -> None:
    """Every stock of every quarter around the volunteers' dates, against the metrics' day
    rules applied to each volunteer (not paid coordinators)."""
    volunteers = session.execute(
        select(Volunteer.municipality_code, Volunteer.active_from, Volunteer.active_to,
               Volunteer.trained_on).where(Volunteer.role != "coordinator")).all()
    days = [d for v in volunteers for d in v[1:] if d is not None]
    if not days:
        return
    q, end = Filters(min(days), min(days)).quarter_from, Filters(max(days), max(days)).quarter_to
    for _ in range(6):  # and a year and a half past the last date, when nothing changes
        end = next_quarter(end)
    while q <= end:
        first, last = quarter_start(q), quarter_end(q)
        active: Counter[int] = Counter()
        trained: Counter[int] = Counter()
        cohort: Counter[int] = Counter()
        retained: Counter[int] = Counter()
        for m, start, stop, on in volunteers:
            if start <= last and (stop is None or stop >= first):
                active[m] += 1
                trained[m] += on is not None and on <= last
            if start <= first and (stop is None or stop >= first):
                cohort[m] += 1
                retained[m] += stop is None or stop >= first + dt.timedelta(days=365)
        assert _stock(session, ("active", "trained"), q) == {
            m: (n, trained[m]) for m, n in active.items()}, q
        assert _stock(session, ("cohort", "retained"), q) == {
            m: (n, retained[m]) for m, n in cohort.items()}, q
        q = next_quarter(q)


def test_volunteer_stocks_by_hand(session: Session) -> None:
    """The tiny world's volunteers (tests/tiny.py); V5, a paid coordinator, is never counted."""
    # Q3 2023: V1 (trained in June) in Esbjerg, V3 (trained 2022) in Copenhagen, V6 (never
    # trained, June to December 2023) in Varde.
    assert _stock(session, ("active", "trained"), 20233) == {561: (1, 1), 101: (1, 1),
                                                              573: (1, 0)}
    # Q1 2024: V1 and V2 in Esbjerg, V2 trained only in May; V3 (until 1 February) and V4
    # (trained 1 February) in Copenhagen; V6 has left.
    assert _stock(session, ("active", "trained"), 20241) == {561: (2, 1), 101: (2, 2)}
    # On 1 January 2024 only V1 and V3 were active (V2 and V4 began later that month); a
    # year later V1 is, V3 is not.
    assert _stock(session, ("cohort", "retained"), 20241) == {561: (1, 1), 101: (1, 0)}
    # On 1 July 2023: V1, V3 and V6, of whom only V1 is still there on 30 June 2024.
    assert _stock(session, ("cohort", "retained"), 20233) == {561: (1, 1), 101: (1, 0),
                                                               573: (1, 0)}
    _stocks_agree(session)


def test_stock_levels_are_runs_of_equal_value() -> None:
    """By hand: V1 active 10 Feb to 1 Aug 2024, trained 1 May; V2 from 1 July 2024 on,
    untrained; both in Esbjerg, organisation 1. Each row holds from its quarter to `until`."""
    rows = stock_levels([(561, 1, D(2024, 2, 10), D(2024, 8, 1), D(2024, 5, 1)),
                         (561, 1, D(2024, 7, 1), None, None)])
    assert {(r["kind"], r["quarter"], r["until"], r["n"]) for r in rows} == {
        # Q1-Q2 V1, Q3 both, from Q4 V2 only, for good.
        ("active", 20241, 20242, 1), ("active", 20243, 20243, 2), ("active", 20244, OPEN_END, 1),
        # V1 from his training quarter to his last; then no one (zero: no row).
        ("trained", 20242, 20243, 1),
        # V1 is in the cohorts of Q2 and Q3 (not Q1: he began after 1 January); V2 from Q3,
        # since she began on its first day.
        ("cohort", 20242, 20242, 1), ("cohort", 20243, 20243, 2), ("cohort", 20244, OPEN_END, 1),
        # V1 left within a year of every cohort day he was in; V2 has no end.
        ("retained", 20243, OPEN_END, 1),
    }
    assert all(r["municipality_code"] == 561 and r["organisation_id"] == 1 for r in rows)


@given(st.dates(D(2022, 1, 1), D(2026, 12, 31)),
       st.one_of(st.none(), st.dates(D(2022, 1, 1), D(2027, 12, 31))),
       st.one_of(st.none(), st.dates(D(2021, 1, 1), D(2027, 12, 31))),
       st.sampled_from([y * 10 + n for y in range(2021, 2029) for n in range(1, 5)]))
@example(D(2024, 4, 1), None, None, 20242)  # begins on the quarter's first day: in its cohort
@example(D(2024, 1, 10), D(2025, 4, 1), D(2024, 3, 1), 20242)  # retained by exactly 365 days
def test_a_volunteers_spans_follow_the_day_rules(start: dt.date, stop: dt.date | None,
                                                 trained: dt.date | None, q: int) -> None:
    """Any dates, even an end before the start: the quarters of each stock are exactly those
    in which the day rule holds."""
    first, last = quarter_start(q), quarter_end(q)
    active = start <= last and (stop is None or stop >= first)
    cohort = start <= first and (stop is None or stop >= first)
    rules = {
        "active": active,
        "trained": active and trained is not None and trained <= last,
        "cohort": cohort,
        "retained": cohort and (stop is None or stop >= first + dt.timedelta(days=365)),
    }
    spans = {kind: (a, b) for kind, a, b in stock_spans(start, stop, trained)}
    for kind, holds in rules.items():
        a, b = spans.get(kind, (1, 0))  # no span: in no quarter
        assert (a <= q and (b is None or q <= b)) == holds, kind


def _trained(session: Session, f: Filters) -> dict[int, int]:
    """Trained facilitators per group in the period, as the metrics read them."""
    return {g: int(n) for g, n in session.execute(metrics._trained_per_group(f))}


def _spans_agree(session: Session) -> None:
    """Facilitators per group, from the spans, for periods of one to four whole quarters
    around the volunteers' dates, against the day rule applied to each volunteer."""
    volunteers = session.execute(
        select(Volunteer.group_id, Volunteer.active_from, Volunteer.active_to,
               Volunteer.trained_on).where(Volunteer.role == "facilitator",
                                           Volunteer.group_id.is_not(None))).all()
    days = [d for v in volunteers for d in v[1:] if d is not None]
    if not days:
        return
    q, end = Filters(min(days), min(days)).quarter_from, Filters(max(days), max(days)).quarter_to
    while q <= end:
        last_q = q
        for _ in range(4):
            first, last = quarter_start(q), quarter_end(last_q)
            expected: Counter[int] = Counter(
                g for g, start, stop, on in volunteers
                if on is not None and on <= last and start <= last
                and (stop is None or stop >= first))
            assert _trained(session, Filters(first, last)) == dict(expected), (q, last_q)
            last_q = next_quarter(last_q)
        q = next_quarter(q)


def _group_activity_agrees(session: Session) -> None:
    """The groups that met, read by probing each group's quarters (periods of three whole
    quarters or more), against the same read summing every group's meeting quarters first,
    for periods of three to five quarters starting in each of the last six quarters with
    meetings (the demo has years of them), three kinds of viewer and the filters a group
    can be chosen by."""
    quarters = sorted(session.scalars(select(MeetingQuarter.quarter).distinct()))
    if not quarters:
        return
    orgs = list(session.scalars(select(Organisation.id).order_by(Organisation.id)))
    scopes = [Scope.national(), Scope.municipal({101, 561}), Scope.ngo(orgs[0])]
    filters: list[dict] = [{}, {"region": 1084}, {"method": "smart"}, {"municipality": 101},
                           {"organisation": "alpha"}]
    for first_q in quarters[-6:]:
        last_q = first_q
        for _ in range(metrics.PROBE_FROM_QUARTERS - 1):
            last_q = next_quarter(last_q)
        for _ in range(3):
            for scope in scopes:
                for extra in filters:
                    f = Filters(quarter_start(first_q), quarter_end(last_q), **extra)
                    assert len(f.quarters()) >= metrics.PROBE_FROM_QUARTERS
                    probed = metrics._group_activity.__wrapped__(session, scope, f)
                    summed = metrics._group_activity_summed(session, scope, f)
                    assert sorted(probed) == sorted(summed), (first_q, last_q, scope, extra)
            last_q = next_quarter(last_q)


def test_groups_that_met_by_hand(session: Session) -> None:
    """Q4 2023 to Q2 2024 (three whole quarters: each group probed) on the tiny world
    (tests/tiny.py). G1 (Esbjerg, Mon 19:00) met on 25 Dec and three times in Q1: 4
    meetings, facilitators V1 and V2 (trained 1 May 2024, inside the period). G2 (Copenhagen,
    Sat, online) twice with V4; G3 (Copenhagen, Wed 18:00) twice with V3, active until 1
    February 2024. G4 (Varde, Tue 13:00) once in Q2, with no trained facilitator."""
    f = Filters(D(2023, 10, 1), D(2024, 6, 30))
    assert len(f.quarters()) >= metrics.PROBE_FROM_QUARTERS  # the probing read is used
    # (municipality, inside, groups, meetings, evening/weekend, online, trained, one, none)
    assert sorted(metrics._group_activity(session, Scope.national(), f)) == [
        (101, True, 2, 4, 2, 1, 2, 2, 0),
        (561, True, 1, 4, 1, 0, 2, 0, 0),
        (573, True, 1, 1, 0, 0, 0, 0, 1),
    ]
    # Copenhagen's manager: the same groups, only Copenhagen's inside.
    assert sorted(metrics._group_activity(session, Scope.municipal({101}), f)) == [
        (101, True, 2, 4, 2, 1, 2, 2, 0),
        (561, False, 1, 4, 1, 0, 2, 0, 0),
        (573, False, 1, 1, 0, 0, 0, 0, 1),
    ]
    # Alpha's coordinator: G1 and G2 are alpha's; beta's G3 and G4 are outside.
    assert sorted(metrics._group_activity(session, Scope.ngo(1), f)) == [
        (101, False, 1, 2, 1, 0, 1, 1, 0),
        (101, True, 1, 2, 1, 1, 1, 1, 0),
        (561, True, 1, 4, 1, 0, 2, 0, 0),
        (573, False, 1, 1, 0, 0, 0, 0, 1),
    ]
    # Method smart: G1 and G2 only.
    assert sorted(metrics._group_activity(session, Scope.national(),
                                          Filters(f.date_from, f.date_to, method="smart"))) == [
        (101, True, 1, 2, 1, 1, 1, 1, 0),
        (561, True, 1, 4, 1, 0, 2, 0, 0),
    ]
    _group_activity_agrees(session)


def test_facilitators_per_group_by_hand(session: Session) -> None:
    """The tiny world's facilitators (tests/tiny.py): V1 and V2 in group 1 (V2 trained only
    on 1 May 2024), V3 in group 3 until 1 February 2024, V4 in group 2."""
    assert facilitator_spans([(1, 1, "facilitator", D(2023, 1, 1), None, D(2023, 6, 1))]) == [
        {"organisation_id": 1, "group_id": 1, "first_quarter": 20232,
         "last_quarter": OPEN_END, "n": 1}]
    q1, q2 = Filters(D(2024, 1, 1), D(2024, 3, 31)), Filters(D(2024, 4, 1), D(2024, 6, 30))
    assert _trained(session, q1) == {1: 1, 2: 1, 3: 1}  # V2 not yet trained
    assert _trained(session, q2) == {1: 2, 2: 1}  # V3 gone
    assert _trained(session, Filters(D(2024, 1, 1), D(2024, 6, 30))) == {1: 2, 2: 1, 3: 1}
    # Days that cut a quarter are counted on the volunteers: V3 left the day before.
    assert _trained(session, Filters(D(2024, 2, 2), D(2024, 6, 30))) == {1: 2, 2: 1}
    # A filter to one municipality counts only its groups' facilitators.
    assert _trained(session, Filters(D(2024, 1, 1), D(2024, 3, 31),
                                     municipality=101)) == {2: 1, 3: 1}
    _spans_agree(session)


_QUARTERS = [y * 10 + n for y in range(2021, 2029) for n in range(1, 5)]


@given(st.dates(D(2022, 1, 1), D(2026, 12, 31)),
       st.one_of(st.none(), st.dates(D(2022, 1, 1), D(2027, 12, 31))),
       st.dates(D(2021, 1, 1), D(2027, 12, 31)),
       st.sampled_from(_QUARTERS), st.integers(0, 8))
@example(D(2024, 1, 10), D(2024, 2, 1), D(2024, 5, 1), 20241, 1)  # trained after leaving
def test_a_facilitators_span_follows_the_day_rule(start: dt.date, stop: dt.date | None,
                                                  trained: dt.date, q: int, more: int) -> None:
    """Any dates, even training after leaving: a facilitator counts in a period of whole
    quarters exactly when the day rule says so."""
    last_q = q
    for _ in range(more):
        last_q = next_quarter(last_q)
    first, last = quarter_start(q), quarter_end(last_q)
    holds = trained <= last and start <= last and (stop is None or stop >= first)
    (span,) = facilitator_spans([(1, 7, "facilitator", start, stop, trained)])
    assert (span["first_quarter"] <= last_q and span["last_quarter"] >= q) == holds
