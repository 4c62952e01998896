"""Domain errors: raised by services, turned into form errors, flashes or JSON by views."""


class DomainError(Exception):
    """A rule was broken; the message is written for the user.

    ``field`` names the input at fault, when there is one; ``fields`` maps each input at fault to its message
    (that one, or several when a service checks many inputs at once).
    """

    status = 422
    code = "invalid"

    def __init__(self, message: str, field: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.fields = fields or ({field: message} if field else {})


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"
