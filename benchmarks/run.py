"""The benchmark suite: measures and reports, never fails on a number (`make bench`).

For SQLite and PostgreSQL at each scale it measures the server time of filter changes on
every page against the database's own time for the same aggregations, the first page load
in headless Chromium, CSV throughput against the database's own export tool, import
throughput, and 50 concurrent users against `overblik serve`. Results go to BENCHMARKS.md.

    python -m benchmarks.run                      # scales 1 and 10, SQLite and PostgreSQL
    python -m benchmarks.run --scales 1 --dbs sqlite --changes 30
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.app import create_app, settle_heap  # noqa: E402
from dashboard.config import TestConfig  # noqa: E402
from queries import metrics  # noqa: E402
from queries.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from queries.demo import build_demo  # noqa: E402
from queries.filters import (  # noqa: E402
    Filters,
    default_period,
    quarter_end,
    quarter_start,
)
from queries.models import quarter_of  # noqa: E402
from queries.scope import Scope  # noqa: E402
from queries.status import quarter_completeness  # noqa: E402
from tests.conftest import csrf_from, dash_outputs  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
THINK = (2.0, 6.0)  # seconds a simulated manager reads the page between two filter changes
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {  # page: (callback output that draws it, fixed inputs)
    "overview": ("overview-kpis.children", {}),
    "municipality": ("municipality-content.children", {"municipality-code": "561"}),
    "organisation": ("organisation-content.children", {"organisation-slug": "smart-danmark"}),
    "groups": ("groups-table.children", {"groups-sort": "municipality", "groups-desc": "0"}),
    "status": ("status-table.children", {}),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


# ---------------------------------------------------------------- databases


@contextlib.contextmanager
def database(kind: str, scale: int) -> Iterator[tuple[str, float | None]]:
    """A demo database of the scale; yields its URL and the generation time (None if reused)."""
    if kind == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / f"scale{scale}.db"
        url = f"sqlite:///{path}"
        took = None
        if not path.exists():
            took = build(url, scale)
        else:
            upgrade(url)
        yield url, took
        return
    from tests.pgserver import running_postgres

    with running_postgres() as url:
        yield url, build(url, scale)


def build(url: str, scale: int) -> float:
    upgrade(url)
    engine = make_engine(url)
    start = time.perf_counter()
    with transaction(session_factory(engine)) as session:
        build_demo(session, scale=scale)
    engine.dispose()
    return time.perf_counter() - start


# ---------------------------------------------------------------- filter changes


def variations(n: int, seed: int = 2026) -> list[dict[str, object]]:
    """n filter settings, no two alike, as managers nobody asked before them would choose
    (issue 15: four fixed periods made most changes cache hits): a period of 1 to 8 whole
    quarters within the last three years, a region and a method, drawn with a fixed seed so
    that runs compare. The first n of a longer list are the same settings."""
    last = quarter_of(default_period()[1])
    quarters = [last]
    while len(quarters) < 12:
        q = quarters[0]
        quarters.insert(0, q - 1 if q % 10 != 1 else (q // 10 - 1) * 10 + 4)
    methods, regions = [None, "smart", "na", "other"], [None, 1081, 1082, 1083, 1084, 1085]
    rng = random.Random(seed)
    seen: set[tuple] = set()
    out: list[dict[str, object]] = []
    while len(out) < n:
        a = rng.randrange(len(quarters))
        b = min(len(quarters) - 1, a + rng.randrange(8))
        setting = (quarters[a], quarters[b], rng.choice(methods), rng.choice(regions))
        if setting in seen:
            continue
        seen.add(setting)
        out.append({"from": quarter_start(setting[0]).isoformat(),
                    "to": quarter_end(setting[1]).isoformat(),
                    "method": setting[2], "region": setting[3]})
    return out


def login(client, user: str = "national") -> None:  # noqa: ANN001
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": user, "password": "demo", "csrf_token": token,
                                "next": "/"})


def callback_request(dep: dict, page: str, values: dict[str, object]) -> dict:
    def item(i: dict) -> dict:
        key = i["id"]
        value = values.get(key)
        if key.startswith(f"{page}-filter-"):
            value = values.get(key.removeprefix(f"{page}-filter-"))
        return {"id": key, "property": i["property"], "value": value}

    return {"output": dep["output"], "outputs": dash_outputs(dep["output"]),
            "inputs": [item(i) for i in dep["inputs"]], "state": [item(i) for i in dep["state"]],
            "changedPropIds": [f"{page}-filter-method.value"]}


def clear_caches(app) -> None:  # noqa: ANN001
    """Forget every remembered answer: query results and whole page outputs."""
    app.server.extensions["overblik_cache"].clear()
    app.server.extensions["overblik_pages"].clear()


# Restricted viewers are most of the users, and their overview does more (disclosure
# control of everyone else's figures): measured beside the national manager's pages.
RESTRICTED = ("esbjerg", "frise")


def filter_changes(app, n: int, restricted: tuple[str, ...] = RESTRICTED  # noqa: ANN001
                   ) -> dict[str, dict[str, float]]:
    """Server time per filter change on each page (every callback the change fires), as the
    national manager, and on the overview as each restricted viewer ("overview (esbjerg)")."""
    settle_heap()  # as `overblik serve` does in each worker once its app is built
    clients = {}
    for user in ("national", *restricted):
        clients[user] = app.server.test_client()
        login(clients[user], user)
    deps = clients["national"].get("/_dash-dependencies").json
    engine = app.server.extensions["overblik_engine"]
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    out = {}
    runs = [("national", page) for page in PAGES] + [(u, "overview") for u in restricted]
    for user, page in runs:
        output, fixed = PAGES[page]
        client = clients[user]
        fired = [d for d in deps if any(i["id"].startswith(f"{page}-filter-")
                                        for i in d["inputs"])]
        main = next(d for d in deps if output in d["output"])
        fired = fired or [main]
        times, cached_times, sql_times = [], [], []
        cache = app.server.extensions["overblik_cache"]
        hits = misses = 0
        for values in variations(n):
            body = [callback_request(d, page, {**values, **fixed}) for d in fired]
            clear_caches(app)
            h0, m0 = cache.hits, cache.misses
            statements.clear()
            start = time.perf_counter()
            for b in body:
                response = client.post("/_dash-update-component", json=b)
                assert response.status_code == 200, (user, page, response.status_code)
            times.append(time.perf_counter() - start)
            sql_times.append(replay(engine, list(statements)))
            # What the cache still answered within a fresh change (queries shared by its
            # callbacks), reported beside the figures: fresh filters, not a warm cache.
            hits, misses = hits + cache.hits - h0, misses + cache.misses - m0
            start = time.perf_counter()
            for b in body:
                client.post("/_dash-update-component", json=b)
            cached_times.append(time.perf_counter() - start)
        out[page if user == "national" else f"{page} ({user})"] = {
            "median": statistics.median(times), "p95": percentile(times, 95),
            "cached_median": statistics.median(cached_times),
            "hit_share": hits / (hits + misses) if hits + misses else 0.0,
            "sql_median": statistics.median(sql_times),
            "sql_p95": percentile(sql_times, 95),
            "per_sql": statistics.median(t / q for t, q in zip(times, sql_times,
                                                               strict=True))}
    event.remove(engine, "before_cursor_execute", record)
    return out


def replay(engine, statements: list[tuple[str, object]]) -> float:  # noqa: ANN001
    """The database's own time for exactly the SQL a change sent: every statement with its
    parameters, straight through the driver (no SQLAlchemy, no Dash), all rows fetched."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        start = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        took = time.perf_counter() - start
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    return took


def raw_aggregation(url: str, n: int) -> dict[str, float]:
    """What the overview's meeting and hours aggregates cost read from the raw rows, as they
    were before the quarter summaries: the database's time without them."""
    from sqlalchemy import func, select

    from queries.models import Group, Meeting, Volunteer, VolunteerHours

    engine = make_engine(url)
    times = []
    with engine.connect() as conn:
        for values in variations(n):
            f = Filters.from_query({k: str(v) for k, v in values.items() if v is not None})
            meetings = (select(Group.municipality_code, Meeting.quarter, Group.organisation_id,
                               Group.method, func.count(Meeting.id), func.sum(Meeting.attendance),
                               func.sum(Meeting.newcomers))
                        .join(Group, Group.id == Meeting.group_id)
                        .where(*metrics._group_filters(f),
                               Meeting.date.between(f.date_from, f.date_to))
                        .group_by(Group.municipality_code, Meeting.quarter,
                                  Group.organisation_id, Group.method))
            hours = (select(Volunteer.municipality_code, VolunteerHours.quarter,
                            Volunteer.organisation_id, func.sum(VolunteerHours.hours))
                     .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
                     .where(*metrics._volunteer_filters(f),
                            VolunteerHours.month.between(f.date_from.replace(day=1), f.date_to))
                     .group_by(Volunteer.municipality_code, VolunteerHours.quarter,
                               Volunteer.organisation_id))
            start = time.perf_counter()
            conn.execute(meetings).all()
            conn.execute(hours).all()
            times.append(time.perf_counter() - start)
    engine.dispose()
    return {"median": statistics.median(times), "p95": percentile(times, 95)}


def database_limit(url: str, n: int) -> dict[str, float]:
    """The database's own time for the overview's aggregations: each distinct SQL aggregate
    the page needs, run once directly, no Dash, no folding into rows (the charts'
    completeness included since issue 15)."""
    engine = make_engine(url)
    session = session_factory(engine)()
    scope = Scope.national()
    sql_parts: list[Callable] = [metrics.attendance_cells, metrics.volunteer_cells,
                                 metrics.hours_cells, metrics.aftercare_cells,
                                 metrics.group_counts_by_municipality,
                                 metrics.facilitator_risk_cells, metrics.municipalities,
                                 quarter_completeness]
    times = []
    for values in variations(n):
        f = Filters.from_query({k: str(v) for k, v in values.items() if v is not None})
        start = time.perf_counter()
        for part in sql_parts:
            part(session, scope, f)
        times.append(time.perf_counter() - start)
    session.close()
    engine.dispose()
    return {"median": statistics.median(times), "p95": percentile(times, 95)}


# ---------------------------------------------------------------- browser, CSV, import


@contextlib.contextmanager
def served(app) -> Iterator[str]:  # noqa: ANN001
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def first_load(app, runs: int = 3) -> float:  # noqa: ANN001
    """Navigation to the overview until its map and trend are drawn, median of `runs`."""
    from playwright.sync_api import sync_playwright

    times = []
    with served(app) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "/login")
        page.fill("#username", "national")
        page.fill("#password", "demo")
        page.click("button[type=submit]")
        page.wait_for_selector("#overview-map-graph .main-svg", timeout=120_000)
        for _ in range(runs):
            clear_caches(app)
            start = time.perf_counter()
            page.goto(base + "/", wait_until="commit")
            page.wait_for_selector("#overview-map-graph .choroplethlocation", timeout=120_000)
            page.wait_for_selector("#overview-trend-graph .main-svg", timeout=120_000)
            times.append(time.perf_counter() - start)
        browser.close()
    return statistics.median(times)


MEETINGS_SQL = ("SELECT m.date, m.quarter, g.ref, g.name, g.municipality_code, o.slug, g.method, "
                "m.attendance, m.newcomers, m.facilitators FROM meeting m "
                "JOIN selfhelp_group g ON g.id = m.group_id "
                "JOIN organisation o ON o.id = g.organisation_id "
                "WHERE m.date BETWEEN '{a}' AND '{b}' ORDER BY m.date, g.ref")


def _stream(client, query: str) -> tuple[int, int, float]:  # noqa: ANN001
    start = time.perf_counter()
    response = client.get(f"/download/meetings.csv?{query}", buffered=False)
    size = lines = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        lines += data.count(b"\n")
    return size, lines - 1, time.perf_counter() - start


def csv_throughput(app, url: str, runs: int = 3) -> dict[str, float]:  # noqa: ANN001
    """The largest dataset (every meeting of the whole history) through the download route,
    against the database's own CSV export of the same rows. The two take turns, `runs` times
    each, and the medians are compared: timing the app once, first, gave it a cold page cache
    (at scale 100 a 2.6 GB file) that the tool after it did not have. Speed is measured
    without tracing; memory is traced in separate passes over one year and over the whole
    history: equal peaks mean the stream runs in constant memory."""
    client = app.server.test_client()
    login(client)
    a, b = "2013-01-01", default_period()[1].isoformat()
    sql = MEETINGS_SQL.format(a=a, b=b)
    if url.startswith("sqlite"):
        tool_argv = ["sqlite3", "-csv", url.removeprefix("sqlite:///"), sql]
    else:
        host = re.search(r"host=([^&]+)", url).group(1)
        tool_argv = ["psql", "-h", host, "-U", "postgres", "-d", "overblik", "-q", "-c",
                     f"\\copy ({sql}) TO STDOUT WITH CSV"]
    took, tool = [], []
    for _ in range(runs):
        size, rows, seconds = _stream(client, f"from={a}&to={b}")
        took.append(seconds)
        start = time.perf_counter()
        subprocess.run(tool_argv, check=True, stdout=subprocess.DEVNULL)
        tool.append(time.perf_counter() - start)
    peaks = []
    for first in (f"{default_period()[1].year}-01-01", a):
        tracemalloc.start()
        _stream(client, f"from={first}&to={b}")
        peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
        tracemalloc.stop()
    app_s, tool_s = statistics.median(took), statistics.median(tool)
    return {"rows": rows, "mb": size / 1e6, "seconds": app_s, "rows_per_s": rows / app_s,
            "mb_per_s": size / 1e6 / app_s, "tool_seconds": tool_s,
            "tool_rows_per_s": rows / tool_s, "share": tool_s / app_s, "runs": runs,
            "peak_mb": peaks[1], "peak_mb_one_year": peaks[0]}


def import_throughput(url: str) -> dict[str, float]:
    """A quarter of meetings for the largest organisation, validated and written, rolled back."""
    from sqlalchemy import select

    from queries.importer import MAX_ROWS, Partner, import_file
    from queries.models import Group, Meeting, Organisation

    engine = make_engine(url)
    session = session_factory(engine)()
    quarter = int(f"{default_period()[1].year}{(default_period()[1].month - 1) // 3 + 1}")
    rows = session.execute(
        select(Group.ref, Meeting.date, Meeting.attendance, Meeting.newcomers)
        .join(Group, Group.id == Meeting.group_id)
        .join(Organisation, Organisation.id == Group.organisation_id)
        .where(Organisation.slug == "smart-danmark", Meeting.quarter == quarter)).all()
    # A file holds at most the importer's MAX_ROWS rows: past scale 10, a quarter of the
    # largest organisation is more, and its first MAX_ROWS meetings are the file.
    rows = rows[:MAX_ROWS]
    text = io.StringIO()
    text.write("gruppe;dato;fremmøde;nye\n")
    for ref, day, att, new in rows:
        text.write(f"{ref};{day.isoformat()};{att + 1};{new}\n")
    data = text.getvalue().encode("utf-8")
    start = time.perf_counter()
    result = import_file(session, data, "meetings", Partner(organisation="smart-danmark"),
                         scope=Scope(role="admin"), filename="bench.csv", submitted_by="bench",
                         quarter=quarter)
    session.flush()
    took = time.perf_counter() - start
    assert result.status == "imported", result.problems[:3]
    session.rollback()
    session.close()
    engine.dispose()
    return {"rows": len(rows), "seconds": took, "rows_per_s": len(rows) / took}


# ---------------------------------------------------------------- concurrent users


def rss_mb(pid: int) -> tuple[float, float, float]:
    """Resident memory of a process and its children, in MB: the sum of their RSS (pages
    shared between them counted in each), the sum of their PSS (shared pages divided among
    them: what the server really holds), and the largest peak RSS of one process."""
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    now = pss = peak = 0.0
    for p in pids:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{p}/status").read_text()
            now += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
            peak = max(peak, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        with contextlib.suppress(OSError, AttributeError):
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) / 1024
    return now, pss, peak


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children (gunicorn's
    workers): what a change costs the server, whatever the queue in front of it."""
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in
                 Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    ticks = 0
    for p in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def concurrent_users(url: str, users: int = 50, changes: int = 5,
                     think: tuple[float, float] | None = None,
                     viewers: tuple[str, ...] = ("national",)) -> dict[str, float]:
    """`users` simulated managers, each logging in and changing filters, against gunicorn.

    Without `think`, every user fires the next change the moment the last one answers (a
    stress test: 50 requests always in flight on 2 cores). With `think=(a, b)`, each waits
    a random a..b seconds before each change, as a person reading the page does. User i
    logs in as viewers[i % len(viewers)]."""
    import requests

    port = 18000 + os.getpid() % 1000
    env = {**os.environ, "DATABASE_URL": url, "OVERBLIK_DEMO": "1"}
    # The server as `overblik serve` starts it by default (2 workers, 1 thread each).
    server = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", "--port",
                               str(port)], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            time.sleep(0.5)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        # Everyone logs in first (each login costs 16 MiB and ~50 ms of scrypt on purpose),
        # then all change filters at once: the figures are for the filter changes.
        logged_in = threading.Barrier(users + 1)

        def user(i: int) -> None:
            s = requests.Session()
            try:
                try:
                    token = csrf_from(s.get(base + "/login", timeout=60).text)
                    s.post(base + "/login", data={"username": viewers[i % len(viewers)],
                                                  "password": "demo", "csrf_token": token,
                                                  "next": "/"}, timeout=60)
                    deps = s.get(base + "/_dash-dependencies", timeout=60).json()
                finally:
                    logged_in.wait()
                dep = next(d for d in deps if "overview-kpis.children" in d["output"])
                pause = random.Random(i)
                for values in variations(changes * (i + 1))[-changes:]:
                    if think:  # reading the page first: people do not click in step
                        time.sleep(pause.uniform(*think))
                    start = time.perf_counter()
                    body = callback_request(dep, "overview", {**values, **PAGES["overview"][1]})
                    r = s.post(base + "/_dash-update-component", json=body, timeout=120)
                    took = time.perf_counter() - start
                    with lock:
                        latencies.append(took)
                        if r.status_code != 200:
                            errors.append(str(r.status_code))
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                with lock:
                    errors.append(type(exc).__name__)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        for t in threads:
            t.start()
        logged_in.wait()
        start, cpu = time.perf_counter(), cpu_seconds(server.pid)
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        cpu = cpu_seconds(server.pid) - cpu
        now, pss, peak = rss_mb(server.pid)
        return {"users": users, "requests": len(latencies), "errors": len(errors),
                "throughput": len(latencies) / wall, "p95": percentile(latencies, 95),
                "median": statistics.median(latencies), "rss_mb": now, "pss_mb": pss,
                "peak_worker_mb": peak, "cpu_per_request": cpu / max(1, len(latencies))}
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---------------------------------------------------------------- report


# A national manager, a municipal manager and an NGO coordinator in turn: most users are
# restricted, and their overview costs about twice the national one.
MIXED = ("national", "esbjerg", "frise")
USER_RUNS = (("users", "no pause, all national", {}),
             ("users_think", "2–6 s pause, all national", {"think": THINK}),
             ("users_mixed", "no pause, mixed viewers", {"viewers": MIXED}),
             ("users_mixed_think", "2–6 s pause, mixed viewers",
              {"think": THINK, "viewers": MIXED}))


def measure_users(result: dict, url: str, users: int) -> None:
    for key, _scenario, options in USER_RUNS:
        result[key] = concurrent_users(url, users, **options)


def measure(kind: str, scale: int, changes: int, users: int) -> dict:
    print(f"== {kind} scale {scale}", flush=True)
    with database(kind, scale) as (url, generation):
        app = create_app(TestConfig(url))
        result: dict = {"kind": kind, "scale": scale, "generation": generation}
        result["changes"] = filter_changes(app, changes)
        result["limit"] = database_limit(url, changes)
        result["raw"] = raw_aggregation(url, changes)
        print("   filter changes done", flush=True)
        result["first_load"] = first_load(app)
        result["csv"] = csv_throughput(app, url)
        result["import"] = import_throughput(url)
        print("   load, csv, import done", flush=True)
        measure_users(result, url, users)
        app.server.extensions["overblik_engine"].dispose()
    print(json.dumps(result, default=str)[:400], flush=True)
    return result


def report(results: list[dict], path: Path) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}. Reproduce with "
        "`make bench` (or `python -m benchmarks.run --scales 1 --dbs sqlite`). Each row below "
        "comes from a run of that command, or of a part of it (`--only`; the notes at the end "
        "say which); the machine was shared with other work, so read ratios rather than "
        "absolute times. CI never fails on a number.",
        "",
        "## Filter changes (server time, all callbacks a change fires, each change a period, "
        "region and method no earlier change had, caches emptied first; 'cache hits' = the "
        "share of queries the cache still answered inside a change; 'cached repeat' = the "
        "same change again; 'same SQL' = every statement the change sent, with its "
        "parameters, replayed straight through the database driver, all rows fetched, "
        "and 'change / same SQL' the median of each change's ratio; 'limit' = the "
        "database's own time for the overview's current-period aggregates only (no "
        "year-on-year), run directly, as reported before; 'raw' = the meeting and hours "
        "aggregates alone summed from every raw row, as before the quarter summaries)",
        "",
        "| database | scale | page | median | p95 | cache hits | cached repeat | "
        "same SQL (median / p95) | change / same SQL | "
        "limit (median / p95) | median / limit | raw aggregation (median / p95) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for page, c in r.get("changes", {}).items():
            first = page == "overview"
            ratio = f"{c['median'] / r['limit']['median']:.1f}x" if first else ""
            limit = f"{ms(r['limit']['median'])} / {ms(r['limit']['p95'])}" if first else ""
            same = (f"{ms(c['sql_median'])} / {ms(c['sql_p95'])}" if "sql_median" in c
                    else "")
            per = f"{c['per_sql']:.1f}x" if "per_sql" in c else ""
            raw = (f"{ms(r['raw']['median'])} / {ms(r['raw']['p95'])}"
                   if first and "raw" in r else "")
            lines.append(f"| {r['kind']} | {r['scale']} | {page} | {ms(c['median'])} | "
                         f"{ms(c['p95'])} | {c.get('hit_share', 0) * 100:.0f} % | "
                         f"{ms(c['cached_median'])} | {same} | {per} | {limit} | {ratio} | "
                         f"{raw} |")
    lines += ["", "## First page load, CSV export, import, 50 users", "",
              "| database | scale | demo generation | first load (Chromium) | CSV rows "
              "| CSV rows/s | CSV MB/s | tool rows/s | app / tool (medians of turns) "
              "| peak Python memory streaming 1 year / all years | import rows/s |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in (r for r in results if "csv" in r and "import" in r and "first_load" in r):
        c, i = r["csv"], r["import"]
        gen = f"{r['generation']:.0f} s" if r["generation"] else "reused"
        lines.append(f"| {r['kind']} | {r['scale']} | {gen} | {r['first_load']:.2f} s | "
                     f"{c['rows']:,} | {c['rows_per_s']:,.0f} | {c['mb_per_s']:.1f} | "
                     f"{c['tool_rows_per_s']:,.0f} | {c['share']:.0%} ({c.get('runs', 1)}) | "
                     f"{c.get('peak_mb_one_year', float('nan')):.1f} / {c['peak_mb']:.1f} MB | "
                     f"{i['rows_per_s']:,.0f} ({i['rows']:,} rows) |")
    lines += ["", "'server CPU per change' = the CPU time gunicorn and its workers used while "
              "the users changed filters, divided by the changes: with 2 cores, no-pause "
              "throughput cannot pass 2 s / that time (on PostgreSQL less, for the "
              "database's own processes are not counted). 'Mixed viewers' = users log in "
              "as `national`, `esbjerg` and `frise` in turn; 'all national' = every user "
              "as `national`, as in earlier rounds.", "",
              "| database | scale | users | requests | errors | throughput | median | p95 | "
              "server CPU per change | server PSS after (RSS summed) | peak worker RSS |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r, scenario, u in [(r, s, r[k]) for r in results
                           for k, s, _options in USER_RUNS if k in r]:
        pss = f"{u['pss_mb']:.0f} MB" if "pss_mb" in u else "not measured"
        lines.append(f"| {r['kind']} | {r['scale']} | {u['users']}, {scenario} | "
                     f"{u['requests']} | {u['errors']} | {u['throughput']:.1f} req/s | "
                     f"{ms(u['median'])} | {ms(u['p95'])} | "
                     f"{ms(u['cpu_per_request']) if 'cpu_per_request' in u else 'not measured'} | "
                     f"{pss} ({u['rss_mb']:.0f} MB) | "
                     f"{u['peak_worker_mb']:.0f} MB |")
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--report-only", action="store_true",
                        help="write BENCHMARKS.md from the results kept in var/bench")
    parser.add_argument("--only", help="measure only these parts again (changes, csv, "
                        "users; comma-separated), into the kept results")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    parts = set((args.only or "").split(",")) - {""}
    if parts - {"changes", "csv", "users"}:
        parser.error("--only takes changes, csv, users")
    if parts:
        for scale in args.scales.split(","):
            for kind in args.dbs.split(","):
                kept = BENCH_DIR / f"result-{kind}-{scale}.json"
                result = (json.loads(kept.read_text(encoding="utf-8")) if kept.exists()
                          else {"kind": kind, "scale": int(scale), "generation": None})
                with database(kind, int(scale)) as (url, took):
                    result["generation"] = took or result["generation"]
                    if "changes" in parts:
                        app = create_app(TestConfig(url))
                        result["changes"] = filter_changes(app, args.changes)
                        result["limit"] = database_limit(url, args.changes)
                        result["raw"] = raw_aggregation(url, args.changes)
                        app.server.extensions["overblik_engine"].dispose()
                    if "csv" in parts:
                        app = create_app(TestConfig(url))
                        result["csv"] = csv_throughput(app, url)
                        app.server.extensions["overblik_engine"].dispose()
                    if "users" in parts:
                        measure_users(result, url, args.users)
                kept.write_text(json.dumps(result, default=str), encoding="utf-8")
        args.report_only = True
    for scale in [] if args.report_only else args.scales.split(","):
        for kind in args.dbs.split(","):
            result = measure(kind, int(scale), args.changes, args.users)
            # Each configuration is kept as it finishes, so a long run that is cut short, or
            # a later run of only some configurations, still reports what was measured.
            (BENCH_DIR / f"result-{kind}-{scale}.json").write_text(
                json.dumps(result, default=str), encoding="utf-8")
    results = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted(BENCH_DIR.glob("result-*.json"),
                               key=lambda p: (int(p.stem.split("-")[2]), p.stem))]
    report(results, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

