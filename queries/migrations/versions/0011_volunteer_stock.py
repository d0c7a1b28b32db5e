"""volunteer stocks per municipality, organisation and quarter (active, trained, the cohort of
a quarter's first day and those of it retained a year later), so the volunteer figures of a
filter change sum a few thousand rows instead of reading every volunteer (issue 15)

Revision ID: 0011
Revises: 0010
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

# The day rules in quarters, as the code that keeps the table applies them: one definition.
from queries.summary import stock_changes

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _day(value: object) -> dt.date | None:
    """SQLite hands dates back as text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def upgrade() -> None:
    table = op.create_table(
        "volunteer_stock",
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "quarter", "municipality_code", "organisation_id"),
    )
    # Fill it from the volunteers already there, as queries.summary.refresh_all does.
    rows = stock_changes(
        (mun, oid, _day(start), _day(end), _day(trained))
        for mun, oid, start, end, trained in op.get_bind().execute(sa.text(
            "SELECT municipality_code, organisation_id, active_from, active_to, trained_on "
            "FROM volunteer WHERE role <> 'coordinator'")))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("volunteer_stock")
