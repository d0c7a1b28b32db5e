"""A tiny, hand-made world whose figures are computed by hand in the tests.

Period of interest: 2024 Q1 (2024-01-01 to 2024-03-31).

Organisations: alpha (id 1), beta (id 2).

Groups (all weekly):
  G1 alpha, 561 Esbjerg,   smart, Mon 19:00, in person, open 2023-01-01 -
  G2 alpha, 101 København, smart, Sat 10:00, online,    opens mid-period 2024-02-15 -
  G3 beta,  101 København, na,    Wed 18:00, in person, 2023-01-01 - 2024-03-31
  G4 beta,  573 Varde,     other, Tue 13:00, in person, 2024-01-01 -, no meeting in Q1
Meetings in 2024 Q1:
  G1: 2024-01-08 att 6 new 2 | 2024-01-15 att 7 new 0 | 2024-02-05 att 5 new 1
  G2: 2024-02-17 att 3 new 3 | 2024-03-02 att 2 new 0
  G3: 2024-01-10 att 4 new 1 | 2024-03-27 att 9 new 0
  and outside it: G1 2023-12-25 att 8 new 1; G4 2024-04-02 att 2 new 2 (Q2)
Volunteers:
  V1 alpha 561 G1 facilitator trained 2023-06-01, active 2023-01-01 -
  V2 alpha 561 G1 facilitator trained 2024-05-01 (after the period), active 2024-01-10 -
  V3 beta  101 G3 facilitator trained 2022-03-01, active 2022-01-01 - 2024-02-01
  V4 alpha 101 G2 facilitator trained 2024-02-01, active 2024-01-15 -
  V5 beta  101 -- coordinator, active 2020-01-01 -
  V6 beta  573 G4 other,       never trained, active 2023-06-01 - 2023-12-31 (left before P)
Hours: V1 2024-01 6.0, 2024-02 4.0; V4 2024-03 3.0; V5 2024-01 40.0; V3 2023-12 5.0
Aftercare 2024 Q1: 561 C20 O15 A8 E5 | 101 C3 O2 A1 E1 | 573 C0 O0 A0 E0
          2024 Q2: 561 C10 O9 A6 E2
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Organisation,
    Volunteer,
    VolunteerHours,
    quarter_of,
)
from queries.reference import load_reference
from queries.summary import refresh_all
from queries.users import add_user

D = dt.date
PASSWORD = "demo"


def build_tiny(session: Session) -> None:
    load_reference(session)
    session.add_all([Organisation(id=1, slug="alpha", name="Alpha"),
                     Organisation(id=2, slug="beta", name="Beta")])
    session.flush()
    groups = [
        (1, "alpha-esbjerg", 1, 561, "smart", 0, "19:00", False, D(2023, 1, 1), None),
        (2, "alpha-kbh", 1, 101, "smart", 5, "10:00", True, D(2024, 2, 15), None),
        (3, "beta-kbh", 2, 101, "na", 2, "18:00", False, D(2023, 1, 1), D(2024, 3, 31)),
        (4, "beta-varde", 2, 573, "other", 1, "13:00", False, D(2024, 1, 1), None),
    ]
    for gid, ref, org, mun, method, wd, time, online, start, end in groups:
        session.add(Group(id=gid, ref=ref, name=f"Gruppe {ref}", organisation_id=org,
                          municipality_code=mun, method=method, weekday=wd, start_time=time,
                          online=online, start_date=start, end_date=end))
    session.flush()
    meetings = [
        (1, D(2024, 1, 8), 6, 2), (1, D(2024, 1, 15), 7, 0), (1, D(2024, 2, 5), 5, 1),
        (2, D(2024, 2, 17), 3, 3), (2, D(2024, 3, 2), 2, 0),
        (3, D(2024, 1, 10), 4, 1), (3, D(2024, 3, 27), 9, 0),
        (1, D(2023, 12, 25), 8, 1), (4, D(2024, 4, 2), 2, 2),
    ]
    for gid, day, att, new in meetings:
        session.add(Meeting(group_id=gid, date=day, quarter=quarter_of(day), attendance=att,
                            newcomers=new, facilitators=1))
    vols = [
        (1, "V1", 1, 561, 1, "facilitator", D(2023, 6, 1), D(2023, 1, 1), None),
        (2, "V2", 1, 561, 1, "facilitator", D(2024, 5, 1), D(2024, 1, 10), None),
        (3, "V3", 2, 101, 3, "facilitator", D(2022, 3, 1), D(2022, 1, 1), D(2024, 2, 1)),
        (4, "V4", 1, 101, 2, "facilitator", D(2024, 2, 1), D(2024, 1, 15), None),
        (5, "V5", 2, 101, None, "coordinator", None, D(2020, 1, 1), None),
        (6, "V6", 2, 573, 4, "other", None, D(2023, 6, 1), D(2023, 12, 31)),
    ]
    for vid, ref, org, mun, gid, role, trained, start, end in vols:
        session.add(Volunteer(id=vid, ref=ref, organisation_id=org, municipality_code=mun,
                              group_id=gid, role=role, trained_on=trained, active_from=start,
                              active_to=end))
    session.flush()
    for vid, month, hours in [(1, D(2024, 1, 1), 6.0), (1, D(2024, 2, 1), 4.0),
                              (4, D(2024, 3, 1), 3.0), (5, D(2024, 1, 1), 40.0),
                              (3, D(2023, 12, 1), 5.0)]:
        session.add(VolunteerHours(volunteer_id=vid, month=month, quarter=quarter_of(month),
                                   hours=hours))
    for mun, q, c, o, a, e in [(561, 20241, 20, 15, 8, 5), (101, 20241, 3, 2, 1, 1),
                               (573, 20241, 0, 0, 0, 0), (561, 20242, 10, 9, 6, 2)]:
        session.add(Aftercare(municipality_code=mun, quarter=q, completed=c, offered=o,
                              attended_90d=a, engaged_6m=e))
    refresh_all(session)  # as every writer does: the quarter summaries the metrics read
    add_user(session, "national", PASSWORD, "national", is_demo=True)
    add_user(session, "admin", PASSWORD, "admin", is_demo=True)
    add_user(session, "esbjerg", PASSWORD, "municipal", municipalities=[561], is_demo=True)
    add_user(session, "koebenhavn", PASSWORD, "municipal", municipalities=[101, 147],
             is_demo=True)
    add_user(session, "alpha", PASSWORD, "ngo", organisation="alpha", is_demo=True)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Explicit ids above do not advance PostgreSQL's sequences; later inserts need them to.
        for table in ("organisation", "selfhelp_group", "volunteer"):
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"(SELECT max(id) FROM {table}))")
            )
