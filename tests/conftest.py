"""Shared fixtures: the tiny world on SQLite and on a real PostgreSQL 15, the app, logins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from dashboard.app import create_app
from dashboard.config import TestConfig
from queries.db import make_engine, session_factory, transaction, upgrade
from tests.tiny import PASSWORD, build_tiny


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[str]:
    """A throwaway PostgreSQL server for the whole run (started and stopped by the tests)."""
    from tests.pgserver import running_postgres

    with running_postgres() as url:
        yield url


def new_database(kind: str, tmp_path_factory: pytest.TempPathFactory,
                 request: pytest.FixtureRequest, name: str) -> str:
    """A fresh, migrated, empty database of the given kind; returns its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp(name)}/{name}.db"
    else:
        base = request.getfixturevalue("postgres_base")
        engine = make_engine(base)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        url = base.replace("/overblik?", f"/{name}?")
    upgrade(url)
    return url


def fill(url: str, build: Callable[[Session], object]) -> None:
    """Run `build` on the database in one transaction and release every connection."""
    engine = make_engine(url)
    try:
        with transaction(session_factory(engine)) as s:
            build(s)
    finally:
        engine.dispose()


DB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=DB_KINDS)
def tiny_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny world, built once per database kind and only read by the tests that use it."""
    url = new_database(request.param, tmp_path_factory, request, "tiny")
    fill(url, build_tiny)
    return url


@pytest.fixture()
def session(tiny_url: str) -> Iterator[Session]:
    """A session on the tiny world; whatever a test writes is rolled back."""
    engine = make_engine(tiny_url)
    with engine.connect() as conn:
        trans = conn.begin()
        with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
            yield s
        trans.rollback()
    engine.dispose()


@pytest.fixture(scope="session")
def tiny_sqlite_url(tmp_path_factory: pytest.TempPathFactory,
                    request: pytest.FixtureRequest) -> str:
    url = new_database("sqlite", tmp_path_factory, request, "tinyapp")
    fill(url, build_tiny)
    return url


@pytest.fixture(scope="session")
def app(tiny_sqlite_url: str):  # noqa: ANN201 - a dash.Dash
    return create_app(TestConfig(tiny_sqlite_url))


@pytest.fixture()
def client(app) -> FlaskClient:  # noqa: ANN001
    return app.server.test_client()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture()
def login_as(client: FlaskClient) -> Callable[[str], FlaskClient]:
    """Log the test client in as one of the tiny world's users, in one line."""

    def _login(username: str, password: str = PASSWORD) -> FlaskClient:
        return log_in(client, username, password)

    return _login


def logout(client: FlaskClient) -> None:
    """Log out as the page's button does: a POST with the CSRF token."""
    token = csrf_from(client.get("/logout").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def log_in(client: FlaskClient, username: str, password: str = PASSWORD) -> FlaskClient:
    """Log `client` in through the login form, as a browser would."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/start", (
        f"login as {username} failed"
    )
    return client


def dash_outputs(output: str) -> list[dict] | dict:
    """The `outputs` of a callback request, from the output string of /_dash-dependencies."""
    if output.startswith("..") and output.endswith(".."):
        parts = output[2:-2].split("...")
        return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return dict(zip(("id", "property"), output.rsplit(".", 1), strict=True))


def call_callback(client: FlaskClient, output_contains: str, values: dict[str, object]):  # noqa: ANN201
    """POST to a callback as a browser would, with `values` by input id; returns the response."""
    deps = client.get("/_dash-dependencies").json
    dep = next(d for d in deps if output_contains in d["output"])
    inputs = [{"id": i["id"], "property": i["property"], "value": values.get(i["id"])}
              for i in dep["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": values.get(s["id"])}
             for s in dep["state"]]
    return client.post("/_dash-update-component", json={
        "output": dep["output"], "outputs": dash_outputs(dep["output"]), "inputs": inputs,
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]][:1],
        "state": state,
    })
