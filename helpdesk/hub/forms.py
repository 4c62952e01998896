from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpdesk.cases.forms import choices
from helpdesk.cases.models import Category, Priority

CUSTOMER_CATEGORIES = [Category.SUPPORT, Category.FAULT, Category.CONSULTANCY, Category.PRICE_INQUIRY]


class HubCaseForm(FlaskForm):
    subject = StringField("Emne", validators=[DataRequired("Emne skal udfyldes."), Length(max=200)])
    category = SelectField("Hvad drejer det sig om?",
                           choices=[c for c in choices(Category) if c.value in CUSTOMER_CATEGORIES])
    priority = SelectField("Prioritet", choices=choices(Priority), default=Priority.NORMAL.value)
    description = TextAreaField(
        "Beskrivelse",
        description="Ved fejl: beskriv arbejdsgangen, der førte til fejlen, trin for trin.",
        validators=[DataRequired("Beskriv din henvendelse."), Length(max=20000)],
    )
    files = MultipleFileField("Skærmbillede af fejlmeddelelsen og andre filer")


class HubCommentForm(FlaskForm):
    body = TextAreaField("Dit svar", validators=[DataRequired("Svaret er tomt."), Length(max=20000)])
    files = MultipleFileField("Vedhæft filer")
