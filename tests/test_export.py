"""The meetings file written by the database (queries.export) is byte for byte the file the
Python renderer writes from queries.groups.meeting_rows: same rows, scope, cells, quoting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dashboard.downloads import csv_lines, csv_style
from dashboard.tables import MEETING_COLUMNS
from queries.export import meeting_csv
from queries.filters import Filters
from queries.groups import meeting_rows
from queries.models import Group, Meeting
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


def test_a_days_meetings_in_the_order_of_their_groups_references(session: Session) -> None:
    # Four groups meet on Monday 4 March 2024, added in the reverse of their references'
    # order; G1 is renamed so that its reference sorts last although its id is first.
    # PostgreSQL joins a day's lines in the database: the order inside the day must hold.
    session.execute(update(Group).where(Group.id == 1).values(ref="zeta-esbjerg"))
    for gid, att, new, fac in [(4, 3, 0, 2), (3, 5, 1, 1), (2, 4, 2, 1), (1, 6, 0, 1)]:
        session.add(Meeting(group_id=gid, date=dt.date(2024, 3, 4), quarter=20241,
                            attendance=att, newcomers=new, facilitators=fac))
    session.flush()
    counter = [0]
    f = Filters(dt.date(2024, 3, 1), dt.date(2024, 3, 5))
    text = b"".join(meeting_csv(session, Scope.national(), f, csv_style("da", False),
                                counter)).decode()
    assert text.split("\r\n") == [
        "2024-03-02;2024 K1;alpha-kbh;Gruppe alpha-kbh;101;alpha;SMART Recovery;2;0;1",
        "2024-03-04;2024 K1;alpha-kbh;Gruppe alpha-kbh;101;alpha;SMART Recovery;4;2;1",
        "2024-03-04;2024 K1;beta-kbh;Gruppe beta-kbh;101;beta;NA (12 trin);5;1;1",
        "2024-03-04;2024 K1;beta-varde;Gruppe beta-varde;573;beta;Andet;3;0;2",
        "2024-03-04;2024 K1;zeta-esbjerg;Gruppe alpha-esbjerg;561;alpha;SMART Recovery;6;0;1",
        "",
    ]
    assert counter[0] == 5


def test_a_period_without_meetings_is_an_empty_file_body(session: Session) -> None:
    counter = [7]
    f = Filters(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert b"".join(meeting_csv(session, Scope.municipal({561}), f, csv_style("en", True),
                                counter)) == b""
    assert counter[0] == 0


def test_a_download_given_up_halfway_leaves_the_transaction_usable(session: Session) -> None:
    # 6,000 meetings of beta-varde, a day each from 1990 (about 400 kB of lines), so the
    # file comes in more than one chunk on either database; the reader stops after the
    # first. PostgreSQL cancels its query; what the caller's transaction holds (here the
    # meetings themselves) must survive, and the transaction must go on.
    start, n = dt.date(1990, 1, 1), 6000
    session.add_all([Meeting(group_id=4, date=start + dt.timedelta(days=i), quarter=19901,
                             attendance=5, newcomers=0, facilitators=1) for i in range(n)])
    session.flush()
    f = Filters(start, start + dt.timedelta(days=n - 1))
    chunks = meeting_csv(session, Scope.national(), f, csv_style("da", False), [0])
    first = next(chunks)
    assert first.startswith(b"1990-01-01;1990 K1;beta-varde;")
    assert first.count(b"\r\n") < n  # only a part of the file
    chunks.close()
    assert session.scalar(select(func.count()).select_from(Meeting)
                          .where(Meeting.date.between(f.date_from, f.date_to))) == n
    assert b"".join(meeting_csv(session, Scope.national(), f, csv_style("da", False),
                                [0])).count(b"\r\n") == n
