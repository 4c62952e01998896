"""Reference indexes only where the reference is set; a customer's cases by date

Most invoices credit no invoice and carry no reminder's charges, and most cases are no complaint. SQLite's
statistics counted all those NULLs as one value, so its planner judged the plain indexes useless and read every
invoice to find one invoice's credit notes (the dunning run, bench/README.md). Partial indexes without the NULLs
are small and their statistics true.

kundeHUB's front page shows a customer's newest cases: with only customer_id indexed, SQLite read all of a big
customer's cases (1,898) to sort them, and PostgreSQL walked every case by date to find a small customer's.

Revision ID: 7c2e91d4a0b3
Revises: 4d71e13b7ee0
Create Date: 2026-11-22 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c2e91d4a0b3'
down_revision = '4d71e13b7ee0'
branch_labels = None
depends_on = None

REFERENCES = [("invoices", "credits_invoice_id"), ("invoices", "charges_for_invoice_id"),
              ("cases", "complaint_of_id")]


def _set_only(column: str) -> dict:
    condition = sa.text(f"{column} IS NOT NULL")
    return {"postgresql_where": condition, "sqlite_where": condition}


def upgrade():
    for table, column in REFERENCES:
        op.drop_index(f"ix_{table}_{column}", table)
        op.create_index(f"ix_{table}_{column}", table, [column], **_set_only(column))
    op.create_index('ix_cases_customer_created', 'cases', ['customer_id', 'created_at', 'id'])
    op.drop_index('ix_cases_customer_id', 'cases')


def downgrade():
    op.create_index('ix_cases_customer_id', 'cases', ['customer_id'])
    op.drop_index('ix_cases_customer_created', 'cases')
    for table, column in REFERENCES:
        op.drop_index(f"ix_{table}_{column}", table)
        op.create_index(f"ix_{table}_{column}", table, [column])
