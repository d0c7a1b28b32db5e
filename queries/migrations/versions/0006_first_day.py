"""a real installation: reference data on upgrade, contact addresses for reminders, population
history, the review of submissions (checked, approved) and the reminders sent

Revision ID: 0006_first_day
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_first_day"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("municipality") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("checked_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("checked_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
    op.create_table(
        "population_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.Integer(), sa.ForeignKey("municipality.code"),
                  nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_code", "on_date", name="uq_population_mun_date"),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=80), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("partner", "quarter", "stage", name="uq_reminder_partner_quarter"),
    )
    # An empty database gets the regions and the 98 municipalities; rows already there (with
    # an administrator's population figures) are left as they are.
    from queries.reference import load_reference

    load_reference(op.get_bind())


def downgrade() -> None:
    op.drop_table("reminder_sent")
    op.drop_table("population_figure")
    with op.batch_alter_table("submission") as batch:
        for column in ("approved_at", "approved_by", "checked_at", "checked_by"):
            batch.drop_column(column)
    with op.batch_alter_table("municipality") as batch:
        batch.drop_column("contact_email")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("contact_email")
