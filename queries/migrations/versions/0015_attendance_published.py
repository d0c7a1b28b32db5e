"""what a municipal manager sees of every other municipality's meetings (the newcomers and
returning visits rounded from their running totals), kept with the meeting cells instead of
summed and rounded from years of history at every filter change (issue 15)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

# The rounding, as the code that keeps the table applies it: one definition.
from queries.summary import published_attendance

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "attendance_published",
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("groups_met", sa.Integer(), nullable=False),
        sa.Column("newcomers", sa.Integer(), nullable=False),
        sa.Column("returning_visits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_code", "quarter"),
    )
    op.create_index("ix_attendance_published_quarter", "attendance_published",
                    ["quarter", "municipality_code", "meetings", "groups_met", "newcomers",
                     "returning_visits"])
    # Fill it from the meeting cells already there, as queries.summary.refresh_all does.
    bind = op.get_bind()
    secret = bind.execute(sa.text("SELECT secret FROM disclosure_key WHERE id = 1")).scalar()
    rows = published_attendance(bytes.fromhex(secret), bind.execute(sa.text(
        "SELECT municipality_code, quarter, sum(meetings), sum(attendance), sum(newcomers), "
        "sum(groups_met) FROM meeting_cell GROUP BY municipality_code, quarter "
        "ORDER BY municipality_code, quarter")))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("attendance_published")
