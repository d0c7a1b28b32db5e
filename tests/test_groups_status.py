"""The groups table and the data status, on the tiny world (figures by hand from tests/tiny.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from queries.filters import Filters
from queries.groups import GroupQuery, group_page, group_rows, meeting_rows
from queries.scope import Scope
from queries.status import overdue_count, reporting_status

Q1 = Filters(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
NATIONAL = Scope.national()
ESBJERG = Scope.municipal({561})
ALPHA = Scope.ngo(1)


def by_ref(rows: list[dict]) -> dict[str, dict]:
    return {r["ref"]: r for r in rows}


def test_every_group_open_in_the_period_with_its_figures(session) -> None:
    rows, total = group_page(session, NATIONAL, Q1)
    assert total == 4
    assert [r["ref"] for r in rows] == ["alpha-esbjerg", "alpha-kbh", "beta-kbh", "beta-varde"]
    g = by_ref(rows)
    # G1: 3 meetings, 6+7+5 = 18 attendance, 2+0+1 newcomers, V1 the only trained facilitator;
    # Mondays 1 Jan - 31 Mar 2024 are 13.
    assert (g["alpha-esbjerg"]["meetings"], g["alpha-esbjerg"]["avg_attendance"],
            g["alpha-esbjerg"]["newcomers"], g["alpha-esbjerg"]["facilitators"]) == (3, 6.0, 3, 1)
    assert g["alpha-esbjerg"]["scheduled"] == 13
    assert g["alpha-esbjerg"]["regularity"] == pytest.approx(3 / 13)
    assert g["alpha-esbjerg"]["single_facilitator"] is True
    # G2 opens 15 Feb: Saturdays 17 Feb - 30 Mar are 7; attendance (3+2)/2.
    assert (g["alpha-kbh"]["scheduled"], g["alpha-kbh"]["avg_attendance"]) == (7, 2.5)
    # G3: V3 was still active on 1 Jan (left 1 Feb), trained long before.
    assert (g["beta-kbh"]["avg_attendance"], g["beta-kbh"]["facilitators"]) == (6.5, 1)
    # G4 never met in Q1, and V6 is not a facilitator.
    assert (g["beta-varde"]["meetings"], g["beta-varde"]["avg_attendance"],
            g["beta-varde"]["facilitators"]) == (0, None, 0)


def test_people_counts_only_for_own_groups(session) -> None:
    g = by_ref(group_page(session, ESBJERG, Q1)[0])
    assert g["alpha-esbjerg"]["avg_attendance"] == 6.0 and g["alpha-esbjerg"]["own"]
    for ref in ("alpha-kbh", "beta-kbh", "beta-varde"):
        assert (g[ref]["avg_attendance"], g[ref]["newcomers"], g[ref]["facilitators"]) == (
            None, None, None)
        assert g[ref]["meetings"] == {"alpha-kbh": 2, "beta-kbh": 2, "beta-varde": 0}[ref]
    alpha = by_ref(group_page(session, ALPHA, Q1)[0])
    assert alpha["alpha-kbh"]["newcomers"] == 3 and alpha["beta-kbh"]["newcomers"] is None


def test_sorting_by_a_hidden_figure_reveals_no_order(session) -> None:
    national = group_page(session, NATIONAL, Q1, GroupQuery(sort="avg_attendance",
                                                            descending=True))[0]
    assert [r["ref"] for r in national] == ["beta-kbh", "alpha-esbjerg", "alpha-kbh",
                                            "beta-varde"]
    esbjerg = group_page(session, ESBJERG, Q1, GroupQuery(sort="avg_attendance",
                                                          descending=True))[0]
    # Only G1's figure is known to Esbjerg; the rest follow in id order, not by attendance.
    assert [r["ref"] for r in esbjerg] == ["alpha-esbjerg", "alpha-kbh", "beta-kbh",
                                           "beta-varde"]


def test_search_and_paging(session) -> None:
    rows, total = group_page(session, NATIONAL, Q1, GroupQuery(search="KBH"))
    assert total == 2 and {r["ref"] for r in rows} == {"alpha-kbh", "beta-kbh"}
    rows, total = group_page(session, NATIONAL, Q1, GroupQuery(search="varde"))
    assert [r["ref"] for r in rows] == ["beta-varde"] and total == 1
    rows, total = group_page(session, NATIONAL, Q1, GroupQuery(page=1, page_size=3))
    assert total == 4 and [r["ref"] for r in rows] == ["beta-varde"]
    # A page past the end, and a search that matches nothing, still say how many match.
    assert group_page(session, NATIONAL, Q1, GroupQuery(page=2, page_size=3)) == ([], 4)
    assert group_page(session, NATIONAL, Q1, GroupQuery(search="ribe")) == ([], 0)
    assert [r["ref"] for r in group_rows(session, NATIONAL, Q1)] == [
        "alpha-esbjerg", "alpha-kbh", "beta-kbh", "beta-varde"]


@pytest.mark.parametrize("sort", ["name", "municipality", "organisation", "method",
                                  "weekday", "start_date", "meetings", "newcomers"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_of_two_follow_the_full_order(session, sort: str, descending: bool) -> None:
    """A page is picked before its figures are summed when the sort is on what a group is:
    pages of two, put together, are the whole table in its order, with the same figures."""
    h1 = Filters(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    whole = list(group_rows(session, ESBJERG, h1, GroupQuery(sort=sort, descending=descending)))
    assert len(whole) == 4
    pages = []
    for n in range(2):
        rows, total = group_page(session, ESBJERG, h1, GroupQuery(
            sort=sort, descending=descending, page=n, page_size=2))
        assert total == 4
        pages += rows
    assert pages == whole


def test_group_query_rejects_unknown_sort() -> None:
    with pytest.raises(ValueError, match="sort"):
        GroupQuery(sort="attendance; drop table")


def test_filters_narrow_the_groups(session) -> None:
    rows, _ = group_page(session, NATIONAL, Filters(Q1.date_from, Q1.date_to, method="na"))
    assert [r["ref"] for r in rows] == ["beta-kbh"]
    rows, _ = group_page(session, NATIONAL, Filters(dt.date(2024, 4, 1), dt.date(2024, 6, 30)))
    # G3 closed on 31 March.
    assert {r["ref"] for r in rows} == {"alpha-esbjerg", "alpha-kbh", "beta-varde"}


def test_meetings_stream_with_attendance_only_in_scope(session) -> None:
    rows = list(meeting_rows(session, ESBJERG, Q1))
    assert len(rows) == 7
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    known = [r for r in rows if r["attendance"] is not None]
    assert {r["group_ref"] for r in known} == {"alpha-esbjerg"}
    assert sum(r["attendance"] for r in known) == 18


def status_of(rows: list[dict], partner: str, kind: str, q: int) -> tuple[str, int]:
    row = next(r for r in rows if (r["partner"], r["kind"], r["quarter"]) == (partner, kind, q))
    return row["status"], row["rows"]


def test_reporting_status_per_partner_and_quarter(session) -> None:
    h1 = Filters(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    rows = reporting_status(session, NATIONAL, h1, today=dt.date(2024, 6, 1))
    assert status_of(rows, "alpha", "meetings", 20241) == ("received", 5)
    assert status_of(rows, "beta", "meetings", 20241) == ("received", 2)
    assert status_of(rows, "alpha", "hours", 20241) == ("received", 3)
    assert status_of(rows, "beta", "hours", 20241) == ("received", 1)
    assert status_of(rows, "561", "aftercare", 20241) == ("received", 1)
    assert status_of(rows, "573", "aftercare", 20241) == ("received", 1)
    # Q2 is due 30 days after 30 June: not yet on 1 June ...
    assert status_of(rows, "alpha", "meetings", 20242) == ("due", 0)
    assert status_of(rows, "beta", "meetings", 20242) == ("received", 1)
    # ... and overdue on 1 September for everyone who had a group open and sent nothing.
    later = reporting_status(session, NATIONAL, h1, today=dt.date(2024, 9, 1))
    assert status_of(later, "alpha", "meetings", 20242) == ("overdue", 0)
    assert status_of(later, "101", "aftercare", 20242) == ("overdue", 0)
    assert status_of(later, "561", "aftercare", 20242) == ("received", 1)
    # Beta's only volunteers in Q2 are V5 (coordinator, no hours in Q2): overdue too.
    assert status_of(later, "beta", "hours", 20242) == ("overdue", 0)
    assert overdue_count(later) == 5  # alpha meetings+hours, beta hours, 101 and 573 aftercare
    # 561, 101, 573 aftercare for 2 quarters + 2 organisations x 2 kinds x 2 quarters.
    assert len(later) == 6 + 8


def test_reporting_status_is_scoped(session) -> None:
    rows = reporting_status(session, ESBJERG, Q1, today=dt.date(2024, 9, 1))
    assert {r["partner"] for r in rows} == {"alpha", "561"}
    rows = reporting_status(session, ALPHA, Q1, today=dt.date(2024, 9, 1))
    assert {r["partner"] for r in rows} == {"alpha"}


def test_trend_carries_hours_per_quarter(session) -> None:
    from queries.metrics import quarterly_trend

    (q1,) = quarterly_trend(session, NATIONAL, Q1)
    # V1 6 + 4 and V4 3 volunteer hours; V5's 40 are paid coordinator hours; V3's are December.
    assert (q1["volunteer_hours"], q1["coordinator_hours"]) == (13, 40)
