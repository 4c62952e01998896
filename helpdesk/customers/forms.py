"""Managers' form to postpone the deletion of an ended customer's data; the customer's own company forms."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class PostponeDeletionForm(FlaskForm):
    until = DateField("Ny sletningsdag", validators=[DataRequired("Skriv datoen som ÅÅÅÅ-MM-DD.")])
    reason = StringField("Begrundelse", validators=[DataRequired("Skriv hvorfor sletningen udskydes."),
                                                    Length(max=1000)])


# kundeHUB's company page (helpdesk/hub/company.py): the customer's admin contact keeps these current (H §3.4).

def _at_most(length: int) -> Length:
    return Length(max=length, message=f"Højst {length} tegn.")


class CompanyForm(FlaskForm):
    name = StringField("Virksomhedens navn", validators=[DataRequired("Navnet skal udfyldes."), _at_most(200)])
    address = TextAreaField("Adresse", validators=[_at_most(2000)])
    email = EmailField("Faktura-e-mail", description="Fakturaer og rykkere sendes hertil.",
                       validators=[DataRequired("Skriv den e-mail, fakturaerne skal sendes til."),
                                   Email("Skriv en gyldig e-mailadresse, fx faktura@firma.dk."), _at_most(254)])
    phone = StringField("Telefon", validators=[_at_most(40)])


class ColleagueForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired("Navnet skal udfyldes."), _at_most(200)])
    phone = StringField("Telefon", validators=[_at_most(40)])


class InviteForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired("Skriv kollegaens navn."), _at_most(200)])
    email = EmailField("E-mail", validators=[DataRequired("Skriv kollegaens e-mail."),
                                             Email("Skriv en gyldig e-mailadresse, fx navn@firma.dk."),
                                             _at_most(254)])
