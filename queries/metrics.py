"""The metrics of docs/metrics.md, each defined once, aggregated in SQL, scoped and protected.

Every public function takes `(session, scope, filters)`; the scope is required,
so no query path can forget it. Counts of people outside the scope come from
fixed cells under disclosure control (queries.disclosure); inside it they are
exact. Rows are plain dicts, ready for a table, a figure or a CSV file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from queries.disclosure import Cell, Figure, Hidden, fold, hide_chain, hide_parts, hide_small
from queries.filters import Filters, quarter_end, quarter_start
from queries.memo import per_session
from queries.models import (
    Aftercare,
    Group,
    Municipality,
    Organisation,
    Region,
    Volunteer,
)
from queries.scope import Scope
from queries.summary import hours_facts, meeting_facts

ATTENDANCE_FIELDS = ("meetings", "attendance", "newcomers")
VOLUNTEER_FIELDS = ("volunteers", "trained", "pipeline")
AFTERCARE_FIELDS = ("completed", "offered", "attended_90d", "engaged_6m")
AFTERCARE_RATES = {
    "offer_rate": ("offered", "completed"),
    "reach_rate": ("attended_90d", "completed"),
    "retention_rate": ("engaged_6m", "attended_90d"),
}


# ---------------------------------------------------------------- shared predicates


def _group_filters(f: Filters) -> list[ColumnElement[bool]]:
    """Filters on groups: geography, organisation and method (all are cell dimensions)."""
    conds: list[ColumnElement[bool]] = []
    if f.municipality is not None:
        conds.append(Group.municipality_code == f.municipality)
    if f.region is not None:
        conds.append(
            Group.municipality_code.in_(
                select(Municipality.code).where(Municipality.region_code == f.region)
            )
        )
    if f.organisation is not None:
        conds.append(
            Group.organisation_id.in_(
                select(Organisation.id).where(Organisation.slug == f.organisation)
            )
        )
    if f.method is not None:
        conds.append(Group.method == f.method)
    return conds


def _volunteer_filters(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.municipality is not None:
        conds.append(Volunteer.municipality_code == f.municipality)
    if f.region is not None:
        conds.append(
            Volunteer.municipality_code.in_(
                select(Municipality.code).where(Municipality.region_code == f.region)
            )
        )
    if f.organisation is not None:
        conds.append(
            Volunteer.organisation_id.in_(
                select(Organisation.id).where(Organisation.slug == f.organisation)
            )
        )
    return conds


def _in_scope_flag(scope: Scope, predicate: ColumnElement[bool]) -> ColumnElement[int]:
    if scope.unrestricted:
        return literal(1)
    return case((predicate, 1), else_=0)


def _active_in(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(
        Volunteer.active_from <= end,
        or_(Volunteer.active_to.is_(None), Volunteer.active_to >= start),
    )


# ---------------------------------------------------------------- cells


@per_session
def attendance_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Meetings, attendance and newcomers per municipality x quarter x organisation x method.

    Inside the scope: the exact dates of the period. Outside it: whole quarters (the fixed
    cells), so that nobody can subtract two periods to isolate a few people.
    """
    pred = scope.groups()
    parts = [(True, meeting_facts(f))]
    if not scope.unrestricted:
        parts.append((False, meeting_facts(f, whole_quarters=True)))
    cells: list[Cell] = []
    for inside, facts in parts:
        stmt = (
            select(
                Group.municipality_code,
                facts.c.quarter,
                Group.organisation_id,
                Group.method,
                func.sum(facts.c.meetings),
                func.sum(facts.c.attendance),
                func.sum(facts.c.newcomers),
            )
            .join(Group, Group.id == facts.c.group_id)
            .where(*_group_filters(f), pred if inside else ~pred)
            .group_by(Group.municipality_code, facts.c.quarter, Group.organisation_id,
                      Group.method)
        )
        cells.extend(
            Cell(
                dims={"municipality": m, "quarter": q, "organisation": o, "method": meth},
                in_scope=inside,
                values={"meetings": int(n), "attendance": int(a), "newcomers": int(nc)},
            )
            for m, q, o, meth, n, a, nc in session.execute(stmt)
        )
    return cells


def _protect_attendance(values: dict[str, float], threshold: int) -> dict[str, Figure]:
    people = hide_chain(
        {"attendance": values["attendance"], "newcomers": values["newcomers"]},
        ("attendance", "newcomers"),
        threshold,
    )
    return {"meetings": values["meetings"], **people}


@per_session
def volunteer_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Active, trained and not-yet-trained volunteers per municipality x organisation.

    Inside the scope: active at any time in the period. Outside it: the fixed
    cell of the period's last quarter, since distinct people cannot be summed
    over quarters.
    """
    pred = scope.volunteers()
    cells: list[Cell] = []
    windows = [(True, f.date_from, f.date_to)]
    if not scope.unrestricted:
        q = f.quarter_to
        windows.append((False, quarter_start(q), quarter_end(q)))
    for inside, start, end in windows:
        trained = and_(Volunteer.trained_on.is_not(None), Volunteer.trained_on <= end)
        stmt = (
            select(
                Volunteer.municipality_code,
                Volunteer.organisation_id,
                func.count(Volunteer.id),
                func.coalesce(func.sum(case((trained, 1), else_=0)), 0),
            )
            .where(
                *_volunteer_filters(f),
                Volunteer.role != "coordinator",
                _active_in(start, end),
                pred if inside else ~pred,
            )
            .group_by(Volunteer.municipality_code, Volunteer.organisation_id)
        )
        for m, o, n, t in session.execute(stmt):
            cells.append(
                Cell(
                    dims={"municipality": m, "organisation": o},
                    in_scope=inside,
                    values={"volunteers": n, "trained": int(t), "pipeline": n - int(t)},
                )
            )
    return cells


def _protect_volunteers(values: dict[str, float], threshold: int) -> dict[str, Figure]:
    return hide_parts(values, "volunteers", ("trained", "pipeline"), threshold)


@per_session
def hours_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Volunteer hours and paid coordinator hours per municipality x quarter x organisation
    (exact months inside the scope, whole quarters outside it)."""
    pred = scope.volunteers()
    is_coord = Volunteer.role == "coordinator"
    parts = [(True, hours_facts(f))]
    if not scope.unrestricted:
        parts.append((False, hours_facts(f, whole_quarters=True)))
    cells: list[Cell] = []
    for inside, facts in parts:
        stmt = (
            select(
                Volunteer.municipality_code,
                facts.c.quarter,
                Volunteer.organisation_id,
                func.coalesce(func.sum(case((~is_coord, facts.c.hours), else_=0)), 0),
                func.coalesce(func.sum(case((is_coord, facts.c.hours), else_=0)), 0),
            )
            .join(Volunteer, Volunteer.id == facts.c.volunteer_id)
            .where(*_volunteer_filters(f), pred if inside else ~pred)
            .group_by(Volunteer.municipality_code, facts.c.quarter, Volunteer.organisation_id)
        )
        cells.extend(
            Cell(
                dims={"municipality": m, "quarter": q, "organisation": o},
                in_scope=inside,
                values={"volunteer_hours": round(float(h)),
                        "coordinator_hours": round(float(c))},
            )
            for m, q, o, h, c in session.execute(stmt)
        )
    return cells


@per_session
def aftercare_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """The aftercare funnel per municipality x quarter (municipal data: no organisation/method)."""
    owned = scope.aftercare_codes()
    if owned is None:
        flag: ColumnElement[int] = literal(1)
    elif owned:
        flag = case((Aftercare.municipality_code.in_(sorted(owned)), 1), else_=0)
    else:
        flag = literal(0)
    conds: list[ColumnElement[bool]] = [Aftercare.quarter.between(f.quarter_from, f.quarter_to)]
    if f.municipality is not None:
        conds.append(Aftercare.municipality_code == f.municipality)
    if f.region is not None:
        conds.append(
            Aftercare.municipality_code.in_(
                select(Municipality.code).where(Municipality.region_code == f.region)
            )
        )
    stmt = select(
        flag.label("in_scope"),
        Aftercare.municipality_code,
        Aftercare.quarter,
        Aftercare.completed,
        Aftercare.offered,
        Aftercare.attended_90d,
        Aftercare.engaged_6m,
    ).where(*conds)
    return [
        Cell(
            dims={"municipality": m, "quarter": q},
            in_scope=bool(ins),
            values={"completed": c, "offered": o, "attended_90d": a, "engaged_6m": e},
        )
        for ins, m, q, c, o, a, e in session.execute(stmt)
    ]


def _protect_aftercare(values: dict[str, float], threshold: int) -> dict[str, Figure]:
    return hide_chain(values, AFTERCARE_FIELDS, threshold)


# ---------------------------------------------------------------- group-level (not people)


def _active_groups_stmt(f: Filters) -> Select:
    """Groups with at least one meeting in the period. Groups are public, not people."""
    facts = meeting_facts(f)
    return select(Group.id).join(facts, facts.c.group_id == Group.id).where(
        *_group_filters(f)).distinct()


@per_session
def group_counts_by_municipality(
    session: Session, scope: Scope, f: Filters
) -> dict[int, dict[str, int]]:
    """Active groups and meetings held per municipality: exact for every viewer.

    Groups and their meeting dates are public (as on a meeting finder), so they
    are not under disclosure control; the scope is still taken so that the
    signature cannot forget it.
    """
    del scope  # group counts are public; see docstring
    evening = Group.start_time >= "17:00"
    weekend = Group.weekday >= 5
    facts = meeting_facts(f)
    stmt = (
        select(
            Group.municipality_code,
            func.count(distinct(Group.id)),
            func.sum(facts.c.meetings),
            func.count(distinct(case((or_(evening, weekend), Group.id)))),
            func.count(distinct(case((Group.online.is_(True), Group.id)))),
        )
        .join(facts, facts.c.group_id == Group.id)
        .where(*_group_filters(f))
        .group_by(Group.municipality_code)
    )
    return {
        m: {"active_groups": g, "meetings": int(n), "evening_weekend_groups": ew,
            "online_groups": on}
        for m, g, n, ew, on in session.execute(stmt)
    }


@per_session
def facilitator_risk_by_municipality(
    session: Session, scope: Scope, f: Filters
) -> dict[int, dict[str, int]]:
    """Trained facilitators per active group, and groups with exactly one, in scope only.

    A group's facilitator count is a count of people, so restricted viewers get it
    only for their own groups.
    """
    trained_active = and_(
        Volunteer.role == "facilitator",
        Volunteer.trained_on.is_not(None),
        Volunteer.trained_on <= f.date_to,
        _active_in(f.date_from, f.date_to),
    )
    per_group = (
        select(
            Group.id.label("gid"),
            Group.municipality_code.label("mun"),
            func.count(Volunteer.id).label("n"),
        )
        .outerjoin(Volunteer, and_(Volunteer.group_id == Group.id, trained_active))
        .where(Group.id.in_(_active_groups_stmt(f)), scope.groups())
        .group_by(Group.id, Group.municipality_code)
        .subquery()
    )
    stmt = select(
        per_group.c.mun,
        func.count(per_group.c.gid),
        func.coalesce(func.sum(per_group.c.n), 0),
        func.coalesce(func.sum(case((per_group.c.n == 1, 1), else_=0)), 0),
        func.coalesce(func.sum(case((per_group.c.n == 0, 1), else_=0)), 0),
    ).group_by(per_group.c.mun)
    return {
        m: {
            "groups": g,
            "facilitators_in_groups": int(n),
            "single_facilitator_groups": int(one),
            "groups_without_facilitator": int(zero),
        }
        for m, g, n, one, zero in session.execute(stmt)
    }


# ---------------------------------------------------------------- public rows


@per_session
def municipalities(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """The municipalities the filters select (all 98 by default), with region and population."""
    del scope  # reference data, public
    stmt = (
        select(
            Municipality.code,
            Municipality.name,
            Municipality.name_en,
            Municipality.region_code,
            Region.name,
            Municipality.population,
            Municipality.population_source,
        )
        .join(Region, Region.code == Municipality.region_code)
        .order_by(Municipality.code)
    )
    if f.municipality is not None:
        stmt = stmt.where(Municipality.code == f.municipality)
    if f.region is not None:
        stmt = stmt.where(Municipality.region_code == f.region)
    keys = ("code", "name", "name_en", "region_code", "region", "population", "population_source")
    return [dict(zip(keys, row, strict=True)) for row in session.execute(stmt)]


def _per_100k(count: Figure, population: int) -> float | None:
    if isinstance(count, Hidden) or count is None or not population:
        return None
    return count * 100_000 / population


def municipality_table(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """One row per municipality with the three questions' key figures for the period.

    Counts of people outside the viewer's scope follow queries.disclosure; rates
    are None where their counts are hidden or the denominator is zero.
    """
    t = scope.threshold
    by_mun = partial(_fold_by_key, lambda c: c.dims["municipality"])
    groups = group_counts_by_municipality(session, scope, f)
    att = by_mun(attendance_cells(session, scope, f), partial(_protect_attendance, threshold=t),
                 ATTENDANCE_FIELDS, {"avg_attendance": ("attendance", "meetings")}, t)
    vol = by_mun(volunteer_cells(session, scope, f), partial(_protect_volunteers, threshold=t),
                 VOLUNTEER_FIELDS, None, t)
    hrs = by_mun(hours_cells(session, scope, f), partial(_protect_hours, threshold=t),
                 ("volunteer_hours", "coordinator_hours"), None, t)
    aft = by_mun(aftercare_cells(session, scope, f), partial(_protect_aftercare, threshold=t),
                 AFTERCARE_FIELDS, AFTERCARE_RATES, t)
    risk = facilitator_risk_by_municipality(session, scope, f)
    rows = []
    for m in municipalities(session, scope, f):
        code = m["code"]
        g = groups.get(code, {})
        a = att.get(code, {})
        row = {
            **m,
            "own": scope.owns_municipality(code),
            "active_groups": g.get("active_groups", 0),
            "groups_per_100k": _per_100k(g.get("active_groups", 0), m["population"]),
            "meetings": g.get("meetings", 0),
            "attendance": a.get("attendance", 0),
            "avg_attendance": a.get("avg_attendance"),
            "newcomers": a.get("newcomers", 0),
            **_defaults(vol.get(code), VOLUNTEER_FIELDS),
            **_defaults(hrs.get(code), ("volunteer_hours", "coordinator_hours")),
            "single_facilitator_groups": risk[code]["single_facilitator_groups"]
            if code in risk else (0 if scope.unrestricted else None),
            **_defaults(aft.get(code), AFTERCARE_FIELDS, AFTERCARE_RATES),
        }
        rows.append(row)
    return rows


def _protect_hours(values: dict[str, float], threshold: int) -> dict[str, Figure]:
    # Coordinator hours are paid staff time, not a count about volunteers or citizens.
    hours = hide_small({"volunteer_hours": values["volunteer_hours"]}, threshold)
    return {**hours, "coordinator_hours": values["coordinator_hours"]}


def _fold_by_key(key, cells, protect, fields, ratios, threshold):  # noqa: ANN001, ANN202
    return fold(cells, key, protect, fields, ratios, threshold)


def _defaults(
    row: dict[str, Figure] | None, fields: Sequence[str], ratios: dict | None = None
) -> dict[str, Figure]:
    if row is None:
        return {**dict.fromkeys(fields, 0), **dict.fromkeys(ratios or {}, None)}
    return {k: row[k] for k in (*fields, *(ratios or {}))}


def key_figures(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """Totals for the selection: the figures at the top of the overview.

    Person counts add up the visible cells only, so a restricted viewer's total is
    marked as a lower bound where cells were hidden.
    """
    t = scope.threshold
    whole = partial(_fold_by_key, lambda c: "all")
    groups = group_counts_by_municipality(session, scope, f)
    muns = municipalities(session, scope, f)
    population = sum(m["population"] for m in muns)
    covered = sum(m["population"] for m in muns if groups.get(m["code"], {}).get("active_groups"))
    n_groups = sum(g["active_groups"] for g in groups.values())
    att = whole(attendance_cells(session, scope, f), partial(_protect_attendance, threshold=t),
                ATTENDANCE_FIELDS, {"avg_attendance": ("attendance", "meetings")}, t)
    vol = whole(volunteer_cells(session, scope, f), partial(_protect_volunteers, threshold=t),
                VOLUNTEER_FIELDS, None, t)
    hrs = whole(hours_cells(session, scope, f), partial(_protect_hours, threshold=t),
                ("volunteer_hours", "coordinator_hours"), None, t)
    aft = whole(aftercare_cells(session, scope, f), partial(_protect_aftercare, threshold=t),
                AFTERCARE_FIELDS, AFTERCARE_RATES, t)
    risk = facilitator_risk_by_municipality(session, scope, f)
    risk_groups = sum(r["groups"] for r in risk.values())
    risk_fac = sum(r["facilitators_in_groups"] for r in risk.values())
    a = att.get("all", {})
    return {
        "active_groups": n_groups,
        "meetings": sum(g["meetings"] for g in groups.values()),
        "municipalities": len(muns),
        "municipalities_without_group": sum(
            1 for m in muns if not groups.get(m["code"], {}).get("active_groups")
        ),
        "population_covered_share": covered / population if population else None,
        "evening_weekend_share": (
            sum(g["evening_weekend_groups"] for g in groups.values()) / n_groups
            if n_groups else None
        ),
        "online_share": (
            sum(g["online_groups"] for g in groups.values()) / n_groups if n_groups else None
        ),
        "attendance": a.get("attendance", 0),
        "newcomers": a.get("newcomers", 0),
        "avg_attendance": a.get("avg_attendance"),
        **_defaults(vol.get("all"), VOLUNTEER_FIELDS),
        **_defaults(hrs.get("all"), ("volunteer_hours", "coordinator_hours")),
        "facilitators_per_group": risk_fac / risk_groups if risk_groups else None,
        "single_facilitator_groups": sum(r["single_facilitator_groups"] for r in risk.values()),
        **_defaults(aft.get("all"), AFTERCARE_FIELDS, AFTERCARE_RATES),
    }


def comparison_rates(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """The rates a municipality is compared with (attendance per meeting, offer, reach and
    retention) for the selection: the same figures as key_figures, without the volunteer,
    hours and group queries a comparison does not need."""
    t = scope.threshold
    whole = partial(_fold_by_key, lambda c: "all")
    att = whole(attendance_cells(session, scope, f), partial(_protect_attendance, threshold=t),
                ATTENDANCE_FIELDS, {"avg_attendance": ("attendance", "meetings")}, t)
    aft = whole(aftercare_cells(session, scope, f), partial(_protect_aftercare, threshold=t),
                AFTERCARE_FIELDS, AFTERCARE_RATES, t)
    return {"avg_attendance": att.get("all", {}).get("avg_attendance"),
            **{k: v for k, v in _defaults(aft.get("all"), AFTERCARE_FIELDS, AFTERCARE_RATES)
               .items() if k in AFTERCARE_RATES}}


def quarterly_trend(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """Per quarter of the period: meetings, attendance and the aftercare funnel with its rates."""
    t = scope.threshold
    by_q = partial(_fold_by_key, lambda c: c.dims["quarter"])
    att = by_q(attendance_cells(session, scope, f), partial(_protect_attendance, threshold=t),
               ATTENDANCE_FIELDS, {"avg_attendance": ("attendance", "meetings")}, t)
    aft = by_q(aftercare_cells(session, scope, f), partial(_protect_aftercare, threshold=t),
               AFTERCARE_FIELDS, AFTERCARE_RATES, t)
    hrs = by_q(hours_cells(session, scope, f), partial(_protect_hours, threshold=t),
               ("volunteer_hours", "coordinator_hours"), None, t)
    rows = []
    for q in f.quarters():
        a = att.get(q, {})
        rows.append(
            {
                "quarter": q,
                "meetings": a.get("meetings", 0),
                "attendance": a.get("attendance", 0),
                "newcomers": a.get("newcomers", 0),
                "avg_attendance": a.get("avg_attendance"),
                **_defaults(aft.get(q), AFTERCARE_FIELDS, AFTERCARE_RATES),
                **_defaults(hrs.get(q), ("volunteer_hours", "coordinator_hours")),
            }
        )
    return rows


# ---------------------------------------------------------------- regularity, retention, benchmark


def _weekday_count(first: dt.date, last: dt.date, weekday: int) -> int:
    """How many times `weekday` (0 = Monday) falls between first and last, inclusive."""
    if last < first:
        return 0
    start = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    return 0 if start > last else (last - start).days // 7 + 1


@per_session
def regularity_by_municipality(session: Session, scope: Scope, f: Filters) -> dict[int, dict]:
    """Meetings held / meetings scheduled by each group's weekly schedule while open in P.

    The held count is aggregated in SQL; the schedule (weekdays between two dates)
    is counted per group in Python, a few thousand groups at most. Meeting counts
    are not counts of people, so they are exact for every viewer.
    """
    del scope  # public schedule data; see docstring
    facts = meeting_facts(f)
    held = (
        select(facts.c.group_id, func.sum(facts.c.meetings).label("held"))
        .group_by(facts.c.group_id)
        .subquery()
    )
    stmt = (
        select(Group.municipality_code, Group.weekday, Group.start_date, Group.end_date,
               func.coalesce(held.c.held, 0))
        .outerjoin(held, held.c.group_id == Group.id)
        .where(
            *_group_filters(f),
            Group.start_date <= f.date_to,
            or_(Group.end_date.is_(None), Group.end_date >= f.date_from),
        )
    )
    out: dict[int, dict] = {}
    for mun, weekday, start, end, n in session.execute(stmt):
        first = max(start, f.date_from)
        last = min(end or f.date_to, f.date_to)
        row = out.setdefault(mun, {"held": 0, "scheduled": 0})
        row["held"] += int(n)
        row["scheduled"] += _weekday_count(first, last, weekday)
    for row in out.values():
        row["regularity"] = row["held"] / row["scheduled"] if row["scheduled"] else None
    return out


@per_session
def retention_cells(session: Session, scope: Scope, f: Filters) -> list[Cell]:
    """Volunteers (not paid coordinators) active on the period's first day, and of them how
    many were still active a year later, per municipality x organisation."""
    day = f.date_from
    later = day + dt.timedelta(days=365)
    pred = scope.volunteers()
    still = or_(Volunteer.active_to.is_(None), Volunteer.active_to >= later)
    stmt = (
        select(
            _in_scope_flag(scope, pred).label("in_scope"),
            Volunteer.municipality_code,
            Volunteer.organisation_id,
            func.count(Volunteer.id),
            func.coalesce(func.sum(case((still, 1), else_=0)), 0),
        )
        .where(*_volunteer_filters(f), Volunteer.role != "coordinator",
               _active_in(day, day))
        .group_by("in_scope", Volunteer.municipality_code, Volunteer.organisation_id)
    )
    return [
        Cell(
            dims={"municipality": m, "organisation": o},
            in_scope=bool(ins),
            values={"cohort": n, "retained": int(r), "left": n - int(r)},
        )
        for ins, m, o, n, r in session.execute(stmt)
    ]


def volunteer_retention(session: Session, scope: Scope, f: Filters) -> dict[str, Figure]:
    """12-month retention: of volunteers active on the period's first day, the share still
    active 365 days later. None while that day lies in the future (not yet known)."""
    t = scope.threshold
    later = f.date_from + dt.timedelta(days=365)
    row = fold(
        retention_cells(session, scope, f), lambda c: "all",
        partial(hide_parts, total="cohort", parts=("retained", "left"), threshold=t),
        ("cohort", "retained"), {"retention_12m": ("retained", "cohort")}, t,
    ).get("all", {"cohort": 0, "retained": 0, "retention_12m": None})
    if later > dt.date.today():
        row = {**row, "retained": None, "retention_12m": None}
    return row


Z95 = 1.959963984540054
SIZE_BANDS = ((0, 20_000), (20_000, 50_000), (50_000, 100_000), (100_000, 250_000),
              (250_000, 10**9))
SIZE_LABELS = ("under 20.000", "20.000-50.000", "50.000-100.000", "100.000-250.000",
               "over 250.000")


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion: honest for small n, unlike p +- 2 SE."""
    if not n:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def size_band(population: int) -> int:
    return next(i for i, (lo, hi) in enumerate(SIZE_BANDS) if lo <= population < hi)


def reach_benchmark(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """Each municipality's reach (A/C) for the period with a 95% Wilson interval, against the
    national figure and municipalities of similar size.

    Only cells whose completed and attended counts are both visible to the viewer
    enter any of these figures. `verdict` is "higher" or "lower" only when the
    national figure lies outside the municipality's interval, else "same".
    """
    t = scope.threshold
    unfiltered = Filters(f.date_from, f.date_to)  # the benchmark is always against all of DK
    cells = aftercare_cells(session, scope, unfiltered)
    pairs: dict[int, list[float]] = {}
    for cell in cells:
        shown = cell.values if cell.in_scope else _protect_aftercare(cell.values, t)
        if isinstance(shown["completed"], Hidden) or isinstance(shown["attended_90d"], Hidden):
            continue
        acc = pairs.setdefault(cell.dims["municipality"], [0.0, 0.0])
        acc[0] += shown["attended_90d"]
        acc[1] += shown["completed"]
    muns = municipalities(session, scope, unfiltered)
    band_of = {m["code"]: size_band(m["population"]) for m in muns}
    nat = [sum(v[0] for v in pairs.values()), sum(v[1] for v in pairs.values())]
    bands: dict[int, list[float]] = {}
    for code, (a, c) in pairs.items():
        acc = bands.setdefault(band_of[code], [0.0, 0.0])
        acc[0] += a
        acc[1] += c
    national = nat[0] / nat[1] if nat[1] else None
    rows = []
    for m in municipalities(session, scope, f):
        a, c = pairs.get(m["code"], (0.0, 0.0))
        interval = wilson(a, c)
        band = band_of[m["code"]]
        peer = bands.get(band, [0.0, 0.0])
        verdict = None
        if interval and national is not None:
            verdict = ("lower" if interval[1] < national else
                       "higher" if interval[0] > national else "same")
        rows.append(
            {
                "code": m["code"], "name": m["name"], "population": m["population"],
                "own": scope.owns_municipality(m["code"]),
                "completed": c, "attended_90d": a,
                "reach_rate": a / c if c else None,
                "reach_low": interval[0] if interval else None,
                "reach_high": interval[1] if interval else None,
                "national_rate": national,
                "size_band": SIZE_LABELS[band],
                "peer_rate": peer[0] / peer[1] if peer[1] else None,
                "verdict": verdict,
            }
        )
    return rows


def peer_benchmark(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """`reach_benchmark` for the municipalities of the same size band as `f.municipality`
    (which must be set), the filtered municipality included; all of them when it is not set."""
    rows = reach_benchmark(session, scope, Filters(f.date_from, f.date_to))
    own = next((r for r in rows if r["code"] == f.municipality), None)
    if own is None:
        return rows if f.municipality is None else []
    return [r for r in rows if r["size_band"] == own["size_band"]]
