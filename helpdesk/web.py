"""Small helpers that the HTML views share."""

from flask import flash, request

from helpdesk.errors import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Put a service's error on the form field it names, or flash it when it names none of the form's."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


def flash_form_errors(form) -> None:
    """Flash a posted form's validation errors, for forms rendered on another page."""
    for field_name, messages in form.errors.items():
        field = getattr(form, field_name, None)
        name = field.label.text if field is not None else field_name
        for message in messages:
            flash(f"{name}: {message}", "error")


def page_number() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def uploads(form) -> list:
    """The files actually chosen in a form's ``files`` field."""
    return [upload for upload in (form.files.data or []) if upload and upload.filename]
