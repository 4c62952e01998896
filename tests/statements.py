"""Counting the statements a block of a test sends to the database: a page must not ask once per row."""

from contextlib import contextmanager

import sqlalchemy as sa

from helpdesk.extensions import db


@contextmanager
def counted_statements():
    """Yields a list that holds, once the block ends, every statement the block sent to the database."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
