from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(message="Skriv din e-mail.")])
    password = PasswordField("Adgangskode", validators=[DataRequired(message="Skriv din adgangskode.")])
