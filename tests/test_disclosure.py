"""Disclosure control: the rounding and the three-contributor rule by hand, and the promise
of docs/metrics.md as properties an attacker would test.

The attacker's test is the strongest one can write without guessing their method: for a
count of 1 to 4 about others, build a second history that differs in that count and
check that every public query, for every period and filter, answers the restricted
viewer exactly as before. Then no combination of answers can tell the two apart.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from queries import metrics
from queries.disclosure import (
    Cell,
    Hidden,
    Withheld,
    bucket,
    fold,
    published_steps,
    rounded,
    suppress,
)
from queries.filters import Filters, quarter_end, quarter_start
from queries.models import Aftercare, Group, Meeting, Organisation, Volunteer, quarter_of
from queries.scope import Scope
from queries.summary import (
    FUNNEL_PARTS,
    disclosure_secret,
    refresh_aftercare_published,
    refresh_all,
)

secrets_ = st.binary(min_size=8, max_size=8)


# ---------------------------------------------------------------- rounding by hand


def test_zero_is_its_own_bucket_and_every_other_total_shares_one() -> None:
    assert bucket(b"k", "s", 0) == (0, 1) and rounded(b"k", "s", 0) == 0
    # Totals 1..6 form one block cut as 2+2+2 or 3+3; each total sits in a bucket of 2 or 3.
    starts = {bucket(b"k", "s", n) for n in range(1, 7)}
    assert starts in ({(1, 2), (3, 2), (5, 2)}, {(1, 3), (4, 3)})


@given(secrets_, st.integers(0, 20_000))
def test_a_rounded_total_stays_in_its_bucket_within_one(secret, total) -> None:
    first, width = bucket(secret, ("x", 1), total)
    assert first <= total < first + width
    assert width == 1 if total == 0 else width in (2, 3)
    assert first <= rounded(secret, ("x", 1), total) < first + width
    assert abs(rounded(secret, ("x", 1), total) - total) <= 1


@given(secrets_, st.lists(st.integers(0, 12), min_size=1, max_size=12))
def test_any_run_of_quarters_adds_up_and_is_within_two(secret, values) -> None:
    steps = published_steps(secret, "s", values)
    for a, b in itertools.combinations_with_replacement(range(len(values)), 2):
        shown = sum(steps[a:b + 1])
        before = rounded(secret, "s", sum(values[:a]))
        assert shown == rounded(secret, "s", sum(values[:b + 1])) - before
        assert abs(shown - sum(values[a:b + 1])) <= 2


@given(secrets_, st.lists(st.integers(-30, 3_000), max_size=60))
@settings(max_examples=300)
def test_published_steps_are_the_steps_of_rounded_running_totals(secret, values) -> None:
    """published_steps works the buckets out inline (for speed): it must give exactly the
    steps between `rounded` running totals, over long series, big totals and blocks skipped,
    and the falls of a total below zero; and a period's steps from the running total before
    it, the same steps."""
    series = ("attendance", 561, "others")
    totals = list(itertools.accumulate(values))
    published = [rounded(secret, series, t) for t in totals]
    expected = [b - a for a, b in zip([0, *published], published, strict=False)]
    assert published_steps(secret, series, values) == expected
    for start in {0, len(values) // 2, max(0, len(values) - 1), len(values)}:
        # A period's steps alone, its history entering through the running total only.
        assert (published_steps(secret, series, values[start:], sum(values[:start]))
                == expected[start:])


def neighbour(secret: bytes, series: object, values: list[int], a: int, b: int) -> list[int]:
    """Another history whose rounded running totals are the same, and whose count over
    quarters a..b differs by one: the proof in docs/metrics.md, as code.

    The running total at b is moved by one inside its bucket, with every quarter that shares
    it (the quarters around b where nothing happened)."""
    totals = list(itertools.accumulate(values))
    first, width = bucket(secret, series, totals[b])
    eps = 1 if totals[b] + 1 < first + width else -1
    start = b
    while start > 0 and totals[start - 1] == totals[b]:
        start -= 1
    end = b
    while end + 1 < len(values) and totals[end + 1] == totals[b]:
        end += 1
    other = list(values)
    other[start] += eps
    if end + 1 < len(values):
        other[end + 1] -= eps
    assert start >= a, "the run's count would be 0"
    return other


@given(secrets_, st.lists(st.integers(0, 6), min_size=1, max_size=10))
@settings(max_examples=300)
def test_no_count_from_1_to_4_is_pinned_down(secret, values) -> None:
    steps = published_steps(secret, "s", values)
    for a, b in itertools.combinations_with_replacement(range(len(values)), 2):
        count = sum(values[a:b + 1])
        if not 1 <= count <= 4:
            continue
        other = neighbour(secret, "s", values, a, b)
        assert min(other) >= 0
        assert published_steps(secret, "s", other) == steps
        assert sum(other[a:b + 1]) != count


# ---------------------------------------------------------------- three contributors by hand


def cell(m: int, q: int, units: int, value: int = 10) -> Cell:
    return Cell({"municipality": m, "quarter": q}, False, {"attendance": value}, units=units)


def test_a_cell_on_fewer_than_three_groups_is_withheld_with_its_complement() -> None:
    region = {1: 10, 2: 10, 3: 10, 4: 20}.__getitem__
    cells = [cell(1, 1, 2), cell(2, 1, 5), cell(3, 1, 4), cell(4, 1, 1)]
    open_regions = suppress(cells, region)
    # Region 10: municipality 1 rests on 2 groups; the smallest other (3, with 4) goes too.
    assert [c.withheld for c in cells] == [True, False, True, True]
    # Region 20 has one cell of one group and nothing to pair it with.
    assert open_regions == {(20, 1)}


def test_rows_of_withheld_cells_read_as_withheld_unless_they_hold_the_complement() -> None:
    cells = [cell(1, 1, 2, 7), cell(2, 1, 5, 30), cell(3, 1, 4, 12)]
    suppress(cells, lambda m: 10)
    per_mun = fold(cells, lambda c: c.dims["municipality"], ["attendance"])
    assert per_mun[1]["attendance"] == Withheld() and per_mun[3]["attendance"] == Withheld()
    assert per_mun[2]["attendance"] == 30
    region = fold(cells, lambda c: "all", ["attendance"], complete=lambda k, m: True)
    assert region["all"]["attendance"] == 49


def test_small_published_counts_read_below_five_and_zero_only_when_nothing_came() -> None:
    rows = fold([Cell({"m": 1}, False, {"n": 3}), Cell({"m": 2}, False, {"n": 0}),
                 Cell({"m": 3}, True, {"n": 2})], lambda c: c.dims["m"], ["n"])
    assert rows[1]["n"] == Hidden(5) and rows[2]["n"] == Hidden(5)
    assert rows[3]["n"] == 2  # one's own figures are exact, however small


# ---------------------------------------------------------------- the attacker, end to end

START = dt.date(2030, 1, 1)
QUARTERS = (20301, 20302, 20303, 20304)
PERIODS = [Filters(quarter_start(QUARTERS[a]), quarter_end(QUARTERS[b]))
           for a, b in itertools.combinations_with_replacement(range(4), 2)]

funnel = st.integers(0, 9).flatmap(
    lambda c: st.integers(0, c).flatmap(
        lambda o: st.integers(0, o).flatmap(
            lambda a: st.integers(0, a).map(lambda e: (c, o, a, e)))))


def answers(session, scope: Scope) -> list:
    """Everything every public query answers the viewer, over every period and filter."""
    from tests.test_metrics import EXTRA_ARGS, PUBLIC_QUERIES, materialise

    out = []
    for period in PERIODS:
        for extra in ({}, {"municipality": 101}, {"region": 1084}):
            f = Filters(period.date_from, period.date_to, **extra)
            for query in PUBLIC_QUERIES:
                extra = EXTRA_ARGS.get(query.__name__, ())  # København's group's own page
                out.append(repr(materialise(query(session, scope, f, *extra))))
    return out


def put_funnels(session, funnels: list[tuple[int, int, int, int]]) -> None:
    session.execute(delete(Aftercare).where(Aftercare.municipality_code == 101,
                                            Aftercare.quarter >= 20301))
    for q, (c, o, a, e) in zip(QUARTERS, funnels, strict=True):
        session.add(Aftercare(municipality_code=101, quarter=q, completed=c, offered=o,
                              attended_90d=a, engaged_6m=e))
    refresh_aftercare_published(session, {101})  # as the importer does

@given(funnels=st.lists(funnel, min_size=4, max_size=4), part=st.integers(0, 3),
       data=st.data())
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_attacker_cannot_tell_a_small_aftercare_count_from_its_neighbour(
        session, funnels, part, data) -> None:
    """København's funnels in 2030 seen by Esbjerg: for a group of citizens (not offered,
    not come, not kept, kept) counted 1 to 4 in some run of quarters, the neighbouring
    history answers every query identically."""
    parts = [[(c - o, o - a, a - e, e)[part] for c, o, a, e in funnels]]
    runs = [(a, b) for a, b in itertools.combinations_with_replacement(range(4), 2)
            if 1 <= sum(parts[0][a:b + 1]) <= 4]
    if not runs:
        return
    a, b = data.draw(st.sampled_from(runs), label="run")
    esbjerg = Scope.municipal({561})
    nested = session.begin_nested()
    try:
        put_funnels(session, funnels)
        before = answers(session, esbjerg)
        secret = disclosure_secret(session)
        series = (FUNNEL_PARTS[part], 101)
        # Earlier quarters of København count towards the running total too.
        history = [max(0, v) for v in session.scalars(
            select((Aftercare.completed - Aftercare.offered, Aftercare.offered
                    - Aftercare.attended_90d, Aftercare.attended_90d - Aftercare.engaged_6m,
                    Aftercare.engaged_6m)[part])
            .where(Aftercare.municipality_code == 101, Aftercare.quarter < 20301)
            .order_by(Aftercare.quarter))]
        offset = len(history)
        other = neighbour(secret, series, history + parts[0], offset + a, offset + b)
        assert other[:offset] == history
        shift = [x - y for x, y in zip(other[offset:], parts[0], strict=True)]
        # Moving one citizen between quarters in one group moves every stage above it too.
        altered = [tuple(v + s * (i <= part) for i, v in enumerate(f))
                   for f, s in zip(funnels, shift, strict=True)]
        assert all(c >= o >= x >= e >= 0 for c, o, x, e in altered)
        put_funnels(session, altered)
        assert answers(session, esbjerg) == before
        changed = sum(other[offset + a:offset + b + 1])
        assert changed != sum(parts[0][a:b + 1])
    finally:
        nested.rollback()


small_world = st.lists(
    st.tuples(st.sampled_from([561, 101, 147, 573]), st.sampled_from([1, 2]),
              st.lists(st.tuples(st.integers(0, 89), st.integers(1, 9), st.integers(0, 3)),
                       min_size=1, max_size=3)),
    min_size=1, max_size=7)


@given(world=small_world,
       scope=st.sampled_from([Scope.municipal({561}), Scope.municipal({101, 147}),
                              Scope.ngo(1)]))
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_figure_about_others_rests_on_fewer_than_three_groups(session, world, scope) -> None:
    """Random groups in 2030 Q1: every municipality's published attendance about others
    rests on 3 or more of their groups, and no small count of them shows."""
    nested = session.begin_nested()
    try:
        if not session.get(Organisation, 1):
            session.add_all([Organisation(id=1, slug="alpha", name="Alpha"),
                             Organisation(id=2, slug="beta", name="Beta")])
        for i, (mun, org, meetings) in enumerate(world):
            group = Group(ref=f"prop-{i}", name="x", organisation_id=org, municipality_code=mun,
                          method="smart", weekday=0, start_time="19:00", online=False,
                          start_date=START)
            session.add(group)
            session.flush()
            days = {START + dt.timedelta(days=d): (att, min(new, att))
                    for d, att, new in meetings}
            for day, (att, new) in days.items():
                session.add(Meeting(group_id=group.id, date=day, quarter=quarter_of(day),
                                    attendance=att, newcomers=new))
            session.add(Volunteer(ref=f"prop-v{i}", organisation_id=org, municipality_code=mun,
                                  group_id=group.id, role="facilitator", trained_on=START,
                                  active_from=START))
        refresh_all(session)
        f = Filters(START, dt.date(2030, 3, 31))
        outside = session.scalars(select(Group.municipality_code).where(
            ~scope.groups(), Group.ref.like("prop-%"))).all()
        per_mun: dict[int, int] = {}
        for code in outside:
            per_mun[code] = per_mun.get(code, 0) + 1
        for row in metrics.municipality_table(session, scope, f):
            groups = per_mun.get(row["code"], 0)
            if 0 < groups < 3:
                assert row["attendance"] == Withheld(), row["code"]
                assert row["newcomers"] == Withheld()
            value = row["newcomers"]
            if groups and not row["own"] and scope.role == "municipal":
                assert isinstance(value, Hidden | Withheld) or value >= 5
    finally:
        nested.rollback()


def test_a_rate_about_others_over_a_count_below_five_reads_as_not_given() -> None:
    """«0,0 %» for 1 of 23 printed the rounding as if exact: such a rate is None («–»);
    one's own rate over the same counts is exact."""
    cells = [Cell({"m": 1}, False, {"a": 3, "c": 20}), Cell({"m": 2}, True, {"a": 3, "c": 20}),
             Cell({"m": 3}, False, {"a": 6, "c": 20})]
    rows = fold(cells, lambda c: c.dims["m"], ["a", "c"], {"r": ("a", "c")})
    assert rows[1]["a"] == Hidden(5) and rows[1]["r"] is None
    assert rows[2]["r"] == 3 / 20
    assert rows[3]["r"] == 6 / 20
