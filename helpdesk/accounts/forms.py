from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired


class AccountForm(FlaskForm):
    language = SelectField("Sprog", choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")])


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(message="Skriv din e-mail.")])
    password = PasswordField("Adgangskode", validators=[DataRequired(message="Skriv din adgangskode.")])
