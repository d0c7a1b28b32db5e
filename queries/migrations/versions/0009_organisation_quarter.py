"""what each organisation reported and had open per quarter, so the charts' completeness and
the data status page read a few rows per organisation instead of summing every group's and
volunteer's quarters on each filter change (issue 15)

Revision ID: 0009
Revises: 0008
"""

import datetime as dt
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _quarter(d: dt.date) -> int:
    return d.year * 10 + (d.month - 1) // 3 + 1


def _next(q: int) -> int:
    return q + 1 if q % 10 != 4 else (q // 10 + 1) * 10 + 1


def upgrade() -> None:
    table = op.create_table(
        "organisation_quarter",
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"),
                  nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "kind", "quarter"),
    )
    # Fill it from the data already there, as queries.summary.refresh_all does.
    op.execute("INSERT INTO organisation_quarter (organisation_id, kind, quarter, n) "
               "SELECT g.organisation_id, 'meetings', mq.quarter, SUM(mq.meetings) "
               "FROM meeting_quarter mq JOIN selfhelp_group g ON g.id = mq.group_id "
               "GROUP BY g.organisation_id, mq.quarter")
    op.execute("INSERT INTO organisation_quarter (organisation_id, kind, quarter, n) "
               "SELECT v.organisation_id, 'hours', hq.quarter, SUM(hq.months) "
               "FROM hours_quarter hq JOIN volunteer v ON v.id = hq.volunteer_id "
               "GROUP BY v.organisation_id, hq.quarter")
    bind = op.get_bind()
    rows = []
    for kind, sql in (("groups", "SELECT organisation_id, start_date, end_date "
                                 "FROM selfhelp_group"),
                      ("volunteers", "SELECT organisation_id, active_from, active_to "
                                     "FROM volunteer")):
        changes: Counter = Counter()
        for oid, start, end in bind.execute(sa.text(sql)):
            if start is None:
                continue
            if isinstance(start, str):  # SQLite hands dates back as text
                start = dt.date.fromisoformat(start)
                end = dt.date.fromisoformat(end) if end else None
            opened, closed = _quarter(start), None if end is None else _quarter(end)
            if closed is not None and closed < opened:
                continue
            changes[(oid, opened)] += 1
            if closed is not None:
                changes[(oid, _next(closed))] -= 1
        rows += [{"organisation_id": oid, "kind": kind, "quarter": q, "n": n}
                 for (oid, q), n in sorted(changes.items()) if n]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("organisation_quarter")
