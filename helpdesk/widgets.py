"""Form widgets of our own."""

from markupsafe import Markup, escape
from wtforms import SelectChoice, widgets


class WrittenChoices(list):
    """Select choices (SelectChoice) with each option's HTML written once: a list shown on every page (every
    customer) is then only joined, not escaped again, when a page is drawn."""

    def __init__(self, pairs):
        super().__init__(SelectChoice(str(value), text) for value, text in pairs)
        self.written = [(choice.value, f'value="{escape(choice.value)}">{escape(choice.label)}</option>')
                        for choice in self]

    @classmethod
    def of(cls, choices) -> "WrittenChoices":
        return choices if isinstance(choices, cls) else cls((choice.value, choice.label) for choice in choices)


class QuickSelect(widgets.Select):
    """A select whose options are written in one pass, for the long lists (every customer).

    wtforms renders each option through its attribute builder, which took 15–30 ms for a thousand customers on
    every case list and report page; the HTML is the same (plain options, no groups). The option whose value is
    the field's data, as text, is selected (the fields' values are ids and "").
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if "required" not in kwargs and "required" in getattr(field, "flags", []):
            kwargs["required"] = True
        chosen = None if field.data is None else str(field.data)
        options = "".join(f"<option selected {html}" if value == chosen else f"<option {html}"
                          for value, html in WrittenChoices.of(field.choices or []).written)
        return Markup(f"<select {widgets.html_params(name=field.name, **kwargs)}>{options}</select>")
