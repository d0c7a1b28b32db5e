"""others' view of each municipality's aftercare funnels, rounded once when the funnels are
written instead of from years of history at every filter change (issue 15: most of a
municipal manager's or NGO coordinator's overview change); both tables indexed by quarter,
as a change reads one period of every municipality

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
    # A change reads one period of every municipality: by quarter, from the index alone.
    op.create_index("ix_aftercare_published_quarter", "aftercare_published",
                    ["quarter", "municipality_code", "not_offered", "not_come", "not_kept",
                     "kept"])
    op.create_index("ix_aftercare_quarter", "aftercare",
                    ["quarter", "municipality_code", "completed", "offered", "attended_90d",
                     "engaged_6m"])
    # Fill it from the funnels already there, as queries.summary.refresh_all does.
    bind = op.get_bind()
    secret = bind.execute(sa.text("SELECT secret FROM disclosure_key WHERE id = 1")).scalar()
    rows = published_funnels(bytes.fromhex(secret), bind.execute(sa.text(
        "SELECT municipality_code, quarter, completed, offered, attended_90d, engaged_6m "
        "FROM aftercare ORDER BY municipality_code, quarter")))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_aftercare_quarter", "aftercare")
    op.drop_table("aftercare_published")
