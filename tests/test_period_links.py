"""A shared link's period is shown as the bar can show it, never silently replaced by the
default (issue 13: a `to` that is not a quarter's last day emptied the picker)."""

import datetime as dt

from dashboard.components.filters import filter_bar
from queries.filters import default_period


def picked(query: dict[str, str]) -> dict[str, object]:
    bar = filter_bar("overview", query)
    values = {}
    for field in bar.children:
        for child in getattr(field, "children", []) or []:
            if getattr(child, "id", None) in ("overview-filter-from", "overview-filter-to"):
                values[child.id.rsplit("-", 1)[1]] = child.value
    return values


def test_a_day_inside_a_quarter_stands_for_the_whole_quarter() -> None:
    assert picked({"from": "2025-05-17", "to": "2025-11-15"}) == {
        "from": "2025-04-01", "to": "2025-12-31"}


def test_quarter_ends_are_kept_as_they_are() -> None:
    assert picked({"from": "2024-01-01", "to": "2024-06-30"}) == {
        "from": "2024-01-01", "to": "2024-06-30"}


def test_unreadable_or_far_dates_give_the_default_or_the_nearest_offered_quarter() -> None:
    start, end = default_period()
    assert picked({"from": "not-a-date", "to": ""}) == {
        "from": start.isoformat(), "to": end.isoformat()}
    assert picked({"from": "1999-02-03", "to": "2099-01-01"}) == {
        "from": "2013-01-01", "to": end.isoformat()}
    assert dt.date.fromisoformat(picked({"to": "2099-01-01"})["to"]) == end


def said(query: dict[str, str]) -> str:
    bar = filter_bar("overview", query)
    notes = [c for c in bar.children if getattr(c, "id", None) == "overview-link-adjusted"]
    return notes[0].children if notes else ""


def test_the_bar_says_when_it_shows_the_link_otherwise() -> None:
    assert said({"from": "2024-01-01", "to": "2024-06-30"}) == ""
    assert "2025 K2 – 2025 K4" in said({"from": "2025-05-17", "to": "2025-11-15"})
    assert "region: 'abc' er ikke en gyldig kode" in said({"region": "abc"})
    assert "peers" not in said({"peers": "x"})  # the overview's bar has no comparison field


def test_a_malformed_comparison_list_is_named_where_the_bar_has_it() -> None:
    bar = filter_bar("municipality", {"peers": "101,x7"}, ("from", "to", "peers"))
    text = [c for c in bar.children if getattr(c, "id", None) == "municipality-link-adjusted"]
    assert text and "peers: 'x7'" in text[0].children


def test_a_reversed_period_is_left_to_the_pages_own_error_line() -> None:
    """The page says "the period starts after it ends" itself; the bar must not also claim
    it left that out."""
    assert "sprunget over" not in said({"from": "2026-07-01", "to": "2025-03-31"})
