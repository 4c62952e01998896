
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from helpdesk.billing.models import InvoiceStatus
from helpdesk.billing.receivables import AGE_LABELS, STAGE_LABELS
from helpdesk.cases.forms import choices, options
from helpdesk.database import local_today
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect


class InvoiceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=choices(InvoiceStatus, _l("Alle")), validators=[Optional()])
    customer = SelectField(_l("Kunde"), coerce=str, validators=[Optional()], widget=QuickSelect())
    start = DateField(_l("Udstedt fra"), validators=[Optional()])
    end = DateField(_l("Udstedt til"), validators=[Optional()])


class ReceivablesFilterForm(FlaskForm):
    """Which unpaid invoices the receivables page lists: an age group, a dunning stage, or both."""

    class Meta:
        csrf = False

    age = SelectField(_l("Dage efter forfald"), choices=options([("", _l("Alle"))] + list(AGE_LABELS.items())),
                      validators=[Optional()])
    stage = SelectField(_l("Rykkertrin"), choices=options([("", _l("Alle"))] + list(STAGE_LABELS.items())),
                        validators=[Optional()])

    def group_named(self, field) -> str | None:
        """The group a field names, or None for all of them (also when it names none there is)."""
        return field.data if field.data and not field.errors else None


class PaymentForm(FlaskForm):
    amount = StringField(_l("Beløb i kr."), validators=[DataRequired(_l("Skriv beløbet, fx 1.250,00."))])
    paid_on = DateField(_l("Betalt den"), default=local_today,
                        validators=[DataRequired(_l("Skriv datoen som ÅÅÅÅ-MM-DD.")), InCalendar()])


class CreditNoteForm(FlaskForm):
    reason = StringField(_l("Begrundelse"), validators=[DataRequired(_l("Angiv hvorfor der krediteres.")),
                                                        Length(max=1000)])
    position = SelectField(_l("Hvad krediteres"), coerce=str, validate_choice=False,
                           validators=[ChosenId(_l("Vælg en linje på fakturaen."))])
    amount = StringField(_l("Beløb ekskl. moms (tomt: hele linjen)"), validators=[Optional()])


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
