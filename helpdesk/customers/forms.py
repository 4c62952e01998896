"""Managers' form to postpone the deletion of an ended customer's data; the customer's own company forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class PostponeDeletionForm(FlaskForm):
    until = DateField(_l("Ny sletningsdag"), validators=[DataRequired(_l("Skriv datoen som ÅÅÅÅ-MM-DD."))])
    reason = StringField(_l("Begrundelse"), validators=[DataRequired(_l("Skriv hvorfor sletningen udskydes.")),
                                                    Length(max=1000)])


# kundeHUB's company page (helpdesk/hub/company.py): the customer's admin contact keeps these current (H §3.4).

def _at_most(length: int) -> Length:
    return Length(max=length, message=_l("Højst %(count)s tegn.", count=length))


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
