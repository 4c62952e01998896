from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpdesk.cases.forms import choices
from helpdesk.cases.models import Category, Priority

CUSTOMER_CATEGORIES = [Category.SUPPORT, Category.FAULT, Category.CONSULTANCY, Category.PRICE_INQUIRY]


class HubCaseForm(FlaskForm):
    subject = StringField(_l("Emne"), validators=[DataRequired(_l("Emne skal udfyldes.")), Length(max=200)])
    category = SelectField(_l("Hvad drejer det sig om?"),
                           choices=[c for c in choices(Category) if c.value in CUSTOMER_CATEGORIES])
    priority = SelectField(_l("Prioritet"), choices=choices(Priority), default=Priority.NORMAL.value)
    description = TextAreaField(
        _l("Beskrivelse"),
        description=_l("Ved fejl: beskriv arbejdsgangen, der førte til fejlen, trin for trin."),
        validators=[DataRequired(_l("Beskriv din henvendelse.")), Length(max=20000)],
    )
    files = MultipleFileField(_l("Skærmbillede af fejlmeddelelsen og andre filer"))


class HubCommentForm(FlaskForm):
    body = TextAreaField(_l("Dit svar"), validators=[DataRequired(_l("Svaret er tomt.")), Length(max=20000)])
    files = MultipleFileField(_l("Vedhæft filer"))
