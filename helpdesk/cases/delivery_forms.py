"""Forms for delivery acceptance and complaints, and the template globals the case pages' includes use."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.cases import deliveries
from helpdesk.cases.forms import options
from helpdesk.cases.models import DeliveryAnswer
from helpdesk.database import local_today, utcnow
from helpdesk.rules.worktime import to_local
from helpdesk.timelog.forms import BAD_DATETIME, DATETIME_FORMATS


def _now_in_copenhagen():
    return to_local(utcnow()).replace(second=0, microsecond=0, tzinfo=None)


class DeliveredForm(FlaskForm):
    delivered_at = DateTimeLocalField(_l("Leveret (dansk tid)"), format=DATETIME_FORMATS,
                                      default=_now_in_copenhagen, validators=[DataRequired(BAD_DATETIME)])


class DeliveryAnswerForm(FlaskForm):
    answer = SelectField(_l("Svar"), choices=options([(DeliveryAnswer.ACCEPTED.value, _l("Godkend")),
                                                      (DeliveryAnswer.REJECTED.value, _l("Afvis"))]))
    reason = TextAreaField(_l("Begrundelse"),
                           description=_l("Skal udfyldes ved afvisning, med henvisning til det aftalte. "
                                          "Ved godkendelse kan I skrive eventuelle mangler her."),
                           validators=[Optional(), Length(max=20000)])


class ComplaintForm(FlaskForm):
    """Shown on the same page as the comment form: its own prefix keeps the field names apart."""

    subject = StringField(_l("Emne"), validators=[DataRequired(_l("Emne skal udfyldes.")), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"),
                                description=_l("Beskriv fejlen og arbejdsgangen, der førte til den, trin for trin."),
                                validators=[DataRequired(_l("Beskriv fejlen.")), Length(max=20000)])
    files = MultipleFileField(_l("Skærmbillede af fejlmeddelelsen"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "complaint")
        super().__init__(*args, **kwargs)


def register(app: Flask) -> None:
    """Let cases/_delivery.html and hub/_delivery.html find what they show without every view passing it."""
    app.jinja_env.globals.update(
        delivery_view=lambda case: deliveries.delivery_view(case, local_today()),
        DeliveredForm=DeliveredForm,
        DeliveryAnswerForm=DeliveryAnswerForm,
        ComplaintForm=ComplaintForm,
    )
