from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect


class SellCardForm(FlaskForm):
    customer_id = SelectField("Kunde", coerce=int, validate_choice=False, validators=[ChosenId("Vælg en kunde.")], widget=QuickSelect())
    clips = IntegerField("Antal klip", validators=[InputRequired("Skriv antal klip som et helt tal.")])
    price = StringField("Pris i kr. ekskl. moms", validators=[DataRequired("Skriv prisen, fx 4.000,00.")])
    invoice_date = DateField("Fakturadato", default=date.today,
                             validators=[DataRequired("Skriv fakturadatoen som ÅÅÅÅ-MM-DD."), InCalendar()])


class AdjustForm(FlaskForm):
    clips = IntegerField("Klip (negativ for at trække fra)", validators=[InputRequired("Skriv et helt tal.")])
    card_id = SelectField("Kort", coerce=str, validate_choice=False, validators=[ChosenId("Vælg et kort.")])
    reason = StringField("Begrundelse", validators=[DataRequired("Angiv en begrundelse."), Length(max=1000)])


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField("Fra", validators=[Optional()])
    end = DateField("Til", validators=[Optional()])
