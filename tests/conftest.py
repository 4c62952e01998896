"""Fixtures: a fresh app per test on SQLite, and on PostgreSQL too when HELPDESK_TEST_DATABASE_URL is set."""

import os
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests.factories import Factory

POSTGRES_URL = os.environ.get("HELPDESK_TEST_DATABASE_URL")
ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@contextmanager
def scratch_postgres_database(prefix: str):
    """A new, empty database on the test server, so parallel runs never meet; dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("HELPDESK_TEST_DATABASE_URL is not set")
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def postgres_database():
    with scratch_postgres_database("helpdesk_test") as url:
        yield url


@pytest.fixture(scope="session")
def postgres_schema(postgres_database):
    """Create the tables once per session; each test empties them."""
    from helpdesk import create_app
    from helpdesk.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_database, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return postgres_database


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_schema")


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    from helpdesk import create_app
    from helpdesk.extensions import db

    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "HELPDESK_ATTACHMENT_DIR": str(tmp_path / "attachments"),
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        if database_url.startswith("sqlite"):
            db.create_all()
        else:
            _empty_tables(db)
        yield app
        db.session.remove()
        db.engine.dispose()


def _empty_tables(db):
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app):
    """Factory for rows: make.customer(...), make.user(...), make.case(...), make.entry(...)."""
    return Factory()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password=Factory.PASSWORD):
        response = self.client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)
