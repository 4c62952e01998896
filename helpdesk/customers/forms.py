"""Managers' customer forms (the customer's details and terms, postponing an ended customer's deletion); the
customer's own company forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from helpdesk.cases.forms import choices, options
from helpdesk.customers.models import DeliveryChannel, OverdraftPolicy, TermsProfile


class PostponeDeletionForm(FlaskForm):
    until = DateField(_l("Ny sletningsdag"), validators=[DataRequired(_l("Skriv datoen som ÅÅÅÅ-MM-DD."))])
    reason = StringField(_l("Begrundelse"), validators=[DataRequired(_l("Skriv hvorfor sletningen udskydes.")),
                                                    Length(max=1000)])


class CustomerSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Navn eller CVR-nummer"), validators=[Length(max=200)])


def _at_most(length: int) -> Length:
    return Length(max=length, message=_l("Højst %(count)s tegn.", count=length))


class CustomerForm(FlaskForm):
    """A customer's details and terms. Numbers and amounts are read by the service, which names what is wrong."""

    name = StringField(_l("Navn"), validators=[DataRequired(_l("Navnet skal udfyldes.")), _at_most(200)])
    cvr = StringField(_l("CVR-nummer"), validators=[_at_most(20)])
    is_business = BooleanField(_l("Erhvervskunde (betaler rykkergebyr og kompensation)"), default=True)
    address = TextAreaField(_l("Adresse"), validators=[_at_most(2000)])
    email = EmailField(_l("Faktura-e-mail"), description=_l("Fakturaer og rykkere sendes hertil."),
                       validators=[DataRequired(_l("Skriv den e-mail, fakturaerne skal sendes til.")),
                                   Email(_l("Skriv en gyldig e-mailadresse, fx faktura@firma.dk.")), _at_most(254)])
    phone = StringField(_l("Telefon"), validators=[_at_most(40)])
    delivery = SelectField(_l("Levering af fakturaer"), choices=choices(DeliveryChannel),
                           default=DeliveryChannel.EMAIL.value)
    gln = StringField(_l("EAN/GLN-nummer"), description=_l("13 cifre; kræves for OIOUBL-e-faktura."),
                      validators=[_at_most(20)])
    terms = SelectField(_l("Vilkår"), choices=choices(TermsProfile), default=TermsProfile.HOSTKON.value,
                        description=_l("Rykkere, renter og inkasso følger vilkårene på fakturaens udstedelsesdag."))
    payment_terms_days = StringField(_l("Betalingsfrist i dage"), default="8")
    hourly_rate = StringField(_l("Timepris ekskl. moms"), default="950,00")
    overdraft_policy = SelectField(_l("Når klippene ikke slår til"), default=OverdraftPolicy.UNFUNDED.value,
                                   choices=options([(OverdraftPolicy.UNFUNDED.value, _l("Saldoen går i minus")),
                                                    (OverdraftPolicy.HOURLY.value, _l("Faktureres som timer"))]))
    low_saldo_threshold = StringField(_l("Varsel ved saldo under (klip)"), default="4")


# kundeHUB's company page (helpdesk/hub/company.py): the customer's admin contact keeps these current (H §3.4).

class CompanyForm(FlaskForm):
    name = StringField(_l("Virksomhedens navn"), validators=[DataRequired(_l("Navnet skal udfyldes.")), _at_most(200)])
    address = TextAreaField(_l("Adresse"), validators=[_at_most(2000)])
    email = EmailField(_l("Faktura-e-mail"), description=_l("Fakturaer og rykkere sendes hertil."),
                       validators=[DataRequired(_l("Skriv den e-mail, fakturaerne skal sendes til.")),
                                   Email(_l("Skriv en gyldig e-mailadresse, fx faktura@firma.dk.")), _at_most(254)])
    phone = StringField(_l("Telefon"), validators=[_at_most(40)])


class ColleagueForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Navnet skal udfyldes.")), _at_most(200)])
    phone = StringField(_l("Telefon"), validators=[_at_most(40)])


class InviteForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv kollegaens navn.")), _at_most(200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Skriv kollegaens e-mail.")),
                                                 Email(_l("Skriv en gyldig e-mailadresse, fx navn@firma.dk.")),
                                                 _at_most(254)])
