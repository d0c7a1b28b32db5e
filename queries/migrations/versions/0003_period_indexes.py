"""indexes for the period filters: meetings by date, hours by month (measured in BENCHMARKS.md)

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Covering: the attendance cells are summed from the index alone.
    op.create_index("ix_meeting_date_cover", "meeting",
                    ["date", "group_id", "attendance", "newcomers"])
    op.create_index("ix_hours_month_cover", "volunteer_hours", ["month", "volunteer_id", "hours"])


def downgrade() -> None:
    op.drop_index("ix_hours_month_cover", table_name="volunteer_hours")
    op.drop_index("ix_meeting_date_cover", table_name="meeting")
