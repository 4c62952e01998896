"""The migrations build exactly the schema the models describe."""

from datetime import date

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

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


def _insert(connection, table: str, **values) -> None:
    connection.execute(sa.text(f"INSERT INTO {table} ({', '.join(values)}) VALUES "
                               f"({', '.join(':' + name for name in values)})"), values)


def test_the_upgrades_to_kept_revenue_and_clip_figures_fill_them_and_the_downgrade_gives_the_old_sums_back(
        empty_database, tmp_path, monkeypatch):
    """An invoice of 1.000,00 for a card and 95,00 postage on 2 November, a credit note of 200,00 on its card line on
    20 November; the card's 20 clips booked 2026-10-31 23:30 UTC (November in Copenhagen), 4 clips consumed from it
    and 2 on no card."""
    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="9d2f4b6a8c15")
        with db.engine.begin() as connection:
            _insert(connection, "customers", id=1, name="Kunde", address="", email="k@example.dk", phone="",
                    delivery_channel="email", terms_profile="hostkon", payment_terms_days=8,
                    overdraft_policy="unfunded", low_saldo_threshold=4, hourly_rate=95000, is_business=True,
                    clip_balance=14, unfunded_clips=2, deletion_postponed_reason="", created_at="2026-10-01 09:00:00")
            for id_, kind, credits, day, net in ((1, "invoice", None, "2026-11-02", 109500),
                                                 (2, "credit_note", 1, "2026-11-20", 20000)):
                _insert(connection, "invoices", id=id_, number=id_, customer_id=1, issue_date=day, due_date=day,
                        kind=kind, credits_invoice_id=credits, status="issued", disputed=False,
                        delivery_channel="email", reason="", buyer_name="Kunde", buyer_address="", buyer_email="",
                        total_net=net, total_vat=0, total_gross=net, amount_paid=0, amount_credited=0,
                        created_at="2026-11-02 09:00:00")
            for id_, invoice_id, position, kind, net in ((1, 1, 1, "clip_card", 100000), (2, 1, 2, "postage_fee", 9500),
                                                         (3, 2, 1, "clip_card", 20000)):
                _insert(connection, "invoice_lines", id=id_, invoice_id=invoice_id, position=position, kind=kind,
                        description="", quantity=1, unit_price=net, net=net, vat_percent=0, vat=0)
            _insert(connection, "clip_cards", id=1, customer_id=1, clips=20, price=100000, remaining=16,
                    invoice_date="2026-11-01", expires_on="2028-05-01", invoice_id=1, created_at="2026-10-31 23:30:00")
            for id_, kind, clips, card_id, at in ((1, "purchase", 20, 1, "2026-10-31 23:30:00"),
                                                  (2, "consumption", -4, 1, "2026-11-10 09:00:00"),
                                                  (3, "consumption", -2, None, "2026-11-10 10:00:00")):
                _insert(connection, "clip_ledger", id=id_, customer_id=1, kind=kind, clips=clips, card_id=card_id,
                        reason="", at=at)
        upgrade()
        with db.engine.connect() as connection:
            revenue = connection.execute(sa.text("SELECT issue_date, document_kind, line_kind, net_ore FROM "
                                                 "revenue_day_sums ORDER BY issue_date, line_kind")
                                         .columns(issue_date=sa.Date)).all()
            figures = connection.execute(sa.text("SELECT customer_id, month, sold, consumed, expired, adjusted, "
                                                 "unfunded_clips FROM clip_ledger_month_sums")
                                         .columns(month=sa.Date)).all()
        downgrade(revision="5c35929d7ca6")
        with db.engine.connect() as connection:
            by_kind = connection.execute(sa.text("SELECT customer_id, month, kind, clips, unfunded_clips "
                                                 "FROM clip_ledger_month_sums ORDER BY kind DESC")
                                         .columns(month=sa.Date)).all()
        db.engine.dispose()
    assert [tuple(row) for row in revenue] == [
        (date(2026, 11, 2), "invoice", "clip_card", 100000), (date(2026, 11, 2), "invoice", "postage_fee", 9500),
        (date(2026, 11, 20), "credit_note", "clip_card", 20000)]
    assert [tuple(row) for row in figures] == [(1, date(2026, 11, 1), 20, 6, 0, 0, -2)]
    assert [tuple(row) for row in by_kind] == [
        (1, date(2026, 11, 1), "purchase", 20, 0), (1, date(2026, 11, 1), "consumption", -6, -2)]
