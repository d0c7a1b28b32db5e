"""volunteer stocks kept as levels with the quarters they hold in (quarter to until), not as
changes: the read of a quarter was a sum over every earlier change, a third of a national
filter change at scale 10 (issue 15); now it is one row per stock and organisation

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

# The day rules in quarters, as the code that keeps the table applies them: one definition.
from queries.summary import stock_changes, stock_levels

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


# Typed columns, so that SQLite's dates (kept as text) come back as dates.
VOLUNTEER = sa.table("volunteer", sa.column("municipality_code", sa.Integer),
                     sa.column("organisation_id", sa.Integer), sa.column("role", sa.String),
                     sa.column("active_from", sa.Date), sa.column("active_to", sa.Date),
                     sa.column("trained_on", sa.Date))


def _volunteers() -> list[tuple]:
    v = VOLUNTEER.c
    return list(op.get_bind().execute(sa.select(
        v.municipality_code, v.organisation_id, v.active_from, v.active_to, v.trained_on)
        .where(v.role != "coordinator")))


def _remake(with_until: bool) -> sa.Table:
    """The table is derived data: dropped, made in its new shape, filled again."""
    op.drop_table("volunteer_stock")
    columns = [sa.Column("kind", sa.String(10), nullable=False),
               sa.Column("quarter", sa.Integer(), nullable=False)]
    if with_until:
        columns.append(sa.Column("until", sa.Integer(), nullable=False))
    return op.create_table(
        "volunteer_stock", *columns,
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "quarter", "municipality_code", "organisation_id"),
    )


def upgrade() -> None:
    table = _remake(with_until=True)
    op.create_index("ix_volunteer_stock_until", "volunteer_stock",
                    ["kind", "until", "quarter", "municipality_code", "organisation_id", "n"])
    if rows := stock_levels(_volunteers()):
        op.bulk_insert(table, rows)


def downgrade() -> None:
    table = _remake(with_until=False)
    if rows := stock_changes(_volunteers()):
        op.bulk_insert(table, rows)
