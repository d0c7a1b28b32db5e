"""trained facilitators' spans per group in whole quarters, so a period's facilitators per
group read narrow integer rows instead of every volunteer (issue 15: at scale 100 that read
was about 130 ms of a national change)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

# The day rule in quarters, as the code that keeps the table applies it: one definition.
from queries.summary import facilitator_spans

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Typed columns, so that SQLite's dates (kept as text) come back as dates.
VOLUNTEER = sa.table("volunteer", sa.column("organisation_id", sa.Integer),
                     sa.column("group_id", sa.Integer), sa.column("role", sa.String),
                     sa.column("active_from", sa.Date), sa.column("active_to", sa.Date),
                     sa.column("trained_on", sa.Date))


def upgrade() -> None:
    table = op.create_table(
        "facilitator_span",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("first_quarter", sa.Integer(), nullable=False),
        sa.Column("last_quarter", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "group_id", "first_quarter", "last_quarter"),
    )
    op.create_index("ix_facilitator_span_last", "facilitator_span",
                    ["last_quarter", "first_quarter", "group_id", "n"])
    op.create_index("ix_facilitator_span_group", "facilitator_span",
                    ["group_id", "last_quarter", "first_quarter", "n"])
    # Fill it from the volunteers already there, as queries.summary.refresh_all does.
    v = VOLUNTEER.c
    rows = facilitator_spans(op.get_bind().execute(
        sa.select(v.organisation_id, v.group_id, v.role, v.active_from, v.active_to,
                  v.trained_on).where(v.role == "facilitator")))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("facilitator_span")
