from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from helpdesk.cases.models import Category, Channel, FaultAttribution, Priority, Status
from helpdesk.formatting import label
from helpdesk.widgets import QuickSelect


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(str(value), text) for value, text in pairs]


def choices(enum_class, blank: str | None = None) -> list[SelectChoice]:
    """The options of an enum with their labels in the reader's language, after an optional blank one."""
    pairs = [(member.value, _l(label(member))) for member in enum_class]
    return options([("", blank)] + pairs if blank is not None else pairs)


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=choices(Status, "Alle"), validators=[Optional()])
    customer = SelectField("Kunde", coerce=str, validators=[Optional()], widget=QuickSelect())
    assignee = SelectField("Tildelt", coerce=str, validators=[Optional()])
    q = StringField("Søg", validators=[Optional(), Length(max=200)])


class NewCaseForm(FlaskForm):
    customer_id = SelectField("Kunde", coerce=int, validate_choice=False, widget=QuickSelect())
    contact_name = StringField("Kontaktperson", validators=[Optional(), Length(max=200)])
    contact_email = EmailField("Kontaktens e-mail", validators=[Optional(), Email("Ugyldig e-mail."), Length(max=254)])
    contact_phone = StringField("Kontaktens telefon", validators=[Optional(), Length(max=40)])
    subject = StringField("Emne", validators=[DataRequired("Emne skal udfyldes."), Length(max=200)])
    description = TextAreaField("Beskrivelse", validators=[Optional(), Length(max=20000)])
    category = SelectField("Kategori", choices=choices(Category))
    channel = SelectField("Kanal", choices=choices(Channel), default=Channel.PHONE.value)
    priority = SelectField("Prioritet", choices=choices(Priority), default=Priority.NORMAL.value)
    system = StringField("System", validators=[Optional(), Length(max=200)])
    covered = BooleanField("Dækket af aftale")


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=choices(Status))


class AssignForm(FlaskForm):
    assignee_id = SelectField("Tildel til", coerce=str, validate_choice=False)


class AttributionForm(FlaskForm):
    attribution = SelectField("Fejlen skyldes", choices=choices(FaultAttribution, "Ikke afklaret"))


class CommentForm(FlaskForm):
    body = TextAreaField("Kommentar", validators=[DataRequired("Kommentaren er tom."), Length(max=20000)])
    internal = BooleanField("Intern note (kunden ser den ikke)")
    files = MultipleFileField("Vedhæft filer")


class CallForm(FlaskForm):
    customer_id = HiddenField()
    caller_name = StringField("Hvem ringer", validators=[DataRequired("Skriv hvem der ringer."), Length(max=200)])
    caller_phone = StringField("Telefon", validators=[Optional(), Length(max=40)])
    subject = StringField("Emne", validators=[DataRequired("Emne skal udfyldes."), Length(max=200)])
    summary = TextAreaField("Resumé af opkaldet", validators=[Optional(), Length(max=20000)])
    category = SelectField("Kategori", choices=choices(Category), default=Category.SUPPORT.value)
    system = StringField("System", validators=[Optional(), Length(max=200)])
