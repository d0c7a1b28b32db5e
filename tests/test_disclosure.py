"""Disclosure control: the cell rules by hand, and properties on random data and scopes."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from queries import metrics
from queries.disclosure import AtLeast, Cell, Hidden, fold, hide_chain, hide_parts
from queries.filters import Filters
from queries.groups import group_rows, meeting_rows
from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Organisation,
    Volunteer,
    quarter_of,
)
from queries.scope import Scope
from queries.summary import refresh_all

FUNNEL = ("completed", "offered", "attended_90d", "engaged_6m")


def test_small_counts_are_hidden() -> None:
    out = hide_chain({"completed": 40, "offered": 30, "attended_90d": 12, "engaged_6m": 3},
                     FUNNEL, 5)
    assert out["completed"] == 40 and out["offered"] == 30 and out["attended_90d"] == 12
    assert isinstance(out["engaged_6m"], Hidden)


def test_a_small_gap_in_a_funnel_hides_the_later_stage() -> None:
    # 12 completed, 9 offered: "3 were not offered" would be a count below 5.
    out = hide_chain({"completed": 12, "offered": 9, "attended_90d": 8, "engaged_6m": 2},
                     FUNNEL, 5)
    assert out["completed"] == 12
    assert all(isinstance(out[k], Hidden) for k in ("offered", "attended_90d", "engaged_6m"))


def test_zero_is_not_hidden() -> None:
    out = hide_chain({"completed": 0, "offered": 0, "attended_90d": 0, "engaged_6m": 0},
                     FUNNEL, 5)
    assert out == {"completed": 0, "offered": 0, "attended_90d": 0, "engaged_6m": 0}


def test_one_hidden_part_of_a_visible_total_hides_a_second_part() -> None:
    out = hide_parts({"volunteers": 20, "trained": 17, "pipeline": 3}, "volunteers",
                     ("trained", "pipeline"), 5)
    assert out["volunteers"] == 20
    assert isinstance(out["pipeline"], Hidden) and isinstance(out["trained"], Hidden)


def test_total_is_hidden_when_the_other_parts_are_zero() -> None:
    out = hide_parts({"volunteers": 6, "trained": 0, "pipeline": 6}, "volunteers",
                     ("trained", "pipeline"), 5)
    assert out == {"volunteers": 6, "trained": 0, "pipeline": 6}
    out = hide_parts({"volunteers": 3, "trained": 0, "pipeline": 3}, "volunteers",
                     ("trained", "pipeline"), 5)
    assert isinstance(out["volunteers"], Hidden) and isinstance(out["pipeline"], Hidden)


def test_threshold_is_a_setting() -> None:
    out = hide_chain({"completed": 8, "offered": 8, "attended_90d": 8, "engaged_6m": 8},
                     FUNNEL, 10)
    assert all(isinstance(v, Hidden) and v.threshold == 10 for v in out.values())


def _funnel_protect(values: dict[str, float]) -> dict:
    return hide_chain(values, FUNNEL, 5)


def test_fold_marks_totals_that_leave_cells_out() -> None:
    cells = [
        Cell({"m": 1}, False, {"completed": 30, "offered": 20, "attended_90d": 10,
                               "engaged_6m": 6}),
        Cell({"m": 1}, False, {"completed": 3, "offered": 3, "attended_90d": 0,
                               "engaged_6m": 0}),
        Cell({"m": 1}, True, {"completed": 2, "offered": 1, "attended_90d": 1, "engaged_6m": 1}),
    ]
    row = fold(cells, lambda c: "all", _funnel_protect, FUNNEL,
               {"reach": ("attended_90d", "completed")})["all"]
    assert isinstance(row["completed"], AtLeast) and row["completed"] == 32
    # attended: 10 + 0 (visible zero) + 1 in scope.
    assert row["attended_90d"] == 11 and not isinstance(row["attended_90d"], AtLeast)
    # Rate over the cells where both counts are visible: (10 + 1) / (30 + 2).
    assert row["reach"] == 11 / 32


# ---------------------------------------------------------------- properties

funnel_values = st.integers(0, 40).flatmap(
    lambda c: st.integers(0, c).flatmap(
        lambda o: st.integers(0, o).flatmap(
            lambda a: st.integers(0, a).map(
                lambda e: {"completed": c, "offered": o, "attended_90d": a, "engaged_6m": e}
            )
        )
    )
)


@given(st.lists(funnel_values, min_size=1, max_size=8), st.data())
@settings(max_examples=150, deadline=None)
def test_published_figures_depend_only_on_visible_cells(cells_values, data) -> None:
    """Change the hidden values (keeping what is shown): no published figure may move.

    If any published figure depended on a hidden value, some change of it would
    show, and subtraction between views could recover it.
    """
    cells = [Cell({"m": i % 3}, False, v) for i, v in enumerate(cells_values)]
    shown = [_funnel_protect(c.values) for c in cells]
    altered = []
    for cell, view in zip(cells, shown, strict=True):
        new = dict(cell.values)
        for k in FUNNEL:
            if isinstance(view[k], Hidden):
                new[k] = data.draw(st.integers(0, 45), label=k)
        altered.append(Cell(cell.dims, False, new))
    same_view = all(
        _funnel_protect(a.values) == s for a, s in zip(altered, shown, strict=True)
    )
    assume(same_view)
    ratios = {"reach": ("attended_90d", "completed")}
    for key in (lambda c: c.dims["m"], lambda c: "all"):
        before = fold(cells, key, _funnel_protect, FUNNEL, ratios)
        after = fold(altered, key, _funnel_protect, FUNNEL, ratios)
        assert before == after


@given(funnel_values)
@settings(max_examples=300, deadline=None)
def test_no_visible_count_or_gap_is_small(values) -> None:
    out = _funnel_protect(values)
    visible = [k for k in FUNNEL if not isinstance(out[k], Hidden)]
    for k in visible:
        assert not 0 < out[k] < 5
    for i, early in enumerate(visible):
        for late in visible[i + 1:]:
            assert not 0 < values[early] - values[late] < 5


small_world = st.lists(
    st.tuples(
        st.sampled_from([561, 101, 573]),  # municipality
        st.sampled_from([1, 2]),  # organisation
        st.sampled_from(["smart", "na"]),
        st.lists(st.tuples(st.integers(0, 89), st.integers(1, 9), st.integers(0, 3)),
                 max_size=4),  # meetings: day offset in Q1, attendance, newcomers
    ),
    min_size=1,
    max_size=5,
)
aftercare_world = st.lists(
    st.tuples(st.sampled_from([561, 101, 573]), funnel_values), max_size=3,
    unique_by=lambda t: t[0],
)
scopes = st.sampled_from([Scope.municipal({561}), Scope.municipal({101, 147}), Scope.ngo(1)])
PERSON_FIELDS = ("attendance", "newcomers", "volunteers", "trained", "pipeline",
                 "volunteer_hours", "completed", "offered", "attended_90d", "engaged_6m")


@given(world=small_world, aftercare=aftercare_world, scope=scopes)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_restricted_viewers_never_see_small_counts_of_others(session, world, aftercare,
                                                             scope) -> None:
    """Random groups, meetings, volunteers and funnels in an empty period (2030 Q1)."""
    start = dt.date(2030, 1, 1)
    nested = session.begin_nested()
    try:
        if not session.get(Organisation, 1):
            session.add_all([Organisation(id=1, slug="alpha", name="Alpha"),
                             Organisation(id=2, slug="beta", name="Beta")])
        for i, (mun, org, method, meetings) in enumerate(world):
            group = Group(ref=f"prop-{i}", name="x", organisation_id=org, municipality_code=mun,
                          method=method, weekday=0, start_time="19:00", online=False,
                          start_date=start)
            session.add(group)
            session.flush()
            days = {}
            for offset, att, new in meetings:
                days[start + dt.timedelta(days=offset)] = (att, min(new, att))
            for day, (att, new) in days.items():
                session.add(Meeting(group_id=group.id, date=day, quarter=quarter_of(day),
                                    attendance=att, newcomers=new))
            session.add(Volunteer(ref=f"prop-v{i}", organisation_id=org, municipality_code=mun,
                                  group_id=group.id, role="facilitator",
                                  trained_on=start, active_from=start))
        for mun, funnel in aftercare:
            session.add(Aftercare(municipality_code=mun, quarter=20301, **funnel))
        refresh_all(session)
        f = Filters(start, dt.date(2030, 3, 31))
        rows = metrics.municipality_table(session, scope, f)
        for row in rows:
            own_groups = scope.role == "ngo"  # an NGO's own groups may sit in any municipality
            if row["own"] or own_groups:
                continue
            for field in PERSON_FIELDS:
                value = row[field]
                assert isinstance(value, Hidden) or value == 0 or value >= 5, (field, value)
        trend = metrics.quarterly_trend(session, scope, f)
        if scope.role == "municipal":
            others = [c for c in (561, 101, 573) if c not in scope.municipalities]
            only_others = Filters(start, dt.date(2030, 3, 31), municipality=others[0])
            for row in metrics.quarterly_trend(session, scope, only_others):
                for field in ("attendance", "newcomers", "completed", "offered",
                              "attended_90d", "engaged_6m"):
                    value = row[field]
                    assert isinstance(value, Hidden) or value == 0 or value >= 5
        assert trend
        # The groups table and the meetings export: people counts only for one's own groups.
        in_scope = {g.id for g in session.scalars(select(Group).where(scope.groups()))}
        for row in group_rows(session, scope, f):
            if row["id"] not in in_scope:
                assert (row["avg_attendance"], row["newcomers"], row["facilitators"]) == (
                    None, None, None)
        own_refs = {g.ref for g in session.scalars(select(Group).where(scope.groups()))}
        for row in meeting_rows(session, scope, f):
            if row["group_ref"] not in own_refs:
                assert (row["attendance"], row["newcomers"], row["facilitators"]) == (
                    None, None, None)
    finally:
        nested.rollback()
