"""The query cache: keyed by the whole scope, the filters and the data's version."""

from __future__ import annotations

import datetime as dt

from queries.cache import QueryCache, data_version
from queries.models import Submission
from queries.scope import Scope


def test_same_key_computes_once_and_entries_expire() -> None:
    cache, calls = QueryCache(max_entries=2, ttl_seconds=0.0), []
    cache.get_or_compute("k", lambda: calls.append(1) or 1)
    cache.get_or_compute("k", lambda: calls.append(1) or 1)
    assert len(calls) == 2  # a zero time to live never serves an old entry
    cache = QueryCache(max_entries=2)
    for key in ("a", "b", "a", "c", "a", "b"):
        cache.get_or_compute(key, lambda k=key: calls.append(k) or k)
    assert (cache.hits, cache.misses) == (2, 4)  # "b" was evicted by "c"


def test_two_scopes_never_share_an_answer(login_as, app) -> None:
    from tests.conftest import call_callback

    cache = app.server.extensions["overblik_cache"]
    cache.clear()
    values = {"overview-filter-from": "2024-01-01", "overview-filter-to": "2024-03-31",
              "overview-filter-municipality": 101}
    national = call_callback(login_as("national"), "overview-kpis.children", values).text
    misses = cache.misses
    again = call_callback(login_as("national"), "overview-kpis.children", values).text
    assert cache.misses == misses and again == national  # served from the cache
    esbjerg = call_callback(login_as("esbjerg"), "overview-kpis.children", values).text
    assert cache.misses > misses  # its own entries, not the national manager's
    # København's exact reach (1 of 3) is the national manager's; Esbjerg's answer differs.
    assert "33,3" in national and esbjerg != national


def test_an_import_changes_the_data_version(session) -> None:
    before = data_version(session)
    session.add(Submission(kind="meetings", submitted_by="t", submitted_at=dt.datetime(2024, 1, 1),
                           filename="f.csv", sha256="0" * 64, row_count=0))
    session.flush()
    assert data_version(session) != before


def test_whole_page_outputs_are_kept_per_scope_language_and_inputs(login_as, app) -> None:
    from tests.conftest import call_callback

    pages = app.server.extensions["overblik_pages"]
    pages.clear()
    values = {"overview-filter-from": "2024-01-01", "overview-filter-to": "2024-03-31"}
    client = login_as("national")
    first = call_callback(client, "overview-kpis.children", values).text
    hits = pages.hits
    assert call_callback(client, "overview-kpis.children", values).text == first
    assert pages.hits == hits + 1  # the same question: the kept output
    client.get("/start?lang=en")  # the language is remembered in the session
    english = call_callback(client, "overview-kpis.children", values).text
    assert english != first and "Active groups" in english and pages.hits == hits + 1
    other = call_callback(login_as("esbjerg"), "overview-kpis.children", values).text
    assert pages.hits == hits + 1 and other != first  # another scope: its own output
    later = dict(values, **{"overview-filter-to": "2024-06-30"})
    assert call_callback(login_as("national"), "overview-kpis.children", later).text != first


def test_a_partner_change_changes_the_data_version_and_a_login_does_not(session) -> None:
    """A renamed organisation shows its new name at once (cached pages hold names), while
    the log-ins and downloads that fill the audit log leave the cache alone."""
    from queries import audit
    from queries.partners import add_partnership, rename_organisation

    before = data_version(session)
    audit.record(session, "esbjerg", "login")
    audit.record(session, "esbjerg", "download", dataset="groups")
    session.flush()
    assert data_version(session) == before
    rename_organisation(session, "alpha", "Alpha Danmark", actor="admin")
    session.flush()
    renamed = data_version(session)
    assert renamed != before
    add_partnership(session, "alpha", 147, dt.date(2024, 1, 1), actor="admin")
    session.flush()
    assert data_version(session) != renamed


def test_a_review_changes_the_data_version(session) -> None:
    """The data status page shows who checked and approved a file: each step is a new
    version, so no kept page shows the review before it."""
    from queries.review import approve_submission, check_submission

    sub = Submission(kind="aftercare", submitted_by="t", submitted_at=dt.datetime(2024, 1, 1),
                     filename="f.csv", sha256="1" * 64, row_count=0, municipality_code=561)
    session.add(sub)
    session.flush()
    imported = data_version(session)
    check_submission(session, Scope.national(), sub.id, actor="national")
    session.flush()
    checked = data_version(session)
    assert checked != imported
    approve_submission(session, Scope.national(), sub.id, actor="national")
    session.flush()
    approved = data_version(session)
    assert approved not in (imported, checked)
    # Approving again changes nothing (no audit, no new time), and neither does the version.
    approve_submission(session, Scope.national(), sub.id, actor="national")
    session.flush()
    assert data_version(session) == approved
