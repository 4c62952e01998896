"""`flask clips expire`."""


import click

from helpdesk.clips import services
from helpdesk.database import local_today


@click.group(help="Clip cards.")
def clips():
    pass


@clips.command("expire")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run for (default: today).")
def expire(today):
    """Write off what is left on cards whose expiry date has come (safe to run again)."""
    day = today.date() if today else local_today()
    expired = services.expire_cards(day)
    click.echo(f"{expired} card(s) expired on {day.isoformat()}.")
