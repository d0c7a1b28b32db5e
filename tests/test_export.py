"""The meetings file written by the database (queries.export) is byte for byte the file the
Python renderer writes from queries.groups.meeting_rows: same rows, scope, cells, quoting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from dashboard.downloads import csv_lines, csv_style
from dashboard.tables import MEETING_COLUMNS
from queries.export import meeting_csv
from queries.filters import Filters
from queries.groups import meeting_rows
from queries.models import Group
from queries.scope import Scope

SCOPES = {"national": Scope.national(), "esbjerg": Scope.municipal({561}),
          "alpha": Scope.ngo(1)}


def _reference(session: Session, scope: Scope, f: Filters, lang: str, comma: bool) -> bytes:
    header = "".join(csv_lines([], MEETING_COLUMNS, lang, comma, [0]))
    whole = "".join(csv_lines(meeting_rows(session, scope, f), MEETING_COLUMNS, lang, comma,
                              [0]))
    assert whole.startswith(header)
    return whole[len(header):].encode()


@pytest.mark.parametrize("who", sorted(SCOPES))
@pytest.mark.parametrize(("lang", "comma"), [("da", False), ("en", True)])
def test_database_csv_equals_the_python_renderer(session: Session, who: str, lang: str,
                                                 comma: bool) -> None:
    # Names a partner's spreadsheet could hold: a formula, separators, quotes.
    session.execute(update(Group).where(Group.id == 1).values(name='=HYPERLINK("x";1)'))
    session.execute(update(Group).where(Group.id == 3).values(name='Café "Ø", Nord; 2'))
    session.execute(update(Group).where(Group.id == 2).values(name="-5, og @ho"))
    # Only the other dialect's separator: quoted all the same (issue 14).
    session.execute(update(Group).where(Group.id == 4).values(name="a;=1+1"))
    scope = SCOPES[who]
    for f in (Filters(dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
              Filters(dt.date(2024, 1, 10), dt.date(2024, 2, 20), method="smart")):
        counter = [0]
        got = b"".join(meeting_csv(session, scope, f, csv_style(lang, comma), counter))
        want = _reference(session, scope, f, lang, comma)
        assert got == want
        assert counter[0] == want.count(b"\r\n")


def test_the_cells_by_hand(session: Session) -> None:
    # Esbjerg's manager: alpha-esbjerg (561) is in scope, beta-kbh (101) is not, so its
    # counts are empty. 1 Jan to 31 Jan 2024: alpha-esbjerg met 8 and 15 Jan, beta-kbh 10 Jan.
    f = Filters(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    text = b"".join(meeting_csv(session, Scope.municipal({561}), f, csv_style("da", False),
                                [0])).decode()
    assert text.split("\r\n") == [
        "2024-01-08;2024 K1;alpha-esbjerg;Gruppe alpha-esbjerg;561;alpha;SMART Recovery;6;2;1",
        "2024-01-10;2024 K1;beta-kbh;Gruppe beta-kbh;101;beta;NA (12 trin);;;",
        "2024-01-15;2024 K1;alpha-esbjerg;Gruppe alpha-esbjerg;561;alpha;SMART Recovery;7;0;1",
        "",
    ]
