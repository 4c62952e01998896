from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.billing.models import InvoiceStatus
from helpdesk.cases.forms import choices


class InvoiceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=choices(InvoiceStatus, "Alle"), validators=[Optional()])
    customer = SelectField("Kunde", coerce=str, validators=[Optional()])
    start = DateField("Udstedt fra", validators=[Optional()])
    end = DateField("Udstedt til", validators=[Optional()])


class PaymentForm(FlaskForm):
    amount = StringField("Beløb i kr.", validators=[DataRequired("Skriv beløbet, fx 1.250,00.")])
    paid_on = DateField("Betalt den", default=date.today, validators=[DataRequired("Skriv datoen som ÅÅÅÅ-MM-DD.")])


class CreditNoteForm(FlaskForm):
    reason = StringField("Begrundelse", validators=[DataRequired("Angiv hvorfor der krediteres."), Length(max=1000)])
    position = SelectField("Hvad krediteres", coerce=str, validate_choice=False)
    amount = StringField("Beløb ekskl. moms (tomt: hele linjen)", validators=[Optional()])
