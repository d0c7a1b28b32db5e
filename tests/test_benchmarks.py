"""The benchmark's own measuring code runs: a renamed query must not break `make bench`."""

from benchmarks.run import database_limit, variations


def test_the_database_limit_runs_every_aggregate_the_overview_needs(tiny_sqlite_url: str) -> None:
    result = database_limit(tiny_sqlite_url, 2)
    assert 0 < result["median"] <= result["p95"]


def test_filter_changes_never_repeat_a_setting() -> None:
    drawn = [tuple(sorted(v.items())) for v in variations(40)]
    assert len(set(drawn)) == len(drawn) == 40
