from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.agreements.models import AgreementStatus, ChangeKind, NoticeKind, Product
from helpdesk.cases.forms import choices
from helpdesk.cases.models import Category
from helpdesk.customers.models import TermsProfile
from helpdesk.validators import ChosenId, InCalendar
from helpdesk.widgets import QuickSelect

BAD_DATE = "Skriv datoen som ÅÅÅÅ-MM-DD."


class AgreementFilterForm(FlaskForm):
    class Meta:
        csrf = False

    customer = SelectField("Kunde", coerce=str, validators=[Optional()], widget=QuickSelect())
    status = SelectField("Status", choices=choices(AgreementStatus, "Alle"), validators=[Optional()])


class AgreementForm(FlaskForm):
    customer_id = SelectField("Kunde", coerce=str, validate_choice=False, validators=[ChosenId("Vælg en kunde.")], widget=QuickSelect())
    product = SelectField("Produkt", choices=choices(Product))
    name = StringField("Navn", validators=[DataRequired("Giv aftalen et navn."), Length(max=200)])
    covered_categories = SelectMultipleField("Dækker sagskategorier", choices=choices(Category))
    covered_systems = TextAreaField("Dækker systemer (ét pr. linje eller kommasepareret; tomt: alle)",
                                    validators=[Optional(), Length(max=2000)])
    price_per_period = StringField("Pris pr. periode ekskl. moms", validators=[DataRequired("Skriv prisen.")])
    period_months = StringField("Periode i måneder", default="12")
    billed_in_advance = BooleanField("Faktureres forud", default=True)
    start_date = DateField("Startdato", validators=[DataRequired(BAD_DATE), InCalendar()])
    terms_profile = SelectField("Vilkår", choices=choices(TermsProfile, "Kundens vilkår"), validators=[Optional()])


class NoticeForm(FlaskForm):
    kind = SelectField("Art", choices=choices(NoticeKind))
    received_on = DateField("Modtaget", default=date.today, validators=[DataRequired(BAD_DATE)])
    given_by = StringField("Fra (navn hos kunden)", validators=[DataRequired("Skriv hvem der har opsagt."),
                                                                Length(max=200)])
    document = FileField("Den skriftlige opsigelse (PDF, billede eller tekst)")


class ChangeForm(FlaskForm):
    kind = SelectField("Ændring", choices=choices(ChangeKind))
    description = TextAreaField("Beskrivelse", validators=[DataRequired("Beskriv ændringen."), Length(max=5000)])
    new_price = StringField("Ny pris pr. periode (prisændring)", validators=[Optional()])
    notified_on = DateField("Varslet", default=date.today, validators=[DataRequired(BAD_DATE)])
    effective_on = DateField("Træder i kraft", validators=[DataRequired(BAD_DATE)])
