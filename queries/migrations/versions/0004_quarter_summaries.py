"""summaries of meetings and volunteer hours per group or volunteer and quarter, so that
a filter change reads whole quarters from them instead of every meeting (BENCHMARKS.md)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_quarter",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("selfhelp_group.id"), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("newcomers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("group_id", "quarter"),
    )
    op.create_index("ix_meeting_quarter_cover", "meeting_quarter",
                    ["quarter", "group_id", "meetings", "attendance", "newcomers"])
    op.create_table(
        "hours_quarter",
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Numeric(10, 1), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("volunteer_id", "quarter"),
    )
    op.create_index("ix_hours_quarter_cover", "hours_quarter", ["quarter", "volunteer_id", "hours"])
    # Fill them from the data already there, the same aggregation queries.summary uses.
    op.execute("INSERT INTO meeting_quarter (group_id, quarter, meetings, attendance, newcomers) "
               "SELECT group_id, quarter, COUNT(*), COALESCE(SUM(attendance), 0), "
               "COALESCE(SUM(newcomers), 0) FROM meeting GROUP BY group_id, quarter")
    op.execute("INSERT INTO hours_quarter (volunteer_id, quarter, hours, months) "
               "SELECT volunteer_id, quarter, COALESCE(SUM(hours), 0), COUNT(*) "
               "FROM volunteer_hours "
               "GROUP BY volunteer_id, quarter")


def downgrade() -> None:
    op.drop_index("ix_hours_quarter_cover", table_name="hours_quarter")
    op.drop_table("hours_quarter")
    op.drop_index("ix_meeting_quarter_cover", table_name="meeting_quarter")
    op.drop_table("meeting_quarter")
