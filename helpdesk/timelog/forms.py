from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.cases.forms import choices
from helpdesk.timelog.models import Classification, ExpenseKind
from helpdesk.validators import InCalendar

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
BAD_DATETIME = "Skriv tidspunktet som dato og klokkeslæt (ÅÅÅÅ-MM-DD TT:MM)."


class OutOfHoursFields:
    out_of_hours_agreed_by = StringField(
        "Aftalt uden for arbejdstid med (navn hos kunden)", validators=[Optional(), Length(max=200)]
    )
    confirm_long = BooleanField("Ja, registreringen er længere end 24 timer")


class TimeEntryForm(OutOfHoursFields, FlaskForm):
    start = DateTimeLocalField("Start", format=DATETIME_FORMATS,
                               validators=[DataRequired(BAD_DATETIME), InCalendar()])
    end = DateTimeLocalField("Slut", format=DATETIME_FORMATS, validators=[DataRequired(BAD_DATETIME), InCalendar()])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=5000)])


class TimerStartForm(FlaskForm):
    description = StringField("Hvad arbejder du på?", validators=[Optional(), Length(max=5000)])


class TimerStopForm(OutOfHoursFields, FlaskForm):
    description = StringField("Beskrivelse", validators=[Optional(), Length(max=5000)])


class ClassificationForm(FlaskForm):
    classification = SelectField("Klassifikation", choices=choices(Classification))
    reason = StringField("Begrundelse", validators=[DataRequired("Angiv en begrundelse."), Length(max=1000)])


class ExpenseForm(FlaskForm):
    kind = SelectField("Art", choices=choices(ExpenseKind))
    spent_on = DateField("Dato", default=date.today, validators=[DataRequired("Skriv datoen som ÅÅÅÅ-MM-DD.")])
    description = StringField("Rute eller bilag", validators=[DataRequired("Skriv rute eller bilag."),
                                                             Length(max=300)])
    kilometres = StringField("Kilometer (kørsel)", validators=[Optional()])
    amount = StringField("Beløb i kr. (udlæg, ekskl. moms)", validators=[Optional()])


class TravelEstimateForm(FlaskForm):
    estimate_kilometres = StringField("Forventet kørsel i km", validators=[DataRequired("Skriv antal km, fx 43,2.")])
    estimate_outlays = StringField("Forventede udlæg i kr. (bro, færge …)", validators=[Optional()])
    estimate_note = StringField("Bemærkning", validators=[Optional(), Length(max=1000)])
