from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Length

from helpdesk.accounts.services import MIN_PASSWORD_LENGTH


class AccountForm(FlaskForm):
    # Each language is named in itself, so whoever cannot read the page still finds their own.
    language = SelectField(_l("Sprog"), choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")])


class StaffForm(FlaskForm):
    """A staff member's role and whether the account may sign in."""

    role = SelectField(_l("Rolle"), choices=[SelectChoice("technician", _l("Tekniker")),
                                             SelectChoice("manager", _l("Leder")),
                                             SelectChoice("admin", _l("Administrator"))])
    active = BooleanField(_l("Aktiv"))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Skriv din e-mail."))])
    password = PasswordField(_l("Adgangskode"), validators=[DataRequired(message=_l("Skriv din adgangskode."))])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Skriv din e-mail.")),
                                                 Length(max=254, message=_l("Højst 254 tegn."))])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Ny adgangskode"), description=_l("Mindst %(count)s tegn.", count=MIN_PASSWORD_LENGTH),
                             validators=[DataRequired(message=_l("Skriv den nye adgangskode."))])
    repeated = PasswordField(_l("Gentag adgangskoden"),
                             validators=[DataRequired(message=_l("Skriv den nye adgangskode igen."))])
