"""The benchmark's own measuring code runs: a renamed query must not break `make bench`."""

from benchmarks.run import PAGES, database_limit, filter_changes, replay, variations


def test_the_database_limit_runs_every_aggregate_the_overview_needs(tiny_sqlite_url: str) -> None:
    result = database_limit(tiny_sqlite_url, 2)
    assert 0 < result["median"] <= result["p95"]


def test_filter_changes_never_repeat_a_setting() -> None:
    drawn = [tuple(sorted(v.items())) for v in variations(40)]
    assert len(set(drawn)) == len(drawn) == 40


def test_each_change_is_set_against_the_same_sql_replayed(app) -> None:  # noqa: ANN001
    """Every page's changes carry the database's own time for the statements they sent,
    the overview's as a restricted viewer too, and the recorder is gone afterwards (it
    would slow every later request)."""
    engine = app.server.extensions["overblik_engine"]
    listeners = list(engine.dispatch.before_cursor_execute)
    result = filter_changes(app, 2, restricted=("esbjerg",))  # the tiny world's own user
    assert set(result) == {*PAGES, "overview (esbjerg)"}
    for page, figures in result.items():
        assert 0 < figures["sql_median"] <= figures["sql_p95"], page
        # The change includes the replayed statements' work and more (Dash, folding).
        assert figures["per_sql"] > 1, page
    assert list(engine.dispatch.before_cursor_execute) == listeners


def test_replay_reads_every_row(tiny_sqlite_url: str) -> None:
    """The replay fetches what it asks for: a statement whose rows cannot be read fails."""
    from sqlalchemy import create_engine

    engine = create_engine(tiny_sqlite_url)
    assert replay(engine, [("SELECT count(*) FROM meeting WHERE quarter > ?", (0,))]) > 0
    try:
        replay(engine, [("SELECT no_such_column FROM meeting", ())])
    except Exception as err:  # noqa: BLE001 - the driver's own error type
        assert "no_such_column" in str(err)
    else:
        raise AssertionError("a broken statement was not run")
    engine.dispose()


def test_cpu_seconds_counts_a_server_and_its_workers() -> None:
    """A parent that only waits and a child that spins for about half a second of CPU: the
    parent's count holds the child's time (gunicorn's workers are its children), and the
    count stays well below the wall time of a child that only sleeps."""
    import subprocess
    import sys
    import time

    from benchmarks.run import cpu_seconds

    spin = ("import time\nend = time.process_time() + 0.5\n"
            "while time.process_time() < end: pass\ntime.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-c",
                               f"import subprocess, sys; subprocess.run([sys.executable, "
                               f"'-c', {spin!r}])"])
    try:
        deadline = time.monotonic() + 20
        while cpu_seconds(parent.pid) < 0.45 and time.monotonic() < deadline:
            time.sleep(0.1)
        used = cpu_seconds(parent.pid)
        assert 0.45 <= used < 3.0, used
        time.sleep(1.0)  # the child now sleeps: no more CPU to count
        assert cpu_seconds(parent.pid) - used < 0.3
    finally:
        parent.kill()
        parent.wait()
