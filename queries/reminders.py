"""Who is to be reminded of a quarterly deadline today, and which reminders went out.

Each partner expected to report the last complete quarter gets at most two reminders about
it, by e-mail to its contact address: once in the week before the deadline if it has not
reported, and once after the deadline while it is still missing. They are recorded, so a
daily run (cron, a systemd timer) sends each once and a missed day is caught up the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.filters import Filters, quarter_end, quarter_start
from queries.models import Municipality, Organisation, ReminderSent, quarter_of
from queries.scope import Scope
from queries.status import due_date, reporting_status

DAYS_BEFORE = 7


@dataclass(frozen=True)
class Reminder:
    partner: str  # "organisation:frise" or "municipality:147"
    partner_name: str
    address: str | None  # None: the partner has no contact address
    quarter: int
    stage: str  # before | after
    due: dt.date
    kinds: tuple[str, ...]

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter // 10}K{self.quarter % 10}"


def reporting_quarter(today: dt.date) -> int:
    """The last complete quarter on `today`: the one partners are reporting now."""
    q = quarter_of(today)
    return q - 7 if q % 10 == 1 else q - 1


def due_reminders(session: Session, today: dt.date) -> list[Reminder]:
    """The reminders to send today that have not been sent, partners without an address
    included (address None) so the administrator can be told."""
    q = reporting_quarter(today)
    due = due_date(q)
    if today < due - dt.timedelta(days=DAYS_BEFORE):
        return []
    stage = "before" if today <= due else "after"
    rows = reporting_status(session, Scope.national(), Filters(quarter_start(q), quarter_end(q)),
                            today=today)
    missing: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str] = {}
    for r in rows:
        if r["status"] in ("due", "overdue"):
            key = (r["partner_type"], r["partner"])
            missing.setdefault(key, []).append(r["kind"])
            names[key] = r["partner_name"]
    sent = set(session.scalars(select(ReminderSent.partner).where(
        ReminderSent.quarter == q, ReminderSent.stage == stage)))
    org_mail = dict(session.execute(select(Organisation.slug, Organisation.contact_email)).all())
    mun_mail = dict(session.execute(select(Municipality.code, Municipality.contact_email)).all())
    out = []
    for (kind, partner), kinds in sorted(missing.items()):
        key = f"{kind}:{partner}"
        if key in sent:
            continue
        address = org_mail.get(partner) if kind == "organisation" else mun_mail.get(int(partner))
        out.append(Reminder(key, names[(kind, partner)], address, q, stage, due, tuple(kinds)))
    return out


def record_sent(session: Session, reminder: Reminder, now: dt.datetime | None = None) -> None:
    """Remember that this reminder went out, so it is not sent again."""
    session.add(ReminderSent(partner=reminder.partner, quarter=reminder.quarter,
                             stage=reminder.stage, address=reminder.address or "",
                             sent_at=now or dt.datetime.now(dt.UTC).replace(tzinfo=None)))
