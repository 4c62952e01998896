
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.agreements.models import AgreementStatus, ChangeKind, NoticeKind, Product
from helpdesk.cases.forms import choices
from helpdesk.cases.models import Category
from helpdesk.customers.models import TermsProfile
from helpdesk.database import local_today
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect

BAD_DATE = _l("Skriv datoen som ÅÅÅÅ-MM-DD.")


class AgreementFilterForm(FlaskForm):
    class Meta:
        csrf = False

    customer = SelectField(_l("Kunde"), coerce=str, validators=[Optional()], widget=QuickSelect())
    status = SelectField(_l("Status"), choices=choices(AgreementStatus, _l("Alle")), validators=[Optional()])


class AgreementForm(FlaskForm):
    customer_id = SelectField(_l("Kunde"), coerce=str, validate_choice=False,
                              validators=[ChosenId(_l("Vælg en kunde."))], widget=QuickSelect())
    product = SelectField(_l("Produkt"), choices=choices(Product))
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Giv aftalen et navn.")), Length(max=200)])
    covered_categories = SelectMultipleField(_l("Dækker sagskategorier"), choices=choices(Category))
    covered_systems = TextAreaField(_l("Dækker systemer (ét pr. linje eller kommasepareret; tomt: alle)"),
                                    validators=[Optional(), Length(max=2000)])
    price_per_period = StringField(_l("Pris pr. periode ekskl. moms"), validators=[DataRequired(_l("Skriv prisen."))])
    period_months = StringField(_l("Periode i måneder"), default="12")
    billed_in_advance = BooleanField(_l("Faktureres forud"), default=True)
    start_date = DateField(_l("Startdato"), validators=[DataRequired(BAD_DATE), InCalendar()])
    terms_profile = SelectField(_l("Vilkår"), choices=choices(TermsProfile, _l("Kundens vilkår")),
                                validators=[Optional()])


class NoticeForm(FlaskForm):
    kind = SelectField(_l("Art"), choices=choices(NoticeKind))
    received_on = DateField(_l("Modtaget"), default=local_today, validators=[DataRequired(BAD_DATE)])
    given_by = StringField(_l("Fra (navn hos kunden)"), validators=[DataRequired(_l("Skriv hvem der har opsagt.")),
                                                                    Length(max=200)])
    document = FileField(_l("Den skriftlige opsigelse (PDF, billede eller tekst)"))


class ChangeForm(FlaskForm):
    kind = SelectField(_l("Ændring"), choices=choices(ChangeKind))
    description = TextAreaField(_l("Beskrivelse"), validators=[DataRequired(_l("Beskriv ændringen.")),
                                                               Length(max=5000)])
    new_price = StringField(_l("Ny pris pr. periode (prisændring)"), validators=[Optional()])
    notified_on = DateField(_l("Varslet"), default=local_today, validators=[DataRequired(BAD_DATE)])
    effective_on = DateField(_l("Træder i kraft"), validators=[DataRequired(BAD_DATE)])
