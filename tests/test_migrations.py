"""The migrations build exactly the schema the models describe."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from helpdesk import create_app
from helpdesk.extensions import db
from tests.conftest import scratch_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    with scratch_postgres_database("helpdesk_migrations") as url:
        yield url


def test_there_is_a_single_head(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1


def test_upgraded_database_matches_the_models(empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
            migrated_checks = _check_constraints(sa.inspect(connection))
            migrated_partial_indexes = _partial_indexes(sa.inspect(connection))
        db.engine.dispose()
    assert differences == []
    assert migrated_checks == _model_check_constraints()
    assert migrated_partial_indexes == _model_partial_indexes()


def _check_constraints(inspector) -> set[tuple[str, str]]:
    """Alembic does not compare CHECK constraints, so compare their names here."""
    return {(table, check["name"]) for table in inspector.get_table_names() if table != "alembic_version"
            for check in inspector.get_check_constraints(table)}


def _model_check_constraints() -> set[tuple[str, str]]:
    return {(table.name, constraint.name) for table in db.metadata.sorted_tables
            for constraint in table.constraints if isinstance(constraint, sa.CheckConstraint)}


def _partial_indexes(inspector) -> set[tuple[str, str]]:
    """Alembic does not compare an index's WHERE, so compare which indexes have one here."""
    return {(table, index["name"]) for table in inspector.get_table_names() for index in inspector.get_indexes(table)
            if any(option.endswith("_where") and value is not None
                   for option, value in index.get("dialect_options", {}).items())}


def _model_partial_indexes() -> set[tuple[str, str]]:
    return {(table.name, index.name) for table in db.metadata.sorted_tables for index in table.indexes
            if index.dialect_options["sqlite"]["where"] is not None}


def test_the_upgrade_to_kept_invoice_amounts_fills_them_from_the_payments_and_credit_notes(
        empty_database, tmp_path, monkeypatch):
    """An invoice of 1.250,00 with 1.000,00 and 100,00 paid and a credit note of 150,00, and one with nothing."""
    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="7f3b2c1d9e40")
        with db.engine.begin() as connection:
            for id_, kind, credits, gross in ((1, "invoice", None, 125000), (2, "credit_note", 1, 15000),
                                               (3, "invoice", None, 50000)):
                connection.execute(sa.text(
                    "INSERT INTO invoices (id, number, issue_date, due_date, kind, credits_invoice_id, status, "
                    "disputed, delivery_channel, reason, buyer_name, buyer_address, buyer_email, total_net, "
                    "total_vat, total_gross, created_at) VALUES (:id, :id, '2026-11-02', '2026-11-10', :kind, "
                    ":credits, 'partly_paid', false, 'email', '', 'Kunde', '', '', :gross, 0, :gross, "
                    "'2026-11-02 09:00:00')"), {"id": id_, "kind": kind, "credits": credits, "gross": gross})
            for id_, applied in ((1, 100000), (2, 10000)):
                connection.execute(sa.text(
                    "INSERT INTO payments (id, invoice_id, received, applied, paid_on, created_at) "
                    "VALUES (:id, 1, :applied, :applied, '2026-11-05', '2026-11-05 09:00:00')"),
                    {"id": id_, "applied": applied})
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(sa.text(
                "SELECT id, amount_paid, amount_credited FROM invoices ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in kept] == [(1, 110000, 15000), (2, 0, 0), (3, 0, 0)]


def test_the_upgrade_to_invoice_terms_gives_each_invoice_its_customers_terms(empty_database, tmp_path, monkeypatch):
    """A compusoft private customer's invoice, a hostkon business's, and one whose customer is gone."""
    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="5c1e9a7b3d20")
        with db.engine.begin() as connection:
            for id_, terms, business in ((1, "compusoft", False), (2, "hostkon", True)):
                connection.execute(sa.text(
                    "INSERT INTO customers (id, name, address, email, phone, delivery_channel, terms_profile, "
                    "payment_terms_days, overdraft_policy, low_saldo_threshold, hourly_rate, is_business, "
                    "clip_balance, unfunded_clips, deletion_postponed_reason, created_at) VALUES (:id, 'Kunde', '', "
                    "'k@example.dk', '', 'email', :terms, 8, 'unfunded', 4, 95000, :business, 0, 0, '', "
                    "'2026-11-01 09:00:00')"), {"id": id_, "terms": terms, "business": business})
            for id_, customer_id in ((1, 1), (2, 2), (3, None)):
                connection.execute(sa.text(
                    "INSERT INTO invoices (id, number, customer_id, issue_date, due_date, kind, status, disputed, "
                    "delivery_channel, reason, buyer_name, buyer_address, buyer_email, total_net, total_vat, "
                    "total_gross, amount_paid, amount_credited, created_at) VALUES (:id, :id, :customer, "
                    "'2026-11-02', '2026-11-10', 'invoice', 'issued', false, 'email', '', 'Kunde', '', '', 100000, "
                    "25000, 125000, 0, 0, '2026-11-02 09:00:00')"), {"id": id_, "customer": customer_id})
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(sa.text(
                "SELECT id, terms_profile, buyer_is_business FROM invoices ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in kept] == [(1, "compusoft", False), (2, "hostkon", True), (3, "hostkon", True)]
