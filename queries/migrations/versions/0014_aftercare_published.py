"""others' view of each municipality's aftercare funnels, rounded once when the funnels are
written instead of from years of history at every filter change (issue 15: most of a
municipal manager's or NGO coordinator's overview change)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

# The rounding, as the code that keeps the table applies it: one definition.
from queries.summary import published_funnels

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "aftercare_published",
        sa.Column("municipality_code", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("not_offered", sa.Integer(), nullable=False),
        sa.Column("not_come", sa.Integer(), nullable=False),
        sa.Column("not_kept", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_code", "quarter"),
    )
    # Fill it from the funnels already there, as queries.summary.refresh_all does.
    bind = op.get_bind()
    secret = bind.execute(sa.text("SELECT secret FROM disclosure_key WHERE id = 1")).scalar()
    rows = published_funnels(bytes.fromhex(secret), bind.execute(sa.text(
        "SELECT municipality_code, quarter, completed, offered, attended_90d, engaged_6m "
        "FROM aftercare ORDER BY municipality_code, quarter")))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("aftercare_published")
