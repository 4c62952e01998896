
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.cases.forms import choices
from helpdesk.database import local_today
from helpdesk.timelog.models import Classification, ExpenseKind
from helpdesk.validators import InCalendar

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
BAD_DATETIME = _l("Skriv tidspunktet som dato og klokkeslæt (ÅÅÅÅ-MM-DD TT:MM).")


class OutOfHoursFields:
    out_of_hours_agreed_by = StringField(
        _l("Aftalt uden for arbejdstid med (navn hos kunden)"), validators=[Optional(), Length(max=200)]
    )
    confirm_long = BooleanField(_l("Ja, registreringen er længere end 24 timer"))


class TimeEntryForm(OutOfHoursFields, FlaskForm):
    start = DateTimeLocalField(_l("Start"), format=DATETIME_FORMATS,
                               validators=[DataRequired(BAD_DATETIME), InCalendar()])
    end = DateTimeLocalField(_l("Slut"), format=DATETIME_FORMATS, validators=[DataRequired(BAD_DATETIME), InCalendar()])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])


class TimerStartForm(FlaskForm):
    description = StringField(_l("Hvad arbejder du på?"), validators=[Optional(), Length(max=5000)])


class TimerStopForm(OutOfHoursFields, FlaskForm):
    description = StringField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])


class ClassificationForm(FlaskForm):
    classification = SelectField(_l("Klassifikation"), choices=choices(Classification))
    reason = StringField(_l("Begrundelse"), validators=[DataRequired(_l("Angiv en begrundelse.")), Length(max=1000)])


class ExpenseForm(FlaskForm):
    kind = SelectField(_l("Art"), choices=choices(ExpenseKind))
    spent_on = DateField(_l("Dato"), default=local_today, validators=[DataRequired(_l("Skriv datoen som ÅÅÅÅ-MM-DD."))])
    description = StringField(_l("Rute eller bilag"), validators=[DataRequired(_l("Skriv rute eller bilag.")),
                                                             Length(max=300)])
    kilometres = StringField(_l("Kilometer (kørsel)"), validators=[Optional()])
    amount = StringField(_l("Beløb i kr. (udlæg, ekskl. moms)"), validators=[Optional()])


class TravelEstimateForm(FlaskForm):
    estimate_kilometres = StringField(_l("Forventet kørsel i km"),
                                      validators=[DataRequired(_l("Skriv antal km, fx 43,2."))])
    estimate_outlays = StringField(_l("Forventede udlæg i kr. (bro, færge …)"), validators=[Optional()])
    estimate_note = StringField(_l("Bemærkning"), validators=[Optional(), Length(max=1000)])
