"""The quick select writes exactly what wtforms' own select writes: the selected option, escaped labels."""

from wtforms import Form, SelectChoice, SelectField

from helpdesk.widgets import QuickSelect

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
