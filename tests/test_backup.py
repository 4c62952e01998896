"""Backups: restored into an empty database they give back every row; generations are pruned by age."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from helpdesk.backup import BackupError, make_backup, prune, restore
from helpdesk.clips import services as clips
from helpdesk.extensions import db
from tests.conftest import scratch_postgres_database


def every_row() -> dict[str, list[tuple]]:
    with db.engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
            sa.select(table).order_by(*table.primary_key.columns))] for table in db.metadata.sorted_tables}


def some_data(make):
    manager = make.user("manager")
    customer = make.customer(name="Ærø Data ApS")
    clips.sell_card(manager, customer.id, 40, "16.000,00", date(2026, 11, 2))
    case = make.case(customer, subject="Backup-test")
    make.entry(case, "2026-11-17 09:00", "2026-11-17 10:10", description="Ændret adgangskode")


@pytest.fixture
def empty_target(app, database_url, tmp_path):
    """A second, empty database on the same engine, with its own app."""
    from helpdesk import create_app

    def build(url):
        target = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                             "HELPDESK_BACKUP_DIR": str(tmp_path / "backups")})
        with target.app_context():
            db.create_all()
        return target

    if database_url.startswith("sqlite"):
        yield build(f"sqlite:///{tmp_path / 'restored.sqlite'}")
        return
    with scratch_postgres_database("helpdesk_restore") as url:
        target = build(url)
        yield target
        with target.app_context():
            db.engine.dispose()


def test_a_restored_backup_holds_every_row(app, make, empty_target, tmp_path):
    some_data(make)
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path / "backups")
    original = every_row()
    backup = make_backup(date(2026, 11, 22))
    assert backup.name.startswith("helpdesk-2026-11-22.") and backup.stat().st_size > 0
    with empty_target.app_context():
        restore(backup)
        restored = every_row()
        assert restored == original
        assert len(restored["time_entries"]) == 1 and len(restored["invoices"]) == 1


def test_restore_refuses_a_database_with_rows(app, make, tmp_path):
    some_data(make)
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path / "backups")
    backup = make_backup(date(2026, 11, 22))
    with pytest.raises(BackupError, match="not empty"):
        restore(backup)


def test_old_generations_are_pruned(tmp_path):
    last = date(2026, 11, 22)
    for n in range(60):
        (tmp_path / f"helpdesk-{last - timedelta(days=n)}.sqlite").write_text("x")
    removed = prune(tmp_path)
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert len(kept) + len(removed) == 60
    assert "helpdesk-2026-11-22.sqlite" in kept and "helpdesk-2026-11-16.sqlite" in kept   # the last 7 days
    assert "helpdesk-2026-11-15.sqlite" in kept and "helpdesk-2026-11-14.sqlite" not in kept  # weeks end on Sunday
    assert "helpdesk-2026-09-30.sqlite" in kept                                                # a month's last


def test_the_commands_report_success_and_failure(app, make, tmp_path):
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path / "backups")
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", "--today", "2026-11-22"])
    assert made.exit_code == 0 and "helpdesk-2026-11-22" in made.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nothing.sqlite")])
    assert missing.exit_code != 0 and "is not a file" in missing.output
