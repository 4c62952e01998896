from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from helpdesk.billing.models import InvoiceStatus
from helpdesk.cases.forms import choices
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect


class InvoiceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=choices(InvoiceStatus, "Alle"), validators=[Optional()])
    customer = SelectField("Kunde", coerce=str, validators=[Optional()], widget=QuickSelect())
    start = DateField("Udstedt fra", validators=[Optional()])
    end = DateField("Udstedt til", validators=[Optional()])


class PaymentForm(FlaskForm):
    amount = StringField("Beløb i kr.", validators=[DataRequired("Skriv beløbet, fx 1.250,00.")])
    paid_on = DateField("Betalt den", default=date.today,
                        validators=[DataRequired("Skriv datoen som ÅÅÅÅ-MM-DD."), InCalendar()])


class CreditNoteForm(FlaskForm):
    reason = StringField("Begrundelse", validators=[DataRequired("Angiv hvorfor der krediteres."), Length(max=1000)])
    position = SelectField("Hvad krediteres", coerce=str, validate_choice=False,
                           validators=[ChosenId("Vælg en linje på fakturaen.")])
    amount = StringField("Beløb ekskl. moms (tomt: hele linjen)", validators=[Optional()])


class MonthForm(FlaskForm):
    class Meta:
        csrf = False

    month = StringField(_l("Måned (ÅÅÅÅ-MM)"), validators=[
        Optional(), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Skriv måneden som ÅÅÅÅ-MM."))])


class MileageRateForm(FlaskForm):
    valid_from = DateField(_l("Gælder fra"), validators=[DataRequired(_l("Skriv datoen som ÅÅÅÅ-MM-DD."))])
    up_to_tier = StringField(_l("Kr. pr. km op til 20.000 km"),
                             validators=[DataRequired(_l("Skriv satsen, fx 3,94."))])
    above_tier = StringField(_l("Kr. pr. km over 20.000 km"), validators=[DataRequired(_l("Skriv satsen, fx 2,28."))])
