from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from helpdesk.cases.forms import customer_choices
from helpdesk.database import whole_number
from helpdesk.widgets import QuickSelect

DATE_MESSAGE = _l("Skriv datoen som ÅÅÅÅ-MM-DD.")


class ReportFilterForm(FlaskForm):
    """A report's period and customer, from the query string (so a filtered report is a link to share)."""

    class Meta:
        csrf = False

    start = DateField(_l("Fra"), validators=[Optional()])
    end = DateField(_l("Til"), validators=[Optional()])
    customer = SelectField(_l("Kunde"), coerce=str, validate_choice=False, validators=[Optional()],
                           widget=QuickSelect())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer.choices = customer_choices(gettext("Alle kunder"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.start, self.end):
            if field.errors:
                field.errors = [DATE_MESSAGE]
        return valid

    @property
    def customer_id(self) -> int | None:
        return whole_number(self.customer.data)
