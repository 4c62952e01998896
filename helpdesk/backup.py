"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump; generations kept by age; restore
into an empty database.

A backup is written under a temporary name and renamed when complete, so a crash never leaves half a file that
looks whole. Files are named by day; backing up twice on a day replaces that day's file.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from helpdesk.database import local_today
from helpdesk.extensions import db
from helpdesk.rules.backups import generations_to_keep

PREFIX = "helpdesk-"


class BackupError(Exception):
    pass


def backup_dir() -> Path:
    folder = Path(current_app.config.get("HELPDESK_BACKUP_DIR") or Path(current_app.instance_path) / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _url() -> sa.engine.URL:
    return db.engine.url


def _is_sqlite() -> bool:
    return _url().get_backend_name() == "sqlite"


def _libpq(url: sa.engine.URL) -> tuple[str, dict]:
    """A URL pg_dump understands, and the environment carrying the password (never on the command line)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def make_backup(day: date) -> Path:
    """Back up the database as the day's generation, then remove generations no longer kept."""
    suffix = ".sqlite" if _is_sqlite() else ".dump"
    target = backup_dir() / f"{PREFIX}{day.isoformat()}{suffix}"
    partial = target.with_name(target.name + ".part")
    if _is_sqlite():
        _sqlite_copy(Path(_url().database), partial)
    else:
        url, env = _libpq(_url())
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={url}"], env)
    partial.replace(target)
    prune(backup_dir())
    return target


def _sqlite_copy(source: Path, destination: Path) -> None:
    """Copy a live SQLite database page by page (consistent even while others write)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(destination)) as dst:
        src.backup(dst)


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _day_of(path: Path) -> date | None:
    stem = path.name.removeprefix(PREFIX).split(".")[0]
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None


def prune(folder: Path) -> list[Path]:
    """Delete the backups of days no generation keeps; return what was deleted."""
    backups = {path: _day_of(path) for path in folder.glob(f"{PREFIX}*") if not path.name.endswith(".part")}
    keep = generations_to_keep([day for day in backups.values() if day])
    removed = [path for path, day in backups.items() if day and day not in keep]
    for path in removed:
        path.unlink()
    return removed


def _rows_present() -> bool:
    inspector = sa.inspect(db.engine)
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if inspector.has_table(table.name) and connection.execute(sa.select(table).limit(1)).first():
                return True
    return False


def restore(file: Path) -> None:
    """Restore a backup into this app's database, which must hold no rows (its tables may exist, empty)."""
    if not file.is_file():
        raise BackupError(f"{file} is not a file.")
    if _rows_present():
        raise BackupError("The database is not empty; restore only into an empty database.")
    db.session.remove()
    db.engine.dispose()
    if _is_sqlite():
        _sqlite_copy(file, Path(_url().database))
    else:
        url, env = _libpq(_url())
        _run(["pg_restore", "--no-owner", "--clean", "--if-exists", "--single-transaction", f"--dbname={url}",
              str(file)], env)
    db.engine.dispose()


@click.command("backup", help="Back up the database as today's generation and prune old generations.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The day to name it by.")
@with_appcontext
def backup_command(today):
    try:
        path = make_backup(today.date() if today else local_today())
    except (BackupError, OSError, subprocess.SubprocessError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {path}")


@click.command("restore", help="Restore a backup FILE into an empty database.")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def restore_command(file: Path):
    try:
        restore(file)
    except (BackupError, OSError, subprocess.SubprocessError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {file}.")
