"""Security the way an attacker would try it: forged callbacks and downloads for other
tenants, stolen cookies after logout, password reset and idle time, formula payloads,
production start-up checks, headers (password guessing: tests/test_hardening.py).

What a restricted user may not learn is tested against a twin of tests/tiny.py: the same
world, the same rounding secret, except that København's citizens kept in 2024 Q1 (one,
E1) are moved by one inside their rounding bucket. Every forged callback and download of
Esbjerg's and alpha's answers the two worlds byte for byte alike; a national manager's
answers tell them apart, so the comparison can fail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from dashboard.app import ConfigError, create_app
from dashboard.config import Config
from dashboard.config import TestConfig as AppTestConfig
from dashboard.downloads import DATASETS, csv_cell
from queries.db import make_engine, session_factory
from queries.models import Aftercare, DisclosureKey
from queries.summary import FUNNEL_PARTS, refresh_all
from tests.conftest import csrf_from, dash_outputs, fill, log_in, logout, new_database
from tests.test_disclosure import neighbour
from tests.tiny import PASSWORD, build_tiny

RESTRICTED = ("alpha", "esbjerg")
OTHER = {"esbjerg": {"municipality": "101", "organisation": "beta", "code": "101",
                     "slug": "beta"},
         "alpha": {"municipality": "101", "organisation": "beta", "code": "101",
                   "slug": "beta"}}
PERSON_COLUMNS = ("Fremmøde", "Nye deltagere", "Aktive frivillige", "Uddannede facilitatorer",
                  "Under uddannelse", "Frivillige timer", "Afsluttet behandling",
                  "Tilbudt efterbehandling", "I gruppe inden 90 dage",
                  "Stadig med efter 6 mdr.")
PERIOD = "from=2024-01-01&to=2024-03-31"


@pytest.fixture(scope="module")
def twin(tiny_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory,
         request: pytest.FixtureRequest):  # noqa: ANN201 - a dash.Dash
    """The tiny world with København's kept citizens of 2024 Q1 moved inside their bucket."""
    engine = make_engine(tiny_sqlite_url)
    with session_factory(engine)() as s:
        key = s.scalar(select(DisclosureKey.secret).where(DisclosureKey.id == 1))
    engine.dispose()
    secret = bytes.fromhex(key)
    # København's only quarter of aftercare: C3 O2 A1 E1, so one citizen kept.
    shift = neighbour(secret, (FUNNEL_PARTS[3], 101), [1], 0, 0)[0] - 1
    assert shift in (-1, 1)

    def build(session) -> None:  # noqa: ANN001
        build_tiny(session)
        session.execute(update(DisclosureKey).values(secret=key))
        # A kept citizen is also completed, offered and come: every stage moves together.
        session.execute(update(Aftercare)
                        .where(Aftercare.municipality_code == 101, Aftercare.quarter == 20241)
                        .values(completed=3 + shift, offered=2 + shift,
                                attended_90d=1 + shift, engaged_6m=1 + shift))
        refresh_all(session)

    url = new_database("sqlite", tmp_path_factory, request, "twin")
    fill(url, build)
    return create_app(AppTestConfig(url))


def both(app, twin, user: str) -> tuple[FlaskClient, FlaskClient]:  # noqa: ANN001
    return (log_in(app.server.test_client(), user), log_in(twin.server.test_client(), user))


def forged_values(user: str, dep: dict, tenant: bool) -> dict[str, object]:
    other = OTHER.get(user, OTHER["esbjerg"])
    values: dict[str, object] = {}
    for item in dep["inputs"] + dep["state"]:
        key = item["id"] if isinstance(item["id"], str) else str(item["id"])
        if key.endswith("-filter-from"):
            values[key] = "2024-01-01"
        elif key.endswith("-filter-to"):
            values[key] = "2024-03-31"
        elif key.endswith("-filter-municipality") and tenant:
            values[key] = int(other["municipality"])
        elif key.endswith("-filter-organisation") and tenant:
            values[key] = other["organisation"]
        elif key == "municipality-code":
            values[key] = other["code"]
        elif key == "organisation-slug":
            values[key] = other["slug"]
        elif key == "groups-sort":
            values[key] = "avg_attendance"
        elif key == "groups-desc":
            values[key] = "1"
        elif key.endswith("-url") or key == "shell-url" or key.startswith("_pages"):
            values[key] = "/"
    return values


def forge(client: FlaskClient, dep: dict, values: dict[str, object]):  # noqa: ANN201
    def item(i: dict) -> dict:
        return {"id": i["id"], "property": i["property"], "value": values.get(i["id"])}

    return client.post("/_dash-update-component", json={
        "output": dep["output"], "outputs": dash_outputs(dep["output"]),
        "inputs": [item(i) for i in dep["inputs"]], "state": [item(i) for i in dep["state"]],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]][:1],
    })


def forged_answers(client: FlaskClient, user: str, tenant: bool) -> dict[str, str]:
    deps = client.get("/_dash-dependencies").json
    assert len(deps) >= 10, "every page's callbacks are registered"
    out = {}
    for dep in deps:
        if dep.get("clientside_function"):
            continue  # runs in the browser; the server holds no function for it
        response = forge(client, dep, forged_values(user, dep, tenant))
        assert response.status_code in (200, 204), (dep["output"], response.status_code)
        out[dep["output"]] = response.text
    return out


def forged_downloads(client: FlaskClient, user: str, dataset: str) -> dict[str, str]:
    other = OTHER.get(user, OTHER["esbjerg"])
    out = {}
    for extra in ("", f"&municipality={other['municipality']}",
                  f"&organisation={other['organisation']}"):
        response = client.get(f"/download/{dataset}.csv?{PERIOD}{extra}")
        assert response.status_code == 200
        out[extra] = response.text
    return out


@pytest.mark.parametrize("user", RESTRICTED)
@pytest.mark.parametrize("tenant", [True, False], ids=["other-tenant", "everything"])
def test_forged_callbacks_return_nothing_outside_the_scope(app, twin, user, tenant) -> None:
    here, there = both(app, twin, user)
    mine, theirs = forged_answers(here, user, tenant), forged_answers(there, user, tenant)
    for output, text in mine.items():
        assert text == theirs[output], output


@pytest.mark.parametrize("user", RESTRICTED)
@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_forged_downloads_return_nothing_outside_the_scope(app, twin, user, dataset) -> None:
    here, there = both(app, twin, user)
    assert forged_downloads(here, user, dataset) == forged_downloads(there, user, dataset)


def test_the_twin_differs_for_a_national_manager(app, twin) -> None:
    """The same requests as a national manager do tell the worlds apart: the tests above
    can fail."""
    here, there = both(app, twin, "national")
    assert forged_downloads(here, "national", "funnel") != forged_downloads(
        there, "national", "funnel")
    mine, theirs = forged_answers(here, "national", True), forged_answers(there, "national", True)
    assert any(text != theirs[output] for output, text in mine.items())


@pytest.mark.parametrize("user", ["esbjerg", "koebenhavn"])  # an NGO's own groups sit in any row
@pytest.mark.parametrize("dataset", ["municipalities", "volunteers", "map"])
def test_no_small_count_of_another_municipality_in_any_row(login_as, user, dataset) -> None:
    own = {"esbjerg": {"561"}, "koebenhavn": {"101", "147"}}[user]
    text = login_as(user).get(f"/download/{dataset}.csv?from=2024-01-01&to=2024-03-31").text
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert rows
    for row in rows:
        if row["Kode"] in own:
            continue
        for column in PERSON_COLUMNS:
            assert row.get(column) not in {"1", "2", "3", "4"}, (row["Kode"], column)


def test_admin_page_only_for_admins(login_as) -> None:
    for user, allowed in (("esbjerg", False), ("national", False), ("admin", True)):
        client = login_as(user)
        dep = next(d for d in client.get("/_dash-dependencies").json
                   if "admin-user-table" in d["output"])
        text = forge(client, dep, {"admin-url": "/admin"}).text
        assert ("koebenhavn" in text) is allowed, user
        assert ("kun for administratorer" in text) is not allowed, user
        logout(client)


def cookie_of(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_from_before_logout_gets_no_data(login_as, client) -> None:
    login_as("esbjerg")
    stolen = cookie_of(client)
    assert client.get("/download/groups.csv").status_code == 200
    logout(client)
    client.set_cookie("session", stolen)
    assert client.get("/download/groups.csv").status_code == 401
    assert client.get("/_dash-layout").status_code == 401


def test_a_cookie_idle_too_long_gets_no_data(login_as, client) -> None:
    login_as("esbjerg")
    with client.session_transaction() as sess:
        sess["seen"] = dt.datetime.now(dt.UTC).timestamp() - 61 * 60  # the setting is 60
    assert client.get("/download/groups.csv").status_code == 401
    assert client.get("/").status_code == 302


def test_the_cookie_is_signed_again_only_when_the_idle_clock_moves(login_as, client) -> None:
    """Issue 15: no new cookie on every request, but the idle time still moves on, and
    the cookie sent then lasts the idle time from then."""
    login_as("esbjerg")
    assert "Set-Cookie" not in client.get("/download/groups.csv").headers
    with client.session_transaction() as sess:
        sess["seen"] = dt.datetime.now(dt.UTC).timestamp() - 59 * 60  # the setting is 60
    cookie = client.get("/download/groups.csv").headers["Set-Cookie"]
    expires = dt.datetime.strptime(re.search(r"Expires=([^;]+)", cookie).group(1),
                                   "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=dt.UTC)
    assert 59 * 60 < (expires - dt.datetime.now(dt.UTC)).total_seconds() <= 60 * 60
    with client.session_transaction() as sess:  # the idle clock starts again from now
        assert dt.datetime.now(dt.UTC).timestamp() - sess["seen"] < 60


@pytest.fixture()
def own_db(tmp_path_factory, request) -> str:  # noqa: ANN001
    """A tiny world of its own, for tests that change users or lock accounts."""
    url = new_database("sqlite", tmp_path_factory, request, "own")
    fill(url, build_tiny)
    return url


def login_post(client: FlaskClient, user: str, password: str):  # noqa: ANN201
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"username": user, "password": password,
                                       "csrf_token": token, "next": "/"})


def test_a_cookie_from_before_a_password_reset_gets_no_data(own_db) -> None:
    from dashboard.cli import main

    client = create_app(AppTestConfig(own_db)).server.test_client()
    assert login_post(client, "esbjerg", PASSWORD).status_code == 302
    stolen = cookie_of(client)
    assert main(["--database", own_db, "users", "reset-password", "esbjerg", "--password",
                 "a-new-long-password"]) == 0
    client.set_cookie("session", stolen)
    assert client.get("/download/groups.csv").status_code == 401


def test_a_formula_in_a_group_name_stays_text_in_the_csv(own_db) -> None:
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from queries.db import make_engine
    from queries.models import Group

    payload = '=HYPERLINK("http://evil.example","klik")'
    engine = make_engine(own_db)
    with Session(engine) as s, s.begin():
        s.execute(update(Group).where(Group.id == 1).values(name=payload))
    engine.dispose()
    client = create_app(AppTestConfig(own_db)).server.test_client()
    login_post(client, "national", PASSWORD)
    text = client.get("/download/groups.csv?from=2024-01-01&to=2024-03-31").text
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert "'" + payload in [r["Navn"] for r in rows]
    assert all(not r["Navn"].startswith(("=", "+", "-", "@")) for r in rows)


@pytest.mark.parametrize(("value", "kind", "text"), [
    (-3, "int", "-3"), (-0.25, "pct", "-25,0"), ("-3", "text", "'-3"), ("+1", "text", "'+1"),
    ("@SUM(A1)", "text", "'@SUM(A1)"), ("\tx", "text", "'\tx"), ("\rx", "text", "'\rx"),
    ("plain", "text", "plain"),
])
def test_csv_cells_neutralise_formulas_but_keep_negative_numbers(value, kind, text) -> None:
    assert csv_cell(value, kind) == text


def test_production_refuses_demo_accounts_and_weak_secrets(own_db, monkeypatch) -> None:
    from dashboard.cli import check_production

    monkeypatch.setenv("DATABASE_URL", own_db)
    monkeypatch.setenv("OVERBLIK_DEMO", "0")
    for secret, message in ((None, "SECRET_KEY"), ("short", "SECRET_KEY"),
                            ("x" * 48, "demobrugere")):
        if secret is None:
            monkeypatch.delenv("SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("SECRET_KEY", secret)
        with pytest.raises(ConfigError, match=message):
            check_production(Config())
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app(Config())


def test_serve_refuses_to_start_with_demo_accounts(own_db, monkeypatch, capsys) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("OVERBLIK_DEMO", "0")
    monkeypatch.setenv("SECRET_KEY", "y" * 48)
    assert main(["--database", own_db, "serve"]) == 2
    assert "demobrugere" in capsys.readouterr().err


def test_security_headers(login_as) -> None:
    response = login_as("esbjerg").get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split(";")[1]
    assert re.search(r"script-src 'self' 'unsafe-eval' 'sha256-", csp)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers.get("Set-Cookie", "") or ""
    if cookie:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_flags_at_login(client) -> None:
    response = login_post(client, "esbjerg", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_needs_the_csrf_token(client) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "esbjerg", "password": PASSWORD})
    assert response.status_code == 400


def test_an_error_shows_a_plain_page_not_a_traceback(own_db) -> None:
    app = create_app(AppTestConfig(own_db))
    app.server.config["TESTING"] = False  # let the error handler answer, as in production
    app.server.config["PROPAGATE_EXCEPTIONS"] = False

    @app.server.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail")

    client = app.server.test_client()
    login_post(client, "national", PASSWORD)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert "Der skete en fejl" in response.text


def test_no_raw_html_anywhere_in_the_web_layer() -> None:
    root = Path(__file__).resolve().parents[1] / "dashboard"
    offenders = [str(p) for p in root.rglob("*.py")
                 if "dangerously_allow_html" in p.read_text(encoding="utf-8")]
    assert not offenders


def test_open_redirects_after_login_are_refused(client) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": "esbjerg", "password": PASSWORD,
                                           "csrf_token": token,
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/start"



def test_serve_refuses_an_out_of_date_schema(tmp_path, capsys) -> None:
    from dashboard.cli import main
    from queries.db import upgrade

    url = f"sqlite:///{tmp_path}/old.db"
    upgrade(url, "0001")
    assert main(["--database", url, "serve", "--demo"]) == 2
    assert "overblik db upgrade" in capsys.readouterr().err
