"""The data status page in pages of 50 reports, chosen by status and kind (issue 13)."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_the_status_table_pages_and_filters(login) -> None:
    page = login("national", "/status")
    position = page.locator("#status-position")
    expect(position).to_have_text(re.compile(r"Side 1 af \d+"))
    pages = int(position.inner_text().rsplit(" ", 1)[-1])
    assert pages > 1, "the demo has more than 50 reports"
    expect(page.locator("#status-prev")).to_be_disabled()
    page.click("#status-next")
    expect(position).to_have_text(f"Side 2 af {pages}")
    rows = page.locator("#status-table tbody tr")
    expect(rows).to_have_count(50)
    # Only the overdue ones: one page, every row says so, and the pager starts again.
    page.click("#status-only")
    page.get_by_role("option", name="Mangler, fristen er overskredet", exact=True).click()
    expect(position).to_have_text("Side 1 af 1")
    expect(page.locator("#status-next")).to_be_disabled()
    for text in page.locator("#status-table tbody tr").all_inner_texts():
        assert "Mangler, fristen er overskredet" in text
