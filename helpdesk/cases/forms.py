import functools

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from helpdesk.cases.models import Category, Channel, FaultAttribution, Priority, Status
from helpdesk.cases.services import all_customers
from helpdesk.formatting import label
from helpdesk.widgets import QuickSelect, WrittenChoices


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(str(value), text) for value, text in pairs]


def customer_choices(blank: str | None = None) -> WrittenChoices:
    """Every customer by name as select options, after an optional blank one; written once per list of customers
    (and blank), as every case list and report page shows them and they seldom change."""
    return _written_customers(tuple(all_customers()), blank)


@functools.lru_cache(maxsize=16)
def _written_customers(customers: tuple, blank: str | None) -> WrittenChoices:
    return WrittenChoices(([("", blank)] if blank is not None else []) + [(c.id, c.name) for c in customers])


def choices(enum_class, blank: str | None = None) -> list[SelectChoice]:
    """The options of an enum with their labels in the reader's language, after an optional blank one."""
    pairs = [(member.value, _l(label(member))) for member in enum_class]
    return options([("", blank)] + pairs if blank is not None else pairs)


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=choices(Status, _l("Alle")), validators=[Optional()])
    customer = SelectField(_l("Kunde"), coerce=str, validators=[Optional()], widget=QuickSelect())
    assignee = SelectField(_l("Tildelt"), coerce=str, validators=[Optional()])
    q = StringField(_l("Søg"), validators=[Optional(), Length(max=200)])


class NewCaseForm(FlaskForm):
    customer_id = SelectField(_l("Kunde"), coerce=int, validate_choice=False, widget=QuickSelect())
    contact_name = StringField(_l("Kontaktperson"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("Kontaktens e-mail"),
                               validators=[Optional(), Email(_l("Ugyldig e-mail.")), Length(max=254)])
    contact_phone = StringField(_l("Kontaktens telefon"), validators=[Optional(), Length(max=40)])
    subject = StringField(_l("Emne"), validators=[DataRequired(_l("Emne skal udfyldes.")), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=20000)])
    category = SelectField(_l("Kategori"), choices=choices(Category))
    channel = SelectField(_l("Kanal"), choices=choices(Channel), default=Channel.PHONE.value)
    priority = SelectField(_l("Prioritet"), choices=choices(Priority), default=Priority.NORMAL.value)
    system = StringField(_l("System"), validators=[Optional(), Length(max=200)])
    covered = BooleanField(_l("Dækket af aftale"))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(Status))


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Tildel til"), coerce=str, validate_choice=False)


class AttributionForm(FlaskForm):
    attribution = SelectField(_l("Fejlen skyldes"), choices=choices(FaultAttribution, _l("Ikke afklaret")))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Kommentar"), validators=[DataRequired(_l("Kommentaren er tom.")), Length(max=20000)])
    internal = BooleanField(_l("Intern note (kunden ser den ikke)"))
    files = MultipleFileField(_l("Vedhæft filer"))


class CallForm(FlaskForm):
    customer_id = HiddenField()
    caller_name = StringField(_l("Hvem ringer"),
                              validators=[DataRequired(_l("Skriv hvem der ringer.")), Length(max=200)])
    caller_phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40)])
    subject = StringField(_l("Emne"), validators=[DataRequired(_l("Emne skal udfyldes.")), Length(max=200)])
    summary = TextAreaField(_l("Resumé af opkaldet"), validators=[Optional(), Length(max=20000)])
    category = SelectField(_l("Kategori"), choices=choices(Category), default=Category.SUPPORT.value)
    system = StringField(_l("System"), validators=[Optional(), Length(max=200)])
