
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from helpdesk.database import local_today
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect


class SellCardForm(FlaskForm):
    customer_id = SelectField(_l("Kunde"), coerce=int, validate_choice=False,
                              validators=[ChosenId(_l("Vælg en kunde."))], widget=QuickSelect())
    clips = IntegerField(_l("Antal klip"), validators=[InputRequired(_l("Skriv antal klip som et helt tal."))])
    price = StringField(_l("Pris i kr. ekskl. moms"), validators=[DataRequired(_l("Skriv prisen, fx 4.000,00."))])
    invoice_date = DateField(_l("Fakturadato"), default=local_today,
                             validators=[DataRequired(_l("Skriv fakturadatoen som ÅÅÅÅ-MM-DD.")), InCalendar()])


class AdjustForm(FlaskForm):
    clips = IntegerField(_l("Klip (negativ for at trække fra)"), validators=[InputRequired(_l("Skriv et helt tal."))])
    card_id = SelectField(_l("Kort"), coerce=str, validate_choice=False, validators=[ChosenId(_l("Vælg et kort."))])
    reason = StringField(_l("Begrundelse"), validators=[DataRequired(_l("Angiv en begrundelse.")), Length(max=1000)])


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("Fra"), validators=[Optional()])
    end = DateField(_l("Til"), validators=[Optional()])
