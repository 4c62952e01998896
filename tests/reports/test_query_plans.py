"""On PostgreSQL every report statement is planned for the days it is given, however often it runs."""

from datetime import date

import pytest
import sqlalchemy as sa

from helpdesk.extensions import db
from helpdesk.reports.catalogue import REPORTS, run
from tests.reports.conftest import TODAY


def test_statements_run_again_and_again_are_never_prepared_with_one_plan_for_all_days(dataset):
    """psycopg prepares a statement on its fifth run, and PostgreSQL's one plan for any days then reads a whole
    table for "any ledger row after today?"; a report asked for many times must stay on the indexes."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    kind = REPORTS["clips"]
    filters = kind.filters(date(2026, 11, 1), TODAY, None, TODAY)
    for _ in range(8):
        result = run(kind, filters, TODAY)
    assert [row["outstanding"] for row in result.rows] == [-2, 16]      # Alfa −2; Beta 10 − 3 − 1 + 10 (cards 2 and 4)
    assert db.session.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements")) == 0


def test_postgresql_compiles_no_statement_just_in_time(app):
    """Compiling a plan costs tens of milliseconds each time it runs, more than the app's statements gain by it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's")
    assert db.session.scalar(sa.text("SHOW jit")) == "off"
