"""the secret behind the rounding of figures about others (queries.disclosure), made once
per installation so that every worker and every restart rounds the same way

Revision ID: 0007
Revises: 0006_first_day
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006_first_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "disclosure_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "secret": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("disclosure_key")
