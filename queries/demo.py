"""A deterministic demo database: the 2013-2016 SMART Recovery pilot, continued to today.

Same seed and same `until` give the same database. `scale` multiplies the
number of groups (scale 1: a few hundred groups in Denmark; scale 10: about
the world's SMART Recovery meetings) for performance work.

The story: five NGOs with ten municipalities run SMART groups from 2013;
Narcotics Anonymous groups meet in the larger towns throughout; from 2017
SMART spreads to most municipalities while a few small island municipalities
never get a group; volunteers are trained, burn out and are replaced; some
groups hang on one facilitator; aftercare reach differs between
municipalities and is better where groups exist.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from queries.demo_reports import add_reporting_history
from queries.filters import default_period
from queries.models import (
    Aftercare,
    Group,
    Meeting,
    Organisation,
    Partnership,
    Volunteer,
    VolunteerHours,
    quarter_of,
)
from queries.reference import load_reference, read_municipalities
from queries.summary import refresh_all
from queries.users import add_user

START = dt.date(2013, 1, 1)
PILOT_END = dt.date(2016, 12, 31)

PILOT = {
    "medmisbrug": ("Medmisbrug", [430]),
    "vaelg-friheden": ("Vælg Friheden", [561]),
    "smart-pilot": ("SMART Pilot", [101, 147]),
    "frivillighuset-varde": ("Frivillighuset Varde", [573]),
    "frise": ("Frise", [751, 550, 260, 173, 159]),
}
OTHERS = {
    "smart-danmark": "SMART Recovery Danmark",
    "na-danmark": "Anonyme Narkomaner Danmark",
    "netvaerkscafeen": "Netværkscaféen",
}
# Small island municipalities that never get a group: the coverage gaps of the story.
NO_GROUP = {825, 563, 741, 492, 411}
TOWNS = ["Centrum", "Nord", "Syd", "Øst", "Vest", "Havnen", "Stationen", "Biblioteket"]
DEMO_USERS = [
    ("national", "national", {}),
    ("admin", "admin", {}),
    ("esbjerg", "municipal", {"municipalities": [561]}),
    ("koebenhavn", "municipal", {"municipalities": [101, 147]}),
    ("frise", "ngo", {"organisation": "frise"}),
    # Frise's coordinator in Aarhus only: the organisation AND the municipality (two axes).
    ("frise-aarhus", "ngo", {"organisation": "frise", "municipalities": [751]}),
]


def default_until() -> dt.date:
    """The end of the last complete quarter: the newest data partners have reported."""
    return default_period()[1]


def _weekly_dates(first: dt.date, last: dt.date, weekday: int) -> list[dt.date]:
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def _season(day: dt.date) -> float:
    """Attendance dips in July and over Christmas, peaks in January and after summer."""
    return {1: 1.15, 2: 1.05, 7: 0.7, 8: 0.9, 9: 1.1, 12: 0.8}.get(day.month, 1.0)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small means used here.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def build_demo(
    session: Session, *, scale: int = 1, seed: int = 2013, until: dt.date | None = None,
    users: bool = True,
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo story; returns row counts."""
    rng = random.Random(seed)
    until = until or default_until()
    load_reference(session)
    muns = {m["code"]: m for m in read_municipalities()}

    orgs: dict[str, Organisation] = {}
    for slug, (name, _codes) in PILOT.items():
        orgs[slug] = Organisation(slug=slug, name=name)
    for slug, name in OTHERS.items():
        orgs[slug] = Organisation(slug=slug, name=name)
    session.add_all(orgs.values())
    session.flush()

    for slug, (_name, codes) in PILOT.items():
        for code in codes:
            session.add(
                Partnership(
                    organisation_id=orgs[slug].id, municipality_code=code, start_date=START,
                    end_date=None if slug in ("frise", "smart-pilot") else PILOT_END,
                    grant_dkk=round(10_300_000 / 10, 2),
                )
            )

    # Each municipality's aftercare quality: how often completers are offered and reached.
    quality = {code: rng.uniform(0.35, 0.95) for code in muns}
    group_rows: list[dict] = []
    n_ref = 0

    def add_group(org: str, code: int, method: str, start: dt.date, end: dt.date | None) -> None:
        nonlocal n_ref
        n_ref += 1
        evening = rng.random() < 0.7
        group_rows.append(
            {
                "ref": f"G{n_ref:05d}",
                "name": f"{method.upper() if method != 'other' else 'Netværk'} "
                f"{muns[code]['name']} {rng.choice(TOWNS)}",
                "organisation_id": orgs[org].id,
                "municipality_code": code,
                "method": method,
                "weekday": rng.choice([0, 1, 2, 3, 3, 4, 5, 6]) if evening else rng.randint(0, 4),
                "start_time": rng.choice(["17:00", "18:00", "18:30", "19:00", "19:30"])
                if evening else rng.choice(["10:00", "13:00", "15:00"]),
                "online": rng.random() < 0.12,
                "start_date": start,
                "end_date": end if end and end <= until else None,
            }
        )

    def rand_date(a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))

    for _ in range(scale):
        # The pilot: about 25 SMART groups in ten municipalities, some closing when grants end.
        for slug, (_name, codes) in PILOT.items():
            for code in codes:
                n = max(1, round(muns[code]["population"] / 60_000))
                for _i in range(n):
                    start = rand_date(START, dt.date(2014, 6, 30))
                    closes = slug not in ("frise", "smart-pilot") and rng.random() < 0.4
                    end = rand_date(PILOT_END, dt.date(2019, 12, 31)) if closes else None
                    add_group(slug, code, "smart", start, end)
        # NA groups in the larger towns throughout; SMART and network cafés spread after 2017.
        for code, m in muns.items():
            if code in NO_GROUP:
                continue
            pop = m["population"]
            for _i in range(round(pop / 90_000 + rng.random() * 0.8)):
                add_group("na-danmark", code, "na", rand_date(START, dt.date(2020, 1, 1)), None)
            if rng.random() < 0.85:
                for _i in range(max(1, round(pop / 45_000 + rng.random() * 0.5))):
                    start = rand_date(dt.date(2017, 1, 1), until - dt.timedelta(days=200))
                    end = rand_date(start + dt.timedelta(days=365), until + dt.timedelta(1500))
                    add_group("smart-danmark", code, "smart", start, end)
            if rng.random() < 0.3:
                add_group("netvaerkscafeen", code, "other",
                          rand_date(dt.date(2015, 1, 1), dt.date(2022, 1, 1)), None)

    session.execute(insert(Group), group_rows)
    groups = [
        (gid, row)
        for gid, row in zip(
            session.scalars(Group.__table__.select().with_only_columns(Group.id)
                            .order_by(Group.id)),
            group_rows,
            strict=True,
        )
    ]

    # Meetings: weekly, some missed, seasonal attendance around a group's own size.
    meeting_rows: list[dict] = []
    n_meetings = 0
    for gid, g in groups:
        last = g["end_date"] or until
        base = rng.uniform(3.5, 11.0) * (1.2 if g["method"] == "na" else 1.0)
        held_share = rng.uniform(0.8, 0.98)
        for day in _weekly_dates(g["start_date"], last, g["weekday"]):
            if rng.random() > held_share:
                continue
            attendance = max(1, _poisson(rng, base * _season(day)))
            newcomers = min(attendance, _poisson(rng, 0.12 * attendance))
            meeting_rows.append(
                {
                    "group_id": gid, "date": day, "quarter": quarter_of(day),
                    "attendance": attendance, "newcomers": newcomers,
                    "facilitators": 1 if rng.random() < 0.6 else 2,
                }
            )
            if len(meeting_rows) >= 20_000:
                session.execute(insert(Meeting), meeting_rows)
                n_meetings += len(meeting_rows)
                meeting_rows = []
    if meeting_rows:
        session.execute(insert(Meeting), meeting_rows)
        n_meetings += len(meeting_rows)

    # Volunteers: facilitators per group (some groups depend on one), replaced as they leave.
    vol_rows: list[dict] = []
    n_vol = 0

    def add_volunteer(org_id: int, code: int, gid: int | None, role: str, start: dt.date,
                      end_limit: dt.date) -> None:
        nonlocal n_vol
        n_vol += 1
        trained = None
        if role == "facilitator" and rng.random() < 0.85:
            trained = start + dt.timedelta(days=rng.randint(14, 150))
            trained = trained if trained <= until else None
        stays = rng.uniform(200, 2200) if role != "coordinator" else rng.uniform(900, 3000)
        end = start + dt.timedelta(days=int(stays))
        vol_rows.append(
            {
                "ref": f"V{n_vol:06d}", "organisation_id": org_id, "municipality_code": code,
                "group_id": gid, "role": role, "trained_on": trained, "active_from": start,
                "active_to": end if end < min(end_limit, until) else None,
            }
        )

    for gid, g in groups:
        last = g["end_date"] or until
        seats = 1 if rng.random() < 0.25 else rng.randint(2, 4)
        for _seat in range(seats):
            start = g["start_date"] - dt.timedelta(days=rng.randint(0, 60))
            while start < last:
                add_volunteer(g["organisation_id"], g["municipality_code"], gid, "facilitator",
                              start, last)
                stay_end = vol_rows[-1]["active_to"]
                if stay_end is None:
                    break
                start = stay_end + dt.timedelta(days=rng.randint(7, 90))
        if rng.random() < 0.3:
            add_volunteer(g["organisation_id"], g["municipality_code"], gid, "other",
                          rand_date(g["start_date"], last), last)
    coordinated = sorted({(g["organisation_id"], g["municipality_code"]) for _gid, g in groups})
    for org_id, code in coordinated:
        start = START
        while start < until:  # a coordinator who leaves is replaced after a while
            add_volunteer(org_id, code, None, "coordinator", start, until)
            if vol_rows[-1]["active_to"] is None:
                break
            start = vol_rows[-1]["active_to"] + dt.timedelta(days=rng.randint(30, 120))
    session.execute(insert(Volunteer), vol_rows)
    vol_ids = list(session.scalars(Volunteer.__table__.select().with_only_columns(Volunteer.id)
                                   .order_by(Volunteer.id)))

    # Hours per month while active: facilitators a few hours a week, coordinators part-time.
    hour_rows: list[dict] = []
    n_hours = 0
    for vid, v in zip(vol_ids, vol_rows, strict=True):
        month = v["active_from"].replace(day=1)
        stop = v["active_to"] or until
        mean = {"facilitator": 7.0, "other": 4.0, "coordinator": 60.0}[v["role"]]
        while month <= stop:
            if month >= START:
                hour_rows.append(
                    {"volunteer_id": vid, "month": month, "quarter": quarter_of(month),
                     "hours": round(max(0.5, rng.gauss(mean, mean / 3)), 1)}
                )
            month = (month + dt.timedelta(days=32)).replace(day=1)
        if len(hour_rows) >= 20_000:
            session.execute(insert(VolunteerHours), hour_rows)
            n_hours += len(hour_rows)
            hour_rows = []
    if hour_rows:
        session.execute(insert(VolunteerHours), hour_rows)
        n_hours += len(hour_rows)

    # Aftercare funnels from 2014: completers in proportion to population (about 5,200 start
    # treatment a year); offer, reach and retention depend on the municipality and on groups.
    with_groups = {g["municipality_code"] for _gid, g in groups}
    after_rows = []
    q = quarter_of(dt.date(2014, 1, 1))
    last_q = quarter_of(until)
    while q <= last_q:
        year = q // 10
        for code, m in muns.items():
            completed = _poisson(rng, m["population"] * 0.00022)
            qual = quality[code] * (1.0 if code in with_groups else 0.6)
            qual = min(0.98, qual * (1 + 0.02 * (year - 2014)))
            offered = sum(rng.random() < qual for _ in range(completed))
            attended = sum(rng.random() < qual * 0.7 for _ in range(offered))
            engaged = sum(rng.random() < 0.55 + qual * 0.3 for _ in range(attended))
            after_rows.append(
                {"municipality_code": code, "quarter": q, "completed": completed,
                 "offered": offered, "attended_90d": attended, "engaged_6m": engaged}
            )
        q = q + 1 if q % 10 != 4 else (year + 1) * 10 + 1
    session.execute(insert(Aftercare), after_rows)

    session.flush()
    submissions = add_reporting_history(session, seed, until)
    refresh_all(session)  # the quarter summaries the metrics read, in the same transaction
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL plans by its statistics, and a bulk load leaves them empty until
        # autovacuum comes by: measured, the organisation page took 6x longer without.
        # (SQLite's planner works without statistics here, so it is left as it is.)
        session.execute(text("ANALYZE"))
    if users:
        for username, role, kw in DEMO_USERS:
            add_user(session, username, "demo", role, is_demo=True, **kw)
    session.flush()
    return {
        "groups": len(groups), "meetings": n_meetings, "volunteers": n_vol,
        "volunteer_hours": n_hours, "aftercare": len(after_rows), "submissions": submissions,
    }
