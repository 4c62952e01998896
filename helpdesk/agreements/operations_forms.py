"""Forms of the operations pages: outages of an agreement, the refund calculator and maintenance windows."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.timelog.forms import BAD_DATETIME, DATETIME_FORMATS
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect

BAD_DATE = _l("Skriv datoen som ÅÅÅÅ-MM-DD.")


class OutageForm(FlaskForm):
    starts_on = DateField(_l("Første dag med nedbrud"), validators=[DataRequired(BAD_DATE)])
    ends_on = DateField(_l("Sidste dag med nedbrud"), validators=[DataRequired(BAD_DATE)],
                        description=_l("Begge dage tæller med."))
    description = TextAreaField(_l("Hvad skete der?"), validators=[DataRequired(_l("Beskriv nedbruddet.")),
                                                                   Length(max=5000)])


class RefundForm(FlaskForm):
    class Meta:
        csrf = False

    period_id = SelectField(_l("Periode"), coerce=str, validators=[Optional()])


class MaintenanceForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Start (dansk tid)"), format=DATETIME_FORMATS,
                                   validators=[DataRequired(BAD_DATETIME), InCalendar()])
    ends_at = DateTimeLocalField(_l("Slut (dansk tid)"), format=DATETIME_FORMATS,
                                 validators=[DataRequired(BAD_DATETIME), InCalendar()])
    customer_id = SelectField(_l("Kunde"), coerce=str, validate_choice=False,
                              validators=[ChosenId(_l("Vælg en kunde."))], widget=QuickSelect())
    systems = StringField(_l("Systemer"), validators=[Optional(), Length(max=1000)],
                          description=_l("Adskil med komma, fx Økonomisystem, Mail. Lad feltet stå tomt, hvis "
                                         "arbejdet berører alle systemer."))
    description = TextAreaField(_l("Arbejdet"), validators=[DataRequired(_l("Beskriv arbejdet.")), Length(max=5000)])
    urgent = BooleanField(_l("Akut: uden for vinduet 22:00–05:00"))
    urgent_reason = StringField(_l("Begrundelse for akut arbejde"), validators=[Optional(), Length(max=1000)])
