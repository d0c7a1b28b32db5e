"""Definitions inside the app (issue 13): docs/metrics.md served as /om/definitioner with an
anchor per section, and every card and chart linking to an anchor that exists."""

from __future__ import annotations

import re

from dashboard.definitions import PANEL_ANCHORS, QUESTION_ANCHORS, panel_anchor, sections, slug


def test_headings_become_anchors_from_their_english_part() -> None:
    assert slug("Aftercare reach — Efterbehandlingens rækkevidde") == "aftercare-reach"
    assert slug("Groups table, meetings export — Grupper") == "groups-table-meetings-export"


def test_every_link_target_is_a_section_of_the_document() -> None:
    anchors = {anchor for anchor, _, _ in sections()}
    assert {"group-coverage", "volunteer-capacity", "aftercare-reach",
            "disclosure-control"} <= anchors
    assert set(PANEL_ANCHORS.values()) <= anchors
    assert set(QUESTION_ANCHORS.values()) <= anchors
    assert panel_anchor("overview-league") == "aftercare-reach"
    assert panel_anchor("municipality-benchmark") == "comparison-with-comparable-municipalities"


def test_the_page_serves_the_document(login_as) -> None:
    client = login_as("esbjerg")
    page = client.get("/om/definitioner")
    assert page.status_code == 200
    # The layout arrives by Dash's callback; the document it draws is read from the file.
    body = sections()[3][2]  # aftercare reach
    assert "Wilson" in body and re.search(r"\| reach \| andel nået \| A / C \|", body)
