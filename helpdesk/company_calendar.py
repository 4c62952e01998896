"""The company's working calendar: the Danish one (SPEC §1) with the closing days from the configuration."""

from flask import current_app

from helpdesk.rules.worktime import WorkCalendar


def work_calendar() -> WorkCalendar:
    return WorkCalendar(closing_days=current_app.config["HELPDESK_CLOSING_DAYS"])
