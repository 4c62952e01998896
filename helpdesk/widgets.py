"""Form widgets of our own."""

from markupsafe import Markup, escape
from wtforms import widgets


class QuickSelect(widgets.Select):
    """A select whose options are written in one pass, for the long lists (every customer).

    wtforms renders each option through its attribute builder, which took 15–30 ms for a thousand customers on
    every case list and report page; the HTML is the same (plain options, no groups).
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if "required" not in kwargs and "required" in getattr(field, "flags", []):
            kwargs["required"] = True
        options = "".join(
            f'<option {"selected " if selected else ""}value="{escape(value)}">{escape(label)}</option>'
            for value, label, selected, _ in field.iter_choices())
        return Markup(f"<select {widgets.html_params(name=field.name, **kwargs)}>{options}</select>")
