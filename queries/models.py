"""The schema: municipalities, partners, groups, meetings, volunteers, aftercare, users.

Only aggregate counts and pseudonymous references are stored: no names of
citizens or volunteers, no CPR numbers. A group's name is the public name of a
meeting (as on a meeting finder), never a person's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

METHODS = ("smart", "na", "other")
ROLES = ("national", "municipal", "ngo", "admin")
VOLUNTEER_ROLES = ("facilitator", "coordinator", "other")


class Base(DeclarativeBase):
    pass


def quarter_of(day: dt.date) -> int:
    """Return the quarter key YYYYQ (2024-05-01 -> 20242): sortable and portable SQL."""
    return day.year * 10 + (day.month - 1) // 3 + 1


class Region(Base):
    __tablename__ = "region"
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Municipality(Base):
    __tablename__ = "municipality"
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[int] = mapped_column(ForeignKey("region.code"), index=True)
    population: Mapped[int] = mapped_column(Integer)
    # "approx-2024" for the shipped demo figures, "FOLK1A <period>" once official ones are loaded.
    population_source: Mapped[str] = mapped_column(String(40), default="approx-2024")
    # Where reminders about the municipality's own aftercare reports go.
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)


class PopulationFigure(Base):
    """One official population figure of a municipality on a day (FOLK1A: the first day of a
    quarter), kept as history so that a page shows the figure for the period it shows."""

    __tablename__ = "population_figure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[int] = mapped_column(ForeignKey("municipality.code"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    population: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(40))  # "FOLK1A 2024K1"
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)

    __table_args__ = (
        UniqueConstraint("municipality_code", "on_date", name="uq_population_mun_date"),
    )


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Where reminders about the organisation's quarterly reports go.
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)


class Partnership(Base):
    """An NGO working with a municipality for a period, usually on a grant."""

    __tablename__ = "partnership"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_code: Mapped[int] = mapped_column(ForeignKey("municipality.code"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    grant_dkk: Mapped[float | None] = mapped_column(Numeric(14, 2), nullable=True)


class Submission(Base):
    """Provenance: one file delivered by a partner (who, when, what, its checksum)."""

    __tablename__ = "submission"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), nullable=True
    )
    municipality_code: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.code"), nullable=True
    )
    submitted_by: Mapped[str] = mapped_column(String(80))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    row_count: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    period_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # A corrected file replaces an earlier one; the earlier one stays recorded.
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)
    # The receiving side's review: checked (looked through), then approved (queries.review).
    checked_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Group(Base):
    """A recurring self-help group with a method, meeting weekly on a weekday."""

    __tablename__ = "selfhelp_group"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_code: Mapped[int] = mapped_column(ForeignKey("municipality.code"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    start_time: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()


class Meeting(Base):
    """One session of a group: counts only."""

    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("selfhelp_group.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    quarter: Mapped[int] = mapped_column(Integer)  # YYYYQ, derived from date on write
    attendance: Mapped[int] = mapped_column(Integer)
    newcomers: Mapped[int] = mapped_column(Integer, default=0)
    facilitators: Mapped[int] = mapped_column(Integer, default=1)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)

    __table_args__ = (
        UniqueConstraint("group_id", "date", name="uq_meeting_group_date"),
        # Covers the attendance sums and the meetings export (migration 0008).
        Index("ix_meeting_date_cover", "date", "group_id", "quarter", "attendance", "newcomers",
              "facilitators"),
        Index("ix_meeting_date_group", "date", "group_id"),
        Index("ix_meeting_quarter_group", "quarter", "group_id"),
    )


class Volunteer(Base):
    """A volunteer by pseudonymous reference (e.g. "FRISE-V017"), never by name."""

    __tablename__ = "volunteer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_code: Mapped[int] = mapped_column(ForeignKey("municipality.code"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("selfhelp_group.id"), nullable=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    trained_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)


class VolunteerHours(Base):
    __tablename__ = "volunteer_hours"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    quarter: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float] = mapped_column(Numeric(8, 1))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)

    __table_args__ = (
        UniqueConstraint("volunteer_id", "month", name="uq_hours_volunteer_month"),
        Index("ix_hours_month_cover", "month", "volunteer_id", "hours"),
    )


class MeetingQuarter(Base):
    """Meetings, attendance and newcomers of one group in one quarter: a summary of `meeting`
    kept by queries.summary in the same transaction as every write, so that a period of whole
    quarters is read from here instead of from every meeting."""

    __tablename__ = "meeting_quarter"
    group_id: Mapped[int] = mapped_column(ForeignKey("selfhelp_group.id"), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    meetings: Mapped[int] = mapped_column(Integer)
    attendance: Mapped[int] = mapped_column(Integer)
    newcomers: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_meeting_quarter_cover", "quarter", "group_id", "meetings", "attendance",
              "newcomers"),
    )


class HoursQuarter(Base):
    """Hours of one volunteer in one quarter: the summary of `volunteer_hours`, kept like
    MeetingQuarter."""

    __tablename__ = "hours_quarter"
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    hours: Mapped[float] = mapped_column(Numeric(10, 1))
    months: Mapped[int] = mapped_column(Integer)  # rows reported, for the data status page

    __table_args__ = (Index("ix_hours_quarter_cover", "quarter", "volunteer_id", "hours"),)


class MeetingCell(Base):
    """Meetings, attendance and newcomers per municipality, organisation, method and quarter:
    the grain of the attendance cells (queries.metrics), summed from MeetingQuarter and kept
    with it, so a period of whole quarters reads these few rows and joins no group. `groups_met`
    counts the groups that met, the units of disclosure control."""

    __tablename__ = "meeting_cell"
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    method: Mapped[str] = mapped_column(String(10), primary_key=True)
    meetings: Mapped[int] = mapped_column(Integer)
    attendance: Mapped[int] = mapped_column(Integer)
    newcomers: Mapped[int] = mapped_column(Integer)
    groups_met: Mapped[int] = mapped_column(Integer)


class HoursCell(Base):
    """Hours per municipality, organisation, quarter and kind (volunteers' or paid
    coordinators'): the grain of the hours cells, summed from HoursQuarter and kept with it.
    `people` counts those who gave hours, the units of disclosure control."""

    __tablename__ = "hours_cell"
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coordinator: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    hours: Mapped[float] = mapped_column(Numeric(12, 1))
    people: Mapped[int] = mapped_column(Integer)


class VolunteerStock(Base):
    """How many volunteers (not paid coordinators) of one organisation in one municipality
    count in a stock, `n`, in every quarter from `quarter` to `until` (OPEN_END in
    queries.summary: from then on, so it stays right as time passes with no write). Kept by
    queries.summary; a stock with no row for a quarter is zero there.

    Stocks (`kind`): `active`, active at any time in the quarter; `trained`, of them trained
    by its end; `cohort`, active on the quarter's first day; `retained`, of them still
    active 365 days later. A filter change then reads one row per stock and organisation in
    a municipality instead of every volunteer (issue 15: two such reads were a sixth of a
    change at scale 10), or every change in a stock's history (migration 0012)."""

    __tablename__ = "volunteer_stock"
    __table_args__ = (
        # The read of a quarter q: quarter <= q <= until, an index range on until.
        Index("ix_volunteer_stock_until", "kind", "until", "quarter", "municipality_code",
              "organisation_id", "n"),
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    until: Mapped[int] = mapped_column(Integer)
    municipality_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class FacilitatorSpan(Base):
    """Trained facilitators of a group, counted by the organisation whose register holds
    them: `n` of them count for the group in a period of whole quarters from `first_quarter`
    to `last_quarter` on, that is when the period starts by `last_quarter` (the quarter of
    their end; OPEN_END in queries.summary with none) and ends in or after `first_quarter`
    (the later of the quarters in which they began and were trained). The metrics' day rule
    (trained by the period's end, active at any time in it) in quarters; kept by
    queries.summary with the volunteer stocks. A period's facilitators per group are then a
    read of narrow integer rows, not of every volunteer (issue 15: scale 100)."""

    __tablename__ = "facilitator_span"
    __table_args__ = (
        Index("ix_facilitator_span_last", "last_quarter", "first_quarter", "group_id", "n"),
        # A page for one municipality or organisation reads its own groups' spans only.
        Index("ix_facilitator_span_group", "group_id", "last_quarter", "first_quarter", "n"),
    )
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class OrganisationQuarter(Base):
    """What one organisation has in one quarter, for the data status and the charts'
    completeness, kept by queries.summary like MeetingQuarter: `meetings` and `hours` are the
    rows it reported in the quarter; `groups` and `volunteers` are how many more of them
    are open from the quarter on than in the quarter before (a group counts from its start
    quarter to its end quarter), so the open count of any quarter, past or future, is the
    sum up to it. A filter change then reads a few rows per organisation instead of
    summing every group's and volunteer's quarters (issue 15)."""

    __tablename__ = "organisation_quarter"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                 primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class DisclosureKey(Base):
    """The secret behind the rounding of figures about others (queries.disclosure). One row,
    made by the migration; never shown, never rotated, since two roundings of the same data
    would together say more than one."""

    __tablename__ = "disclosure_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))


class Aftercare(Base):
    """The aftercare funnel of one municipality in one quarter (counts of citizens)."""

    __tablename__ = "aftercare"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[int] = mapped_column(ForeignKey("municipality.code"))
    quarter: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    offered: Mapped[int] = mapped_column(Integer)
    attended_90d: Mapped[int] = mapped_column(Integer)
    engaged_6m: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), nullable=True)

    __table_args__ = (
        UniqueConstraint("municipality_code", "quarter", name="uq_aftercare_mun_quarter"),
        # A change reads one period of every municipality (migration 0014).
        Index("ix_aftercare_quarter", "quarter", "municipality_code", "completed", "offered",
              "attended_90d", "engaged_6m"),
    )


class AttendancePublished(Base):
    """A municipality's meetings in a quarter as a viewer whose scope is whole other
    municipalities (a municipal manager) sees them: the meetings and the groups that met
    (public, exact), and the newcomers and the returning visits (clipped at zero per quarter),
    each the step between consecutive rounded running totals of the municipality's history
    (queries.disclosure.published_steps). The same for every such viewer and period; kept by
    queries.summary with the meeting cells, and read instead of summing and rounding years
    of history at each filter change (issue 15). An NGO coordinator's others are cut
    through municipalities (all but their organisation): theirs are worked out per change."""

    __tablename__ = "attendance_published"
    __table_args__ = (Index("ix_attendance_published_quarter", "quarter", "municipality_code",
                            "meetings", "groups_met", "newcomers",
                            "returning_visits"),)
    municipality_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    meetings: Mapped[int] = mapped_column(Integer)
    groups_met: Mapped[int] = mapped_column(Integer)
    newcomers: Mapped[int] = mapped_column(Integer)
    returning_visits: Mapped[int] = mapped_column(Integer)


class AftercarePublished(Base):
    """A municipality's aftercare funnel in a quarter as everyone outside its scope sees it:
    the four groups of citizens it counts (not offered, offered but not come, come but not
    kept, kept), each the step between consecutive rounded running totals of the
    municipality's history (queries.disclosure.published_steps). The rounding is keyed by the
    municipality and part alone, so these are the same for every viewer and every period;
    kept by queries.summary in the transaction that writes the funnels, and read instead of
    rounding years of history at each filter change (issue 15)."""

    __tablename__ = "aftercare_published"
    # A change reads one period of every municipality: by quarter, from the index alone.
    __table_args__ = (Index("ix_aftercare_published_quarter", "quarter", "municipality_code",
                            "not_offered", "not_come", "not_kept", "kept"),)
    municipality_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    not_offered: Mapped[int] = mapped_column(Integer)
    not_come: Mapped[int] = mapped_column(Integer)
    not_kept: Mapped[int] = mapped_column(Integer)
    kept: Mapped[int] = mapped_column(Integer)


user_municipality = Table(
    "user_municipality",
    Base.metadata,
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
)


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on logout and password change so that earlier session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    organisation: Mapped[Organisation | None] = relationship()
    municipalities: Mapped[list[Municipality]] = relationship(secondary=user_municipality)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_audit_action_id", "action", "id"),)


class LoginAttempt(Base):
    """A failed login, kept a short while: the limit on guessing holds across every worker
    process and app instance because it lives in the shared database."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )


class ReminderSent(Base):
    """A reminder e-mailed to a partner about a quarter, so a daily run sends each once."""

    __tablename__ = "reminder_sent"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner: Mapped[str] = mapped_column(String(80))  # "organisation:frise", "municipality:751"
    quarter: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(10))  # before | after
    address: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("partner", "quarter", "stage", name="uq_reminder_partner_quarter"),
    )
