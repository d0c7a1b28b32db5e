"""summaries at the grain of the attendance and hours cells (municipality, organisation,
method or kind of hours, quarter), so a filter change of whole quarters sums a few thousand
rows and joins no group or volunteer (issue 15: the hours cells alone were a third of an
eight-quarter change at scale 10)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_cell",
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("newcomers", sa.Integer(), nullable=False),
        sa.Column("groups_met", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", "municipality_code", "organisation_id", "method"),
    )
    op.create_table(
        "hours_cell",
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("coordinator", sa.Boolean(), nullable=False),
        sa.Column("hours", sa.Numeric(12, 1), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", "municipality_code", "organisation_id",
                                "coordinator"),
    )
    # Fill them from the data already there, as queries.summary.refresh_all does.
    op.execute("INSERT INTO meeting_cell (quarter, municipality_code, organisation_id, method, "
               "meetings, attendance, newcomers, groups_met) "
               "SELECT mq.quarter, g.municipality_code, g.organisation_id, g.method, "
               "SUM(mq.meetings), SUM(mq.attendance), SUM(mq.newcomers), COUNT(*) "
               "FROM meeting_quarter mq JOIN selfhelp_group g ON g.id = mq.group_id "
               "GROUP BY mq.quarter, g.municipality_code, g.organisation_id, g.method")
    op.execute("INSERT INTO hours_cell (quarter, municipality_code, organisation_id, "
               "coordinator, hours, people) "
               "SELECT hq.quarter, v.municipality_code, v.organisation_id, "
               "v.role = 'coordinator', SUM(hq.hours), "
               "SUM(CASE WHEN hq.hours > 0 THEN 1 ELSE 0 END) "
               "FROM hours_quarter hq JOIN volunteer v ON v.id = hq.volunteer_id "
               "GROUP BY hq.quarter, v.municipality_code, v.organisation_id, "
               "v.role = 'coordinator'")


def downgrade() -> None:
    op.drop_table("hours_cell")
    op.drop_table("meeting_cell")
