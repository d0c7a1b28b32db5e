"""Date presets beside the quarter pickers (issue 13): one click sets both pickers, redraws
the view and writes the address."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dashboard.components.filters import preset_period


def test_a_preset_sets_the_period_and_the_address(login) -> None:
    page = login("esbjerg", "/kommune/561")
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    start, end = preset_period("year")
    page.click("#municipality-preset-year")
    expect(page).to_have_url(re.compile(rf"from={start}&to={end}"))
    year = start[:4]
    expect(page.locator("#municipality-filter-from")).to_contain_text(f"{year} K1")
    expect(page.locator("#municipality-filter-to")).to_contain_text(f"{year} K4")
    # The year-on-year panel now compares that year with the one before.
    expect(page.locator("#municipality-content")).to_contain_text(
        f"{year} K1 – {year} K4 sammenlignet med {int(year) - 1} K1 – {int(year) - 1} K4")
