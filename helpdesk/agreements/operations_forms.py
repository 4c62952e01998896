"""Forms of the operations pages: outages of an agreement, the refund calculator and maintenance windows."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.timelog.forms import BAD_DATETIME, DATETIME_FORMATS
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect

BAD_DATE = "Skriv datoen som ÅÅÅÅ-MM-DD."


class OutageForm(FlaskForm):
    starts_on = DateField("Første dag med nedbrud", validators=[DataRequired(BAD_DATE)])
    ends_on = DateField("Sidste dag med nedbrud", validators=[DataRequired(BAD_DATE)],
                        description="Begge dage tæller med.")
    description = TextAreaField("Hvad skete der?", validators=[DataRequired("Beskriv nedbruddet."),
                                                               Length(max=5000)])


class RefundForm(FlaskForm):
    class Meta:
        csrf = False

    period_id = SelectField("Periode", coerce=str, validators=[Optional()])


class MaintenanceForm(FlaskForm):
    starts_at = DateTimeLocalField("Start (dansk tid)", format=DATETIME_FORMATS,
                                   validators=[DataRequired(BAD_DATETIME), InCalendar()])
    ends_at = DateTimeLocalField("Slut (dansk tid)", format=DATETIME_FORMATS,
                                 validators=[DataRequired(BAD_DATETIME), InCalendar()])
    customer_id = SelectField("Kunde", coerce=str, validate_choice=False, validators=[ChosenId("Vælg en kunde.")], widget=QuickSelect())
    systems = StringField("Systemer", validators=[Optional(), Length(max=1000)],
                          description="Adskil med komma, fx Økonomisystem, Mail. Lad feltet stå tomt, hvis arbejdet "
                                      "berører alle systemer.")
    description = TextAreaField("Arbejdet", validators=[DataRequired("Beskriv arbejdet."), Length(max=5000)])
    urgent = BooleanField("Akut: uden for vinduet 22:00–05:00")
    urgent_reason = StringField("Begrundelse for akut arbejde", validators=[Optional(), Length(max=1000)])
