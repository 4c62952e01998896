"""The quick select writes exactly what wtforms' own select writes: the selected option, escaped labels."""

from wtforms import Form, SelectChoice, SelectField

from helpdesk.cases.forms import customer_choices
from helpdesk.widgets import QuickSelect, WrittenChoices

CHOICES = [SelectChoice("", "Alle"), SelectChoice("1", "Bager & Søn <ApS>"), SelectChoice("2", 'Kunde "2"')]


class Both(Form):
    plain = SelectField("Kunde", choices=CHOICES, default="1")
    quick = SelectField("Kunde", choices=CHOICES, default="1", widget=QuickSelect())


def test_the_quick_select_writes_what_wtforms_writes():
    form = Both()
    plain, quick = str(form.plain(class_="wide")), str(form.quick(class_="wide"))
    assert quick.replace("quick", "plain") == plain
    assert '<option selected value="1">Bager &amp; Søn &lt;ApS&gt;</option>' in quick
    assert '<option value="2">Kunde &#34;2&#34;</option>' in quick


def test_written_choices_select_the_fields_data_as_text():
    class Picker(Form):
        customer_id = SelectField("Kunde", coerce=int, default=12, widget=QuickSelect())

    form = Picker()
    form.customer_id.choices = WrittenChoices([(1, "Alfa"), (12, "Beta & Co")])
    assert str(form.customer_id()) == ('<select id="customer_id" name="customer_id"><option value="1">Alfa</option>'
                                       '<option selected value="12">Beta &amp; Co</option></select>')


def test_customer_choices_follow_new_and_renamed_customers(make):
    from helpdesk.extensions import db

    alfa = make.customer(name="Alfa ApS")
    assert [choice.label for choice in customer_choices("Alle")] == ["Alle", "Alfa ApS"]
    make.customer(name="Beta ApS")
    alfa.name = "Cirkel ApS"
    db.session.commit()
    assert [choice.label for choice in customer_choices("Alle")] == ["Alle", "Beta ApS", "Cirkel ApS"]
    assert [choice.label for choice in customer_choices()] == ["Beta ApS", "Cirkel ApS"]
