"""docs/deploy.md, "The first day", run exactly as written on the real PostgreSQL server the
tests start (issue 12), then every new user logs in and reads their figures back.

The block is taken from the document itself, so the docs cannot drift from what works.
Expected figures, by hand from examples/first-day/ (2025K1):
  Frise, Aarhus (751): meetings 3 + 2, attendance 6+7+8 + 5+4 = 30, newcomers 2+1+0 + 5+0 = 8
  SMART Pilot, København (101): 3 meetings, 9+10+11 = 30, newcomers 3+2+1 = 6
  SMART Pilot, Frederiksberg (147): 2 meetings, 4+6 = 10, newcomers 3+1 = 4 (< 5: hidden
    outside the scope of København's manager and of SMART Pilot)
  Aftercare: 751 C40 O30 A12 E6; 101 C60 O50 A20 E9; 147 none
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from dashboard import config
from dashboard.app import create_app
from dashboard.i18n import t
from queries.db import make_engine
from queries.models import AuditEvent, Municipality, Partnership, PopulationFigure, Region
from tests.conftest import csrf_from

ROOT = Path(__file__).resolve().parents[1]
PASSWORDS = {
    "ADMIN_PASSWORD": ("admin", "first-day-admin-pw"),
    "NATIONAL_PASSWORD": ("socialstyrelsen", "first-day-national-pw"),
    "FRISE_PASSWORD": ("frise", "first-day-frise-pw"),
    "FRISE_AARHUS_PASSWORD": ("frise-aarhus", "first-day-frise-aarhus"),
    "SMART_PILOT_PASSWORD": ("smart-pilot", "first-day-smart-pilot"),
    "AARHUS_PASSWORD": ("aarhus", "first-day-aarhus-pw"),
    "KOEBENHAVN_PASSWORD": ("koebenhavn", "first-day-koebenhavn"),
}
Q1 = "from=2025-01-01&to=2025-03-31"

pytestmark = pytest.mark.postgres


def first_day_block() -> str:
    """The shell block of the section "The first day" that starts with `db upgrade`."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = doc.split("\n## The first day\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return next(b for b in blocks if "overblik db upgrade" in b)


@pytest.fixture(scope="module")
def first_day(postgres_base: str) -> str:
    """An empty PostgreSQL database (no schema at all), then the documented commands."""
    engine = make_engine(postgres_base)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "first_day"'))
        conn.execute(text('CREATE DATABASE "first_day"'))
    engine.dispose()
    url = postgres_base.replace("/overblik?", "/first_day?")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x" * 40,
           **{var: pw for var, (_user, pw) in PASSWORDS.items()}}
    env.pop("OVERBLIK_DEMO", None)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", first_day_block()], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=500)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Fejl" not in done.stdout and "afvist" not in done.stdout, done.stdout
    return url


def test_the_database_is_ready_with_reference_data_partners_and_an_audit_trail(
        first_day: str) -> None:
    engine = make_engine(first_day)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Region)) == 5
        assert s.scalar(select(func.count()).select_from(Municipality)) == 98
        aarhus = s.get(Municipality, 751)
        assert (aarhus.population, aarhus.population_source) == (
            370854, "Danmarks Statistik FOLK1A 2025K1")
        assert s.scalar(select(func.count()).select_from(PopulationFigure)) == 8
        assert s.scalar(select(func.count()).select_from(Partnership)) == 3
        actions = [a for (a,) in s.execute(select(AuditEvent.action).order_by(AuditEvent.id))]
        assert actions.count("organisation_add") == 2
        assert actions.count("partnership_add") == 3
        assert actions.count("user_add") == 7
    engine.dispose()


@pytest.fixture(scope="module")
def app(first_day: str):  # noqa: ANN201 - a dash.Dash
    app = create_app(config.TestConfig(first_day))
    yield app
    app.server.extensions["overblik_engine"].dispose()


def login(app, username: str):  # noqa: ANN001, ANN201 - a FlaskClient
    password = next(pw for user, pw in PASSWORDS.values() if user == username)
    client = app.server.test_client()
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token, "next": "/"})
    assert response.status_code == 302, f"{username} could not log in"
    return client


def figures(client, dataset: str = "municipalities") -> dict[str, dict[str, str]]:  # noqa: ANN001
    """The CSV download by municipality code, with its Danish headings as keys."""
    response = client.get(f"/download/{dataset}.csv?{Q1}&format=comma")
    assert response.status_code == 200, response.status_code
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    return {r[t("col.code", "da")]: r for r in rows}


ATT, NEW, MEET = t("col.attendance", "da"), t("col.newcomers", "da"), t("col.meetings", "da")
COMPLETED, REACHED = t("col.completed", "da"), t("col.attended_90d", "da")


def test_the_national_manager_sees_every_figure(app) -> None:  # noqa: ANN001
    rows = figures(login(app, "socialstyrelsen"))
    assert [rows[c][MEET] for c in ("751", "101", "147")] == ["5", "3", "2"]
    assert [rows[c][ATT] for c in ("751", "101", "147")] == ["30", "30", "10"]
    assert [rows[c][NEW] for c in ("751", "101", "147")] == ["8", "6", "4"]
    assert (rows["751"][COMPLETED], rows["101"][COMPLETED]) == ("40", "60")
    assert rows["751"][t("col.population", "da")] == "370854"


@pytest.mark.parametrize(("user", "exact", "hidden"), [
    # København's manager follows 101 and 147: Frederiksberg's 4 newcomers are theirs.
    ("koebenhavn", {"101": "6", "147": "4"}, []),
    # København rests on one group and Frederiksberg on one: fewer than three, «..».
    ("aarhus", {"751": "8", "101": ".."}, ["147"]),
    ("smart-pilot", {"101": "6", "147": "4"}, []),
    ("frise", {"751": "8"}, ["147"]),
    ("frise-aarhus", {"751": "8"}, ["147"]),
])
def test_each_user_reads_their_figures_and_only_protected_ones_of_others(
        app, user: str, exact: dict[str, str], hidden: list[str]) -> None:  # noqa: ANN001
    rows = figures(login(app, user))
    assert {c: rows[c][NEW] for c in exact} == exact
    for code in hidden:
        assert rows[code][NEW] != "4", f"{user} sees Frederiksberg's 4 newcomers"
    # Aarhus's attendance rests on two groups: exact to those who hold them, else «..».
    assert rows["751"][ATT] == ("30" if user in ("aarhus", "frise", "frise-aarhus") else "..")


def test_aftercare_is_the_municipalitys_own(app) -> None:  # noqa: ANN001
    funnel = login(app, "aarhus").get(f"/download/funnel.csv?{Q1}&municipality=751&format=comma")
    assert funnel.status_code == 200
    row = next(csv.DictReader(io.StringIO(funnel.data.decode("utf-8-sig"))))
    assert (row[COMPLETED], row[REACHED]) == ("40", "12")


def test_the_first_day_left_no_demo_accounts_so_the_server_would_start(app) -> None:  # noqa: ANN001
    from dashboard.cli import check_production
    from dashboard.config import Config

    cfg = Config()
    cfg.DATABASE_URL = app.server.config["OVERBLIK"].DATABASE_URL
    cfg.SECRET_KEY, cfg.DEMO = "s" * 40, False
    check_production(cfg)  # raises ConfigError on demo accounts or a weak secret
