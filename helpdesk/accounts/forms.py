from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Length

from helpdesk.accounts.services import MIN_PASSWORD_LENGTH


class AccountForm(FlaskForm):
    language = SelectField("Sprog", choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")])


class StaffForm(FlaskForm):
    """A staff member's role and whether the account may sign in."""

    role = SelectField("Rolle", choices=[SelectChoice("technician", "Tekniker"), SelectChoice("manager", "Leder"),
                                         SelectChoice("admin", "Administrator")])
    active = BooleanField("Aktiv")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(message="Skriv din e-mail.")])
    password = PasswordField("Adgangskode", validators=[DataRequired(message="Skriv din adgangskode.")])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(message="Skriv din e-mail."),
                                             Length(max=254, message="Højst 254 tegn.")])


class NewPasswordForm(FlaskForm):
    password = PasswordField("Ny adgangskode", description=f"Mindst {MIN_PASSWORD_LENGTH} tegn.",
                             validators=[DataRequired(message="Skriv den nye adgangskode.")])
    repeated = PasswordField("Gentag adgangskoden",
                             validators=[DataRequired(message="Skriv den nye adgangskode igen.")])
