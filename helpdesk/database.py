"""Column types and helpers shared by every domain's models."""

import enum
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import types

from helpdesk.extensions import db
from helpdesk.rules.worktime import to_local


# The database's INTEGER columns hold no more; a larger id or count would fail there.
LARGEST_INTEGER = 2**31 - 1


def whole_number(text: str | None) -> int | None:
    """The whole number written in digits, when an INTEGER column can hold it; else None.

    ``str.isdigit`` is not enough: it passes "²", which ``int`` refuses, and numbers no column holds.
    """
    text = (text or "").strip()
    if not text.isdecimal() or int(text) > LARGEST_INTEGER:
        return None
    return int(text)


def utcnow() -> datetime:
    """Return the current moment, aware, in UTC."""
    return datetime.now(timezone.utc)


def local_today() -> date:
    """Today in Copenhagen, the business's day. `date.today()` is the server's: on a server in UTC it is still
    yesterday for the first one or two hours of a Danish day (an invoice run at 00:30 on the 1st took the month
    before last)."""
    return to_local(utcnow()).date()


class UTCDateTime(types.TypeDecorator):
    """Store aware datetimes as naive UTC; load them back aware.

    SQLite keeps no zone, so every engine is given UTC and the zone is put back on load.
    A naive value is refused: it is a bug, never a guess.
    """

    impl = types.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Money(types.TypeDecorator):
    """Kroner as an exact Decimal in Python, whole øre (an integer) in the database.

    Every engine stores integers exactly, so no float ever touches an amount.
    """

    impl = types.BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be a Decimal, not {type(value).__name__}")
        ore = value * 100
        if ore != ore.to_integral_value():
            raise ValueError(f"{value} kr has fractions of an øre")
        return int(ore)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(value) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Page:
    """One page of a list, with what the pager needs."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @classmethod
    def of(cls, items: list, page: int, per_page: int) -> "Page":
        """One page of a list already in memory."""
        page = max(1, page)
        return cls(items=items[(page - 1) * per_page:page * per_page], page=page, per_page=per_page,
                   total=len(items))


def engine_options(database_url: str) -> dict:
    """SQLAlchemy engine options for the database at `database_url`.

    psycopg 3 turns a statement run five times on a connection into a prepared statement, and PostgreSQL then
    plans it once for any parameters. For the reports' date ranges that generic plan scans whole tables: asking
    whether any ledger row lies after today took 83 ms by a sequential scan where the index answers in 0.1 ms.
    Statements are therefore never prepared on the server, so each is planned for the days it is given.

    PostgreSQL's JIT compilation is off: it pays off for long analytical queries, and here it only slowed the few
    statements costly enough to trigger it, by 20 ms of compiling each time (the receivables' late payers: 53 ms
    without, 113 ms with it).
    """
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg":
        # Any options the URL gives are kept, the JIT setting added to them.
        options = " ".join(filter(None, (url.query.get("options"), "-c jit=off")))
        return {"connect_args": {"prepare_threshold": None, "options": options}}
    return {}


def paginate(query, page: int, per_page: int, *order_by, total: int | None = None) -> Page:
    """Run a SELECT of ORM rows for one page, counting all its rows unless the caller counted them already."""
    page = max(1, page)
    if total is None:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.order_by(*order_by).limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def enum_column(enum_class: type[enum.Enum], **kwargs) -> sa.Enum:
    """A portable enum: a VARCHAR with a CHECK constraint, storing the members' values."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        name=kwargs.pop("name", enum_class.__name__.lower()),
        validate_strings=True,
        **kwargs,
    )


class Counter(db.Model):
    """A named, gapless counter: the next number is taken inside the caller's transaction."""

    __tablename__ = "counters"

    name: sa.orm.Mapped[str] = sa.orm.mapped_column(sa.String(64), primary_key=True)
    value: sa.orm.Mapped[int] = sa.orm.mapped_column(sa.Integer, nullable=False, default=0)


def partial_index(name: str, *columns: str, where: str) -> sa.Index:
    """An index of only the rows that meet ``where`` (an SQL condition), on PostgreSQL and SQLite alike."""
    condition = sa.text(where)
    return sa.Index(name, *columns, postgresql_where=condition, sqlite_where=condition)


def reference_index(table: str, column: str) -> sa.Index:
    """Index a reference that most rows leave empty, only where it is set.

    SQLite's statistics count all the NULLs as one value, so a plain index on such a column looks useless to its
    planner: finding an invoice's credit notes read every invoice (bench/README.md). Without the NULLs the index
    is small and its statistics true; ``column = ?`` implies ``IS NOT NULL``, so both engines use it.
    """
    return partial_index(f"ix_{table}_{column}", column, where=f"{column} IS NOT NULL")


def next_number(name: str) -> int:
    """Take the next number of a counter; the row lock holds it until the transaction ends.

    A rolled-back transaction gives its number back, so the sequence has no gaps.
    """
    return next_numbers(name, 1)[0]


def next_numbers(name: str, count: int) -> range:
    """Take the counter's next `count` numbers in one statement, as ``next_number`` takes one."""
    if count < 0:
        raise ValueError(f"Cannot take {count} numbers of {name!r}: a count is 0 or more.")
    if count == 0:
        return range(0)
    increment = (sa.update(Counter).where(Counter.name == name).values(value=Counter.value + count)
                 .returning(Counter.value))
    updated = db.session.execute(increment).scalar_one_or_none()
    if updated is None:
        db.session.execute(_insert_if_missing(Counter).values(name=name, value=0))
        updated = db.session.execute(increment).scalar_one()
    return range(updated - count + 1, updated + 1)


def _insert_if_missing(model):
    """An INSERT that does nothing when the row exists (PostgreSQL and SQLite alike)."""
    return dialect_insert(model, db.session.get_bind().dialect.name).on_conflict_do_nothing()


def dialect_insert(table, dialect_name: str):
    """The engine's own INSERT, which has ON CONFLICT (PostgreSQL and SQLite alike)."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def render_migration_item(type_, obj, autogen_context):
    """Write our column types as their plain SQL types in migrations, so migrations never import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, Money):
        return "sa.BigInteger()"
    return False


@contextmanager
def statements_sent(engine: sa.engine.Engine | None = None):
    """Yields a list that holds, once the block ends, each (statement, parameters) the block sent to the engine (the
    app's unless another is given): how the tests and the benchmark see that a page asks once, not once per row."""
    sent = []

    def remember(conn, cursor, statement, parameters, *args):
        sent.append((statement, parameters))

    engine = db.engine if engine is None else engine
    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        yield sent
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
