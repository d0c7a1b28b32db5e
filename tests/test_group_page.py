"""A page per group (issue 13): the query on the tiny world by hand, and the page's callback
as each role would call it, or forge it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from queries.filters import Filters
from queries.groups import group_detail
from queries.scope import Scope
from tests.conftest import call_callback

Q1 = Filters(dt.date(2024, 1, 1), dt.date(2024, 3, 31))


def test_own_group_in_full(session) -> None:
    g = group_detail(session, Scope.municipal({561}), Q1, "alpha-esbjerg")
    assert g is not None and g["own"]
    # G1 meets on Mondays, open all of Q1: 5 in January, 4 in February, 4 in March = 13.
    # Held on 8 and 15 January and 5 February, attendance 6 + 7 + 5, newcomers 2 + 0 + 1.
    assert (g["meetings"], g["scheduled"]) == (3, 13)
    assert g["regularity"] == 3 / 13
    assert (g["attendance"], g["avg_attendance"], g["newcomers"]) == (18, 6.0, 3)
    # V1 and V2 facilitate G1 and are active in Q1; only V1 is trained by 31 March.
    assert (g["facilitators"], g["trained_facilitators"]) == (2, 1)
    assert [r["quarter"] for r in g["quarters"]] == [20241]
    assert g["quarters"][0]["single_facilitator_meetings"] == 3  # one facilitator each


def test_group_outside_scope_shows_only_public_facts(session) -> None:
    for scope in (Scope.municipal({101}), Scope.ngo(1, municipalities={101}), Scope.ngo(2)):
        g = group_detail(session, scope, Q1, "alpha-esbjerg")
        assert g is not None and not g["own"]
        assert (g["meetings"], g["scheduled"]) == (3, 13)  # as on the public group list
        assert g["attendance"] is g["avg_attendance"] is g["newcomers"] is None
        assert g["facilitators"] is g["trained_facilitators"] is None
        assert all(r["attendance"] is None and r["facilitators_per_meeting"] is None
                   for r in g["quarters"])


def test_schedule_counts_only_the_days_the_group_was_open(session) -> None:
    # G2 opens 15 February 2024 and meets on Saturdays: 17 and 24 February, 2, 9, 16, 23
    # and 30 March = 7 scheduled; held 17 February and 2 March.
    g = group_detail(session, Scope.national(), Q1, "alpha-kbh")
    assert (g["meetings"], g["scheduled"], g["online"]) == (2, 7, True)


def test_unknown_group_is_none(session) -> None:
    assert group_detail(session, Scope.national(), Q1, "no-such-group") is None


def page(client, ref: str) -> dict:  # noqa: ANN001
    values = {"group-ref": ref, "group-filter-from": "2024-01-01",
              "group-filter-to": "2024-03-31"}
    response = call_callback(client, "group-content.children", values)
    assert response.status_code == 200, response.text[:300]
    return response.json["response"]


def test_page_in_full_for_the_groups_own_manager(login_as) -> None:
    body = page(login_as("esbjerg"), "alpha-esbjerg")
    text = json.dumps(body["group-content"], ensure_ascii=False)
    assert body["group-title"]["children"] == "Gruppe alpha-esbjerg · Esbjerg · mandag kl. 19:00"
    assert "6,0" in text and "23,1 %" in text  # 18/3 per meeting; 3 of 13 held
    assert "Uden for dit område" not in text


@pytest.mark.parametrize(("user", "ref", "shown", "hidden"), [
    ("koebenhavn", "alpha-esbjerg", "23,1 %", "6,0"),  # 3 of 13 held; 18/3 per meeting
    # G3 meets on Wednesdays, 13 in Q1; held 10 January (4) and 27 March (9): 2 of 13.
    ("alpha", "beta-kbh", "15,4 %", "6,5"),
])
def test_page_outside_scope_says_so_and_shows_no_people(login_as, user, ref, shown,
                                                        hidden) -> None:
    text = json.dumps(page(login_as(user), ref)["group-content"], ensure_ascii=False)
    assert "Uden for dit område" in text and shown in text
    assert hidden not in text and "fremmøde pr. møde" not in text


def test_unknown_group_is_a_message(login_as) -> None:
    text = json.dumps(page(login_as("national"), "nope"), ensure_ascii=False)
    assert "Der findes ingen gruppe med nummeret nope" in text


def test_groups_table_links_each_group_to_its_page(login_as) -> None:
    values = {"groups-filter-from": "2024-01-01", "groups-filter-to": "2024-03-31",
              "groups-sort": "name", "groups-desc": "0"}
    body = call_callback(login_as("national"), "groups-table.children", values).json
    table = json.dumps(body["response"]["groups-table"], ensure_ascii=False)
    assert "](/gruppe/alpha-esbjerg)" in table and "](/gruppe/beta-kbh)" in table
