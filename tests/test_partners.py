"""Partners and users from the command line and the admin callbacks (issue 12): the exact
command names, every change audited, nothing silently dropped, admin-only on the server."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import cli
from queries.db import make_engine
from queries.models import AuditEvent, Organisation, Partnership, User
from queries.users import UserError, add_user, scope_of
from tests.conftest import new_database


@pytest.fixture()
def url(tmp_path_factory, request, monkeypatch) -> str:  # noqa: ANN001
    url = new_database("sqlite", tmp_path_factory, request, "partners")
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(*argv: str) -> int:
    return cli.main(list(argv))


def test_the_partner_commands_work_on_a_fresh_database_and_are_audited(url, capsys) -> None:  # noqa: ANN001
    assert run("organisations", "add", "frise", "--name", "Frise") == 0
    assert run("organisations", "rename", "frise", "--name", "Frise Danmark") == 0
    assert run("partnerships", "add", "frise", "751", "--from", "2025-01-01") == 0
    assert run("partnerships", "add", "frise", "550", "--from", "2025-01-01",
               "--to", "2025-06-30") == 0
    assert run("partnerships", "end", "frise", "751", "--to", "2025-12-31") == 0
    capsys.readouterr()
    assert run("organisations", "list") == 0
    assert run("partnerships", "list") == 0
    out = capsys.readouterr().out
    assert "frise\tFrise Danmark" in out
    assert "frise\t751 Aarhus\t2025-01-01\t2025-12-31" in out
    assert "frise\t550 Tønder\t2025-01-01\t2025-06-30" in out
    engine = make_engine(url)
    with Session(engine) as s:
        actions = [(e.action, json.loads(e.detail)) for e in s.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]
        assert [a for a, _ in actions] == ["organisation_add", "organisation_rename",
                                           "partnership_add", "partnership_add",
                                           "partnership_end"]
        assert actions[1][1] == {"slug": "frise", "old": "Frise", "name": "Frise Danmark"}
        assert s.scalar(select(Organisation.name)) == "Frise Danmark"
    engine.dispose()


@pytest.mark.parametrize(("argv", "message"), [
    (("organisations", "add", "Frise!", "--name", "x"), "is not a short name"),
    (("partnerships", "add", "nobody", "751", "--from", "2025-01-01"),
     "organisation 'nobody' does not exist"),
    (("partnerships", "add", "frise", "999", "--from", "2025-01-01"),
     "999 is not a municipality's DST code"),
    (("partnerships", "add", "frise", "751", "--from", "2025-02-01", "--to", "2025-01-01"),
     "the end 2025-01-01 is before the start 2025-02-01"),
    (("partnerships", "end", "frise", "101"), "Frise has no open partnership with København"),
    (("users", "add", "x", "--role", "municipal", "--municipality", "561,999",
      "--password", "long-enough-pw"), "unknown municipality codes [999]"),
    (("users", "add", "x", "--role", "national", "--municipality", "561",
      "--password", "long-enough-pw"), "takes no municipality or organisation"),
])
def test_bad_commands_say_what_and_change_nothing(url, capsys, argv, message) -> None:  # noqa: ANN001
    assert run("organisations", "add", "frise", "--name", "Frise") == 0
    assert run(*argv) == 1
    assert message in capsys.readouterr().err
    engine = make_engine(url)
    with Session(engine) as s:
        assert s.scalar(select(Partnership.id)) is None
        assert s.scalar(select(User.id)) is None
    engine.dispose()


def test_an_ngo_user_in_a_municipality_keeps_both(url, capsys) -> None:  # noqa: ANN001
    """Issue 12: `--organisation frise --municipality 751` used to drop 751 silently."""
    assert run("organisations", "add", "frise", "--name", "Frise") == 0
    assert run("users", "add", "frise-aarhus", "--role", "ngo", "--organisation", "frise",
               "--municipality", "751", "--password", "long-enough-pw") == 0
    assert "Frise i Aarhus" in capsys.readouterr().out
    engine = make_engine(url)
    with Session(engine) as s:
        user = s.scalar(select(User).where(User.username == "frise-aarhus"))
        scope = scope_of(user)
        assert (scope.role, scope.organisation_id, scope.municipalities) == (
            "ngo", user.organisation_id, frozenset({751}))
        assert not scope.whole_organisation
        with pytest.raises(UserError, match="needs an existing organisation"):
            add_user(s, "y", "long-enough-pw", "ngo", municipalities=[751])
    engine.dispose()
    # Scope changes end the user's sessions and are audited.
    assert run("users", "scope", "frise-aarhus", "--role", "ngo", "--organisation", "frise") == 0
    engine = make_engine(url)
    with Session(engine) as s:
        user = s.scalar(select(User).where(User.username == "frise-aarhus"))
        assert (user.municipalities, user.session_version) == ([], 1)
        assert s.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == \
            "user_scope"
    engine.dispose()


def test_a_coordinator_inside_municipalities_cannot_send_the_organisations_files(
        session) -> None:  # noqa: ANN001
    from queries.importer import ImportRefused, Partner, import_file
    from queries.scope import Scope

    data = "gruppe;dato;fremmøde\nalpha-kbh;2024-04-06;5\n".encode()
    with pytest.raises(ImportRefused, match="outside_scope"):
        import_file(session, data, "meetings", Partner(organisation="alpha"),
                    scope=Scope.ngo(1, municipalities={101}), filename="m.csv",
                    submitted_by="alpha-kbh", quarter=20242)


def test_only_an_administrator_can_change_partners_through_the_admin_callback(
        login_as, client) -> None:  # noqa: ANN001
    from tests.conftest import call_callback

    login_as("national")
    response = call_callback(client, "admin-message.children",
                             {"admin-org-add": 1, "admin-org-slug": "gamma",
                              "admin-org-name": "Gamma"})
    assert "kun for administratorer" in json.dumps(response.json, ensure_ascii=False)
    # (An administrator's success is in tests/browser/test_admin.py, on its own database:
    # this app's tiny world is shared and must not change.)
