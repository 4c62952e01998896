"""Read API input field by field, collecting every field's problem into one 422 answer."""

from contextlib import contextmanager
from datetime import date, datetime

from flask import request

from helpdesk.api import ApiError
from helpdesk.billing.services import CreditInput
from helpdesk.database import LARGEST_INTEGER
from helpdesk.errors import NotFound
from helpdesk.rules.worktime import OUTSIDE_CALENDAR, in_calendar, to_utc

REQUIRED = "Feltet skal udfyldes."
# PostgreSQL can neither store nor compare text holding NUL (0x00), and XML cannot carry it.
NUL_REFUSED = "Teksten må ikke indeholde NUL-tegnet (0x00)."


def json_body() -> dict:
    """Return the request's JSON object, or answer 400."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Forespørgslens krop skal være et JSON-objekt.")
    return body


def invalid(fields: dict[str, str]) -> ApiError:
    """The 422 answer naming each bad field."""
    return ApiError(422, "invalid", f"Ugyldige felter: {', '.join(sorted(fields))}.", fields)


@contextmanager
def body_reference():
    """Answer 422 naming the field when a body field points to nothing (an id in the URL is a 404)."""
    try:
        yield
    except NotFound as error:
        if error.field is None:
            raise
        raise invalid({error.field: error.message}) from error


def _range_message(minimum: int | None, maximum: int) -> str:
    """Say which whole numbers are allowed."""
    if minimum is None:
        return f"Skal være højst {maximum}."
    return f"Skal være mellem {minimum} og {maximum}."


class Fields:
    """Values of a JSON object or a query string, read one by one inside a ``with`` block.

    Each reader returns a usable value (its default when the input is bad) and notes the problem;
    leaving the block raises one 422 naming every bad or unknown field. JSON null and an empty
    query parameter count as absent.
    """

    def __init__(self, values, *, from_query: bool = False):
        self._values = values
        self._from_query = from_query
        self._read: set[str] = set()
        self.errors: dict[str, str] = {}

    @classmethod
    def body(cls) -> "Fields":
        return cls(json_body())

    @classmethod
    def query(cls) -> "Fields":
        return cls(request.args, from_query=True)

    def __enter__(self) -> "Fields":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            return
        for name in self._values.keys() - self._read:
            self.errors[name] = "Ukendt felt."
        if self.errors:
            raise invalid(self.errors)

    def _raw(self, name: str, required: bool):
        self._read.add(name)
        value = self._values.get(name)
        if value is None or (self._from_query and value == ""):
            if required:
                self.errors[name] = REQUIRED
            return None
        return value

    def _refuse(self, name: str, message: str, default=None):
        self.errors[name] = message
        return default

    def text(self, name: str, required: bool = False, default: str | None = "",
             max_length: int | None = None) -> str | None:
        """A string, stripped; a required one must not be blank, and none longer than its column holds."""
        value = self._raw(name, required)
        if value is None:
            return default
        if not isinstance(value, str):
            return self._refuse(name, "Skal være en tekst.", default)
        if "\x00" in value:
            return self._refuse(name, NUL_REFUSED, default)
        if required and not value.strip():
            return self._refuse(name, REQUIRED, default)
        if max_length is not None and len(value.strip()) > max_length:
            return self._refuse(name, f"Højst {max_length} tegn.", default)
        return value.strip()

    def choice(self, name: str, enum_class, required: bool = False, default=None):
        """One of an enum's values."""
        value = self._raw(name, required)
        if value is None:
            return default
        try:
            return enum_class(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum_class)
            return self._refuse(name, f"Vælg én af {allowed}.", default)

    def integer(self, name: str, required: bool = False, default: int | None = None, minimum: int | None = None,
                maximum: int = LARGEST_INTEGER) -> int | None:
        """A whole number, within the bounds given."""
        value = self._raw(name, required)
        if value is None:
            return default
        if self._from_query and isinstance(value, str) and value.lstrip("-").isdecimal():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return self._refuse(name, "Skal være et helt tal.", default)
        if (minimum is not None and value < minimum) or value > maximum:
            return self._refuse(name, _range_message(minimum, maximum), default)
        return value

    def strings(self, name: str) -> list[str]:
        """A list of texts, each stripped; blank ones are left out."""
        value = self._raw(name, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return self._refuse(name, "Skal være en liste af tekster.", [])
        if any("\x00" in item for item in value):
            return self._refuse(name, NUL_REFUSED, [])
        return [item.strip() for item in value if item.strip()]

    def boolean(self, name: str, default: bool = False) -> bool:
        """true or false."""
        value = self.optional_boolean(name)
        return default if value is None else value

    def optional_boolean(self, name: str) -> bool | None:
        """true or false, or None when left out."""
        value = self._raw(name, required=False)
        if value is None or isinstance(value, bool):
            return value
        return self._refuse(name, "Skal være true eller false.")

    def moment(self, name: str) -> datetime | None:
        """A required ISO 8601 time, returned in UTC; without an offset it is Europe/Copenhagen time."""
        value = self._raw(name, required=True)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return self._refuse(name, "Skal være en tid i ISO 8601, fx 2026-11-21T10:00 eller 2026-11-21T10:00+01:00.")
        return to_utc(moment) if in_calendar(moment) else self._refuse(name, OUTSIDE_CALENDAR)

    def day(self, name: str, default: date | None = None, required: bool = False) -> date | None:
        """An ISO 8601 date (YYYY-MM-DD), optional unless required."""
        value = self._raw(name, required)
        if value is None:
            return default
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return self._refuse(name, "Skal være en dato i ISO 8601, fx 2026-11-21.", default)
        return day if in_calendar(day) else self._refuse(name, OUTSIDE_CALENDAR, default)

    def credit_lines(self, name: str):
        """An optional list of {"position": n, "amount": "net to credit"} (amount left out: the whole line)."""
        value = self._raw(name, required=False)
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(_is_credit_line(item) for item in value):
            return self._refuse(name, 'Skal være en liste af {"position": linjenummer, "amount": "beløb"}.')
        return [CreditInput(item["position"], item.get("amount")) for item in value]


def _is_credit_line(item) -> bool:
    return (isinstance(item, dict) and set(item) <= {"position", "amount"} and isinstance(item.get("position"), int)
            and not isinstance(item.get("position"), bool) and isinstance(item.get("amount", ""), str))
