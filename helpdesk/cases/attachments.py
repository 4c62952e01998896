"""Files attached to cases: checked by their content, stored on disk under random names."""

import uuid
from dataclasses import dataclass
from pathlib import Path

import filetype
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from helpdesk.cases.models import Attachment, Case
from helpdesk.errors import DomainError, NotFound
from helpdesk.extensions import db

ALLOWED_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_TYPE = "text/plain"


def sniff_type(content: bytes) -> str | None:
    """The file's type judged by its bytes, never by its name; None when it is not allowed."""
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT_TYPE


def attachment_dir() -> Path:
    folder = Path(current_app.config["HELPDESK_ATTACHMENT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class KeptFile:
    filename: str
    stored_name: str
    content_type: str
    size_bytes: int


def keep_upload(upload, field: str = "files") -> KeptFile:
    """Check an uploaded file by its content and size and write it under a random name."""
    filename = Path(upload.filename or "").name.strip() or "fil"
    content = upload.read()
    limit = current_app.config["HELPDESK_ATTACHMENT_MAX_BYTES"]
    if len(content) > limit:
        raise DomainError(gettext("%(filename)s er for stor (højst %(megabytes)s MB).", filename=filename,
                                  megabytes=limit // (1024 * 1024)), field=field)
    if not content:
        raise DomainError(gettext("%(filename)s er tom.", filename=filename), field=field)
    content_type = sniff_type(content)
    if content_type is None:
        raise DomainError(
            gettext("%(filename)s: filtypen er ikke tilladt (billeder, PDF, tekst, ZIP, Word og Excel).",
                    filename=filename), field=field
        )
    stored_name = uuid.uuid4().hex
    (attachment_dir() / stored_name).write_bytes(content)
    return KeptFile(filename[:255], stored_name, content_type, len(content))


def store(actor, case: Case, upload, internal: bool = False) -> Attachment:
    """Check and keep an uploaded file; the caller commits, or calls discard() when it cannot."""
    kept = keep_upload(upload)
    attachment = Attachment(
        case=case,
        uploaded_by_id=actor.id,
        filename=kept.filename,
        stored_name=kept.stored_name,
        content_type=kept.content_type,
        size_bytes=kept.size_bytes,
        internal=bool(internal) and actor.is_staff,
    )
    db.session.add(attachment)
    return attachment


def discard(stored: list[Attachment]) -> None:
    """Remove the files of attachments whose transaction failed."""
    for attachment in stored:
        (attachment_dir() / attachment.stored_name).unlink(missing_ok=True)


def get_attachment(attachment_id: int) -> tuple[Attachment, Path]:
    """The attachment and its file, if the session may see it."""
    attachment = db.session.scalars(sa.select(Attachment).where(Attachment.id == attachment_id)).one_or_none()
    if attachment is None:
        raise NotFound(gettext("Filen findes ikke."))
    return attachment, attachment_dir() / attachment.stored_name
