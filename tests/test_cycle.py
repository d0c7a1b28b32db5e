"""The quarterly cycle end to end (issue 12): partners report, the receiving side checks and
approves on the data status page, and reminders go by e-mail through a real SMTP server
(aiosmtpd on 127.0.0.1, a random port) started here; the test reads what arrived.

Quarter 2025K1 is due 2025-04-30. Frise (Aarhus, 751) sends its meetings on 10 April; SMART
Pilot (København 101, Frederiksberg 147) sends groups but no meetings; Aarhus sends its
aftercare late, on 10 May; København and Frederiksberg send none.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import cli, config
from dashboard.app import create_app
from dashboard.i18n import t
from queries import partners
from queries.db import make_engine, session_factory, transaction
from queries.filters import Filters
from queries.importer import Partner, import_file
from queries.models import Submission
from queries.review import ReviewError, approve_submission, check_submission
from queries.scope import Scope
from queries.status import by_urgency, reporting_status
from queries.users import add_user
from tests.conftest import call_callback, csrf_from, dash_outputs, new_database

D = dt.date
Q1 = Filters(D(2025, 1, 1), D(2025, 3, 31))
PASSWORD = "cycle-password-1"
GROUPS = ("ref;navn;kommune;metode;ugedag;kl;online;startdato\n"
          "{org}-a;Gruppe A;{mun};smart;mandag;19:00;nej;2025-01-01\n")
MEETINGS = "gruppe;dato;fremmøde;nye\nfrise-a;2025-01-06;6;2\nfrise-a;2025-02-03;7;1\n"
AFTERCARE = "kvartal;afsluttet;tilbudt;i_gruppe_90_dage;stadig_med_6_mdr\n2025K1;40;30;12;6\n"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def take(self) -> list:
        with self.lock:
            taken, self.messages = self.messages, []
        return taken


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[str, Inbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}?from=overblik@test.example", inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def cycle_url(tmp_path_factory, request) -> str:  # noqa: ANN001
    url = new_database("sqlite", tmp_path_factory, request, "cycle")
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as s:
        partners.add_organisation(s, "frise", "Frise", email="data@frise.example", actor="t")
        partners.add_organisation(s, "smart-pilot", "SMART Pilot", email="kontakt@sp.example",
                                  actor="t")
        for slug, code in (("frise", 751), ("smart-pilot", 101), ("smart-pilot", 147)):
            partners.add_partnership(s, slug, code, D(2025, 1, 1), actor="t")
        for code, address in ((751, "aarhus@kommune.example"), (101, "kk@kommune.example"),
                              (147, "frb@kommune.example")):
            partners.set_municipality_email(s, code, address, actor="t")
        add_user(s, "aarhus", PASSWORD, "municipal", municipalities=[751])
        add_user(s, "koebenhavn", PASSWORD, "municipal", municipalities=[101, 147])
        add_user(s, "national", PASSWORD, "national")
        admin = Scope(role="admin")
        at = dt.datetime(2025, 4, 10, 9, 0)
        for org, mun in (("frise", 751), ("smart-pilot", 101)):
            result = import_file(s, GROUPS.format(org=org, mun=mun).encode(), "groups",
                                 Partner(organisation=org), scope=admin, filename="g.csv",
                                 submitted_by=org, now=at)
            assert result.status == "imported", result.problems
        result = import_file(s, MEETINGS.encode(), "meetings", Partner(organisation="frise"),
                             scope=admin, filename="m.csv", submitted_by="frise",
                             quarter=20251, now=at)
        assert result.status == "imported", result.problems
    engine.dispose()
    return url


def remind(url: str, smtp_url: str, today: str, *extra: str,
           monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERBLIK_SMTP_URL", smtp_url)
    return cli.main(["remind", "--today", today, *extra])


def test_reminders_before_and_after_the_deadline_arrive_once(
        cycle_url: str, smtp, monkeypatch, capsys) -> None:  # noqa: ANN001
    smtp_url, inbox = smtp
    # Three weeks before the deadline: nothing yet.
    assert remind(cycle_url, smtp_url, "2025-04-09", monkeypatch=monkeypatch) == 0
    assert inbox.take() == []
    # A dry run in the last week lists them and sends nothing.
    assert remind(cycle_url, smtp_url, "2025-04-25", "--dry-run", monkeypatch=monkeypatch) == 0
    assert "4 påmindelse(r) ville sende" in capsys.readouterr().out
    assert inbox.take() == []
    # The week before: SMART Pilot (meetings) and the three municipalities (aftercare);
    # Frise has sent its meetings and is not reminded.
    assert remind(cycle_url, smtp_url, "2025-04-25", monkeypatch=monkeypatch) == 0
    before = {rcpt[0]: msg for rcpt, msg in inbox.take()}
    assert set(before) == {"kontakt@sp.example", "aarhus@kommune.example",
                           "kk@kommune.example", "frb@kommune.example"}
    sp = before["kontakt@sp.example"]
    assert sp["Subject"] == "Overblik: indberetning for 2025K1 senest 2025-04-30"
    assert sp["From"] == "overblik@test.example"
    body = sp.get_content()
    assert "SMART Pilot" in body and "Møder" in body and "Meetings" in body
    assert "Efterbehandling" in before["frb@kommune.example"].get_content()
    # Run again the same day (a second timer, a retry): nothing is sent twice.
    assert remind(cycle_url, smtp_url, "2025-04-25", monkeypatch=monkeypatch) == 0
    assert inbox.take() == []
    # Aarhus sends its aftercare late; after the deadline the others are reminded once.
    engine = make_engine(cycle_url)
    with transaction(session_factory(engine)) as s:
        result = import_file(s, AFTERCARE.encode(), "aftercare", Partner(municipality=751),
                             scope=Scope.municipal({751}), filename="a.csv",
                             submitted_by="aarhus", quarter=20251,
                             now=dt.datetime(2025, 5, 10, 12, 0))
        assert result.status == "imported", result.problems
    engine.dispose()
    assert remind(cycle_url, smtp_url, "2025-05-12", monkeypatch=monkeypatch) == 0
    after = {rcpt[0]: msg for rcpt, msg in inbox.take()}
    assert set(after) == {"kontakt@sp.example", "kk@kommune.example", "frb@kommune.example"}
    assert after["kk@kommune.example"]["Subject"] == (
        "Overblik: indberetning for 2025K1 mangler (frist 2025-04-30)")
    assert remind(cycle_url, smtp_url, "2025-05-20", monkeypatch=monkeypatch) == 0
    assert inbox.take() == []


def test_remind_without_an_smtp_server_says_so(cycle_url: str, monkeypatch, capsys) -> None:  # noqa: ANN001
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert remind(cycle_url, f"smtp://127.0.0.1:{port}", "2026-04-25",
                  monkeypatch=monkeypatch) == 1
    assert "kan ikke forbinde til SMTP-serveren 127.0.0.1" in capsys.readouterr().err


@pytest.fixture(scope="module")
def app(cycle_url: str):  # noqa: ANN001, ANN201
    app = create_app(config.TestConfig(cycle_url))
    yield app
    app.server.extensions["overblik_engine"].dispose()


def login(app, username: str):  # noqa: ANN001, ANN201
    client = app.server.test_client()
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token, "next": "/"})
    assert response.status_code == 302
    return client


def press(client, button: str, choice: object) -> str:  # noqa: ANN001
    """Click the check or approve button of the review panel, as the browser would."""
    deps = client.get("/_dash-dependencies").json
    dep = next(d for d in deps if "status-review-result.children" == d["output"])
    response = client.post("/_dash-update-component", json={
        "output": dep["output"], "outputs": dash_outputs(dep["output"]),
        "inputs": [{"id": i["id"], "property": i["property"],
                    "value": 1 if i["id"] == button else None} for i in dep["inputs"]],
        "changedPropIds": [f"{button}.n_clicks"],
        "state": [{"id": "status-review-choice", "property": "value", "value": choice}],
    })
    assert response.status_code == 200, response.status_code
    return json.dumps(response.json["response"], ensure_ascii=False)


def frise_meetings_id(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        sid = s.scalar(select(Submission.id).where(Submission.kind == "meetings"))
    engine.dispose()
    return sid


def test_the_municipality_approves_its_partners_data_on_the_status_page(
        app, cycle_url: str) -> None:  # noqa: ANN001
    sid = frise_meetings_id(cycle_url)
    client = login(app, "aarhus")
    panel = call_callback(client, "status-review.hidden", {"status-url": "/status"})
    offered = panel.json["response"]
    assert offered["status-review"]["hidden"] is False
    labels = [o["label"] for o in offered["status-review-choice"]["options"]]
    # Frise's meetings and groups (partners of Aarhus); not Aarhus's own aftercare, which a
    # national manager approves, and not SMART Pilot's (København's partner).
    assert len(labels) == 2 and all(label.startswith("Frise") for label in labels)
    assert t("review.not_checked", "da") in press(client, "status-review-approve", sid)
    assert t("review.checked", "da") in press(client, "status-review-check", sid)
    assert t("review.approved", "da") in press(client, "status-review-approve", sid)
    # København's manager cannot approve it, whatever the browser sends.
    other = login(app, "koebenhavn")
    assert t("review.not_yours", "da") in press(other, "status-review-check", sid)
    # The status page: overdue first, then received late, then approved, with who approved.
    page = call_callback(login(app, "national"), "status-table.children",
                         {"status-filter-from": "2025-01-01",
                          "status-filter-to": "2025-03-31"})
    text = json.dumps(page.json["response"], ensure_ascii=False)
    body = text[text.index(t("col.approved_at", "da")):]  # the rows, after the headings
    overdue = body.index(t("status.overdue", "da"))
    late = body.index(t("status.late", "da"))
    approved = body.index(f'| {t("status.approved", "da")} | aarhus | aarhus |')
    assert overdue < late < approved
    engine = make_engine(cycle_url)
    with Session(engine) as s:
        rows = by_urgency(reporting_status(s, Scope.national(), Q1, today=D(2025, 5, 12)))
        states = [(r["partner"], r["kind"], r["status"]) for r in rows if r["rows"] or
                  r["status"] == "overdue"]
        assert states == [
            ("147", "aftercare", "overdue"), ("101", "aftercare", "overdue"),
            ("smart-pilot", "meetings", "overdue"),
            ("751", "aftercare", "late"),
            ("frise", "meetings", "approved"),
        ]
        frise = next(r for r in rows if r["partner"] == "frise" and r["kind"] == "meetings")
        assert (frise["checked_by"], frise["approved_by"]) == ("aarhus", "aarhus")
        # Aftercare is the municipality's own: only a national manager approves it.
        aftercare = s.scalar(select(Submission.id).where(Submission.kind == "aftercare"))
        with pytest.raises(ReviewError, match="not_yours"):
            check_submission(s, Scope.municipal({751}), aftercare, actor="aarhus")
        check_submission(s, Scope.national(), aftercare, actor="national")
        assert approve_submission(s, Scope.national(), aftercare,
                                  actor="national").approved_by == "national"
        s.rollback()
    engine.dispose()
