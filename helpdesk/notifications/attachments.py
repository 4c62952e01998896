"""Files attached to queued e-mail, kept as a reference ("invoice:12") and rendered when the mail is sent.

The documents are immutable (an issued invoice never changes), so rendering at sending time gives the file the
customer would have got at queueing time, and the outbox stays small. Domains register how to render their kind;
the file is rendered in the message's language, so each recipient gets it in the language of the mail's text.
"""

from collections.abc import Callable

from helpdesk.i18n import DEFAULT_LANGUAGE, in_language

Renderer = Callable[[int], tuple[bytes, str, str]]  # id -> (content, file name, MIME type), in the current locale
_RENDERERS: dict[str, Renderer] = {}


def attachment_kind(kind: str):
    """Register the function that renders the attachment of a kind from its id."""

    def register(render: Renderer) -> Renderer:
        _RENDERERS[kind] = render
        return render

    return register


def reference(kind: str, object_id: int) -> str:
    return f"{kind}:{object_id}"


def render(reference_text: str, language: str = DEFAULT_LANGUAGE) -> tuple[bytes, str, str]:
    """The attachment's content, file name and MIME type in a language; an unknown reference raises ValueError."""
    kind, _, object_id = reference_text.partition(":")
    if kind not in _RENDERERS or not object_id.isdigit():
        raise ValueError(f"Unknown attachment {reference_text!r}.")
    with in_language(language):
        return _RENDERERS[kind](int(object_id))
