"""Danish and English everywhere: every text the code asks for exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.i18n import catalogue, placeholders, t

ROOT = Path(__file__).resolve().parents[1] / "dashboard"
# t("key") and t(f"prefix.{...}") calls in the web layer.
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")
PREFIX = re.compile(r"""\bt\(\s*f["']([a-z0-9_]+\.)\{""")


def used_keys() -> tuple[set[str], set[str]]:
    keys, prefixes = set(), set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(LITERAL.findall(text))
        prefixes |= set(PREFIX.findall(text))
    return keys, prefixes


def test_every_key_the_code_uses_exists() -> None:
    keys, prefixes = used_keys()
    assert len(keys) > 100, "the scan found the texts"
    missing = sorted(k for k in keys if k not in catalogue())
    assert not missing, missing
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in catalogue()), prefix


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_both_languages_are_written_and_agree_on_placeholders(key: str) -> None:
    da, en = catalogue()[key]
    assert da.strip() and en.strip(), key
    assert placeholders(da) == placeholders(en), key


def test_generated_keys_exist_in_both_languages() -> None:
    from dashboard.tables import (
        ACTIVITY_COLUMNS,
        BENCHMARK_COLUMNS,
        GROUP_COLUMNS,
        MEETING_COLUMNS,
        MUNICIPALITY_COLUMNS,
        STATUS_COLUMNS,
        TREND_COLUMNS,
        VOLUNTEER_COLUMNS,
    )
    from queries.groups import SORTABLE
    from queries.models import METHODS
    from queries.status import STATUSES

    needed = {f"col.{c.key}" for cols in (ACTIVITY_COLUMNS, BENCHMARK_COLUMNS, GROUP_COLUMNS,
                                          MEETING_COLUMNS, MUNICIPALITY_COLUMNS,
                                          STATUS_COLUMNS, TREND_COLUMNS, VOLUNTEER_COLUMNS)
              for c in cols}
    needed |= {f"col.{k}" for k in SORTABLE} | {f"method.{m}" for m in METHODS}
    needed |= {f"status.{s}" for s in STATUSES} | {f"weekday.{d}" for d in range(7)}
    needed |= {f"kind.{k}" for k in ("meetings", "hours", "aftercare")}
    needed |= {f"verdict.{v}" for v in ("higher", "lower", "same")}
    needed |= {f"role.{r}" for r in ("national", "municipal", "ngo", "admin")}
    assert not sorted(needed - set(catalogue()))


def test_the_language_is_chosen_per_call() -> None:
    assert t("nav.overview", "da") == "Oversigt" and t("nav.overview", "en") == "Overview"
    assert t("groups.count", "en", total="3") == "3 groups"


def test_a_callback_answers_in_the_language_of_its_page(app) -> None:
    """A callback's page address (its Referer) decides before the session, whose cookie an
    answer for the page before a language switch can overwrite."""
    from dashboard.i18n import current_lang

    server = app.server
    for referrer, expected in (("http://127.0.0.1/kommune/561?from=2024-01-01&lang=en", "en"),
                               ("http://127.0.0.1/kommune/561?lang=da", "da"),
                               ("http://127.0.0.1/kommune/561?lang=xx", "da"),
                               ("http://127.0.0.1/kommune/561", "da")):
        with server.test_request_context("/_dash-update-component", method="POST",
                                         headers={"Referer": referrer}):
            assert current_lang() == expected, referrer


def test_every_page_has_a_browser_tab_title_in_both_languages() -> None:
    """English tabs read "Dataformater" and "Gruppe": every page module needs its title."""
    import pkgutil

    import dashboard.pages as pages

    modules = [m.name for m in pkgutil.iter_modules(pages.__path__)]
    assert len(modules) >= 12
    missing = [m for m in modules if f"title.{m}" not in catalogue()]
    assert missing == []
