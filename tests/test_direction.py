"""Issue 13: direction of travel (the period against the same period a year earlier, with a
significance test), and quarters with reports missing. Expected figures by hand.

The tiny world (tests/tiny.py) has no 2023 Q1, so `last_year` adds one for Esbjerg:
  aftercare 2023 Q1: 561 C20 O10 A2 E1
  G1 (Esbjerg, Mondays) 2023-01-02 att 10 new 6 | 2023-01-09 att 8 new 4 | 2023-01-16 att 5 new 2
Against 2024 Q1 (561: C20 A8; G1 newcomers 2+0+1 = 3).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from queries import metrics
from queries.filters import Filters
from queries.models import Aftercare, Meeting, quarter_of
from queries.scope import Scope
from queries.status import complete_period, quarter_completeness
from queries.summary import refresh_all

D = dt.date
Q1 = Filters(D(2024, 1, 1), D(2024, 3, 31))
Q1_ESBJERG = Filters(D(2024, 1, 1), D(2024, 3, 31), municipality=561)


@pytest.fixture()
def last_year(session):
    session.add(Aftercare(municipality_code=561, quarter=20231, completed=20, offered=10,
                          attended_90d=2, engaged_6m=1))
    for day, att, new in [(D(2023, 1, 2), 10, 6), (D(2023, 1, 9), 8, 4),
                          (D(2023, 1, 16), 5, 2)]:
        session.add(Meeting(group_id=1, date=day, quarter=quarter_of(day), attendance=att,
                            newcomers=new, facilitators=1))
    session.flush()
    refresh_all(session)
    return session


def test_the_year_earlier_keeps_the_dates_and_the_selection() -> None:
    f = Filters(D(2024, 2, 29), D(2024, 12, 31), municipality=561, method="smart")
    assert metrics.year_earlier(f) == Filters(D(2023, 2, 28), D(2023, 12, 31),
                                              municipality=561, method="smart")


def test_two_proportion_test_by_hand() -> None:
    # 8/20 = 0.40 against 2/20 = 0.10: pooled 10/40 = 0.25,
    # SE = sqrt(0.25 * 0.75 * (1/20 + 1/20)) = sqrt(0.01875) = 0.136931,
    # z = 0.30 / 0.136931 = 2.19089; p = 2 * (1 - Phi(2.19089)) = 0.02846.
    z, p = metrics.two_proportion_test(8, 20, 2, 20)
    assert z == pytest.approx(2.19089, abs=1e-5)
    assert p == pytest.approx(0.02846, abs=1e-5)
    assert metrics.two_proportion_test(0, 20, 0, 10) is None  # no variance
    assert metrics.two_proportion_test(1, 0, 1, 5) is None


def test_poisson_exact_test_by_hand() -> None:
    # 3 against 12: given 15, X ~ Bin(15, 1/2); P(X <= 3) = (1 + 15 + 105 + 455) / 2^15
    # = 576 / 32768; two-sided p = 1152 / 32768 = 0.03515625. Score z = -9 / sqrt(15).
    z, p = metrics.poisson_rate_test(3, 12)
    assert p == pytest.approx(1152 / 32768)
    assert z == pytest.approx(-9 / math.sqrt(15))
    # 5 against 0 is not enough: p = 2 / 32 = 0.0625, though the score z is 2.24 > 1.96.
    assert metrics.poisson_rate_test(5, 0)[1] == pytest.approx(0.0625)
    assert metrics.poisson_rate_test(7, 7)[1] == 1.0
    assert metrics.poisson_rate_test(0, 0) is None


@pytest.mark.parametrize("scope", [Scope.national(), Scope.municipal({561})],
                         ids=["national", "esbjerg"])
def test_esbjerg_against_the_same_quarter_a_year_earlier(last_year, scope) -> None:
    rows = {r["measure"]: r for r in metrics.year_on_year(last_year, scope, Q1_ESBJERG)}
    new = rows["newcomers"]
    assert (new["now"], new["before"]) == (3, 12)
    assert (new["before_from"], new["before_to"]) == (D(2023, 1, 1), D(2023, 3, 31))
    assert new["p_value"] == pytest.approx(1152 / 32768)
    assert new["verdict"] == "lower"
    reach = rows["reach_rate"]
    assert (reach["now"], reach["before"]) == (pytest.approx(0.4), pytest.approx(0.1))
    assert (reach["now_base"], reach["before_base"]) == (20, 20)
    assert reach["statistic"] == pytest.approx(2.19089, abs=1e-5)
    assert reach["verdict"] == "higher"


def test_a_year_before_any_meeting_was_reported_is_not_compared(session) -> None:
    # National 2024 Q2 against 2023 Q2: newcomers 2 (G4) against 0, but not one meeting was
    # reported in 2023 Q2 (a first installation looks like this): no test, no verdict.
    q2 = Filters(D(2024, 4, 1), D(2024, 6, 30))
    rows = {r["measure"]: r for r in metrics.year_on_year(session, Scope.national(), q2)}
    assert (rows["newcomers"]["now"], rows["newcomers"]["before"]) == (2, 0)
    assert rows["newcomers"]["p_value"] is None and rows["newcomers"]["verdict"] is None
    # No aftercare at all in 2023 Q2: no rate, no verdict.
    assert rows["reach_rate"]["before"] is None and rows["reach_rate"]["verdict"] is None


def test_others_figures_are_the_published_ones(last_year) -> None:
    """Esbjerg looking at København: both periods' figures are the ones key_figures publishes
    to Esbjerg (rounded, not the true 3 completions), and with no funnel a year earlier
    there is no rate to test against."""
    esbjerg = Scope.municipal({561})
    f = Filters(Q1.date_from, Q1.date_to, municipality=101)
    rows = {r["measure"]: r for r in metrics.year_on_year(last_year, esbjerg, f)}
    shown = metrics.key_figures(last_year, esbjerg, f)
    assert rows["reach_rate"]["now_base"] == shown["completed"]
    assert rows["reach_rate"]["now"] == shown["reach_rate"]
    assert rows["newcomers"]["now"] == shown["newcomers"]
    assert rows["reach_rate"]["before"] is None and rows["reach_rate"]["verdict"] is None


def test_nothing_in_either_period_gets_no_verdict(session) -> None:
    rows = {r["measure"]: r for r in metrics.year_on_year(
        session, Scope.municipal({561}), Filters(Q1.date_from, Q1.date_to, municipality=573))}
    # Varde had nothing in either Q1: zero against zero, no test.
    assert (rows["newcomers"]["now"], rows["newcomers"]["before"]) == (0, 0)
    assert rows["newcomers"]["verdict"] is None


def test_retention_and_group_shares_per_municipality(session) -> None:
    rows = {r["code"]: r for r in metrics.municipality_table(session, Scope.national(), Q1)}
    # Esbjerg: V1 active on 1 Jan 2024 and a year later (V2 starts on 10 Jan): 1 of 1.
    assert rows[561]["retention_12m"] == 1.0
    # København: V3 active on 1 Jan, left 1 Feb 2024: 0 of 1 (V5 is a paid coordinator).
    assert rows[101]["retention_12m"] == 0.0
    # København's active groups in Q1: G2 (Sat, online) and G3 (Wed 18:00): both evening or
    # weekend, one online. Esbjerg's G1 is Monday 19:00, in person.
    assert (rows[101]["evening_weekend_share"], rows[101]["online_share"]) == (1.0, 0.5)
    assert (rows[561]["evening_weekend_share"], rows[561]["online_share"]) == (1.0, 0.0)
    assert rows[573]["evening_weekend_share"] is None  # G4 did not meet in Q1


def test_others_retention_is_not_given_on_one_volunteer(session) -> None:
    """København's cohort is one volunteer: below three contributors, withheld for Esbjerg."""
    rows = {r["code"]: r for r in metrics.municipality_table(session, Scope.municipal({561}),
                                                               Q1)}
    assert rows[561]["retention_12m"] == 1.0
    assert not isinstance(rows[101]["retention_12m"], float)


H1 = Filters(D(2024, 1, 1), D(2024, 6, 30))
AFTER_DEADLINES = D(2024, 9, 1)


def test_a_quarter_with_reports_missing_is_incomplete(session) -> None:
    """2024 Q1: alpha, beta, 561, 101 and 573 all reported. Q2 (due 30 July): alpha has
    neither meetings nor hours, beta no hours (V5 active), 101 and 573 no aftercare; only
    Esbjerg's funnel came: 4 of 5 partners missing."""
    rows = quarter_completeness(session, Scope.national(), H1, AFTER_DEADLINES)
    assert rows == [
        {"quarter": 20241, "partners": 5, "missing": 0, "complete": True},
        {"quarter": 20242, "partners": 5, "missing": 4, "complete": False},
    ]
    # In Esbjerg: alpha (G1) and Esbjerg's own aftercare; alpha is missing.
    esbjerg = Filters(H1.date_from, H1.date_to, municipality=561)
    rows = quarter_completeness(session, Scope.municipal({561}), esbjerg, AFTER_DEADLINES)
    assert rows[1] == {"quarter": 20242, "partners": 2, "missing": 1, "complete": False}
    # Counts of partners, the same for every viewer of the selection.
    assert rows == quarter_completeness(session, Scope.national(), esbjerg, AFTER_DEADLINES)


def test_the_comparison_leaves_out_an_incomplete_newest_quarter(session) -> None:
    rows = quarter_completeness(session, Scope.national(), H1, AFTER_DEADLINES)
    assert complete_period(H1, rows) == Filters(D(2024, 1, 1), D(2024, 3, 31))
    complete = [{**r, "complete": True} for r in rows]
    assert complete_period(H1, complete) == H1
    nothing = [{**r, "complete": False} for r in rows]
    assert complete_period(H1, nothing) == H1


def test_the_shortened_poisson_tail_is_the_full_sum() -> None:
    """The tail stops once a term adds nothing: the p-value is the whole sum's, computed
    here term by term with math.fsum, for small, lopsided and year-sized counts."""
    import math

    from queries.metrics import poisson_rate_test

    def full(x1: int, x0: int) -> float:
        n, k = x1 + x0, min(x1, x0)
        return min(1.0, 2 * math.fsum(math.exp(math.lgamma(n + 1) - math.lgamma(i + 1)
                                               - math.lgamma(n - i + 1) + n * math.log(0.5))
                                      for i in range(k + 1)))

    for x1, x0 in [(1, 0), (3, 3), (10, 2), (0, 40), (480, 530), (100_000, 99_000)]:
        assert math.isclose(poisson_rate_test(x1, x0)[1], full(x1, x0), rel_tol=1e-12)
