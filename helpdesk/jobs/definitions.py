"""The jobs of the product, registered with their default daily times (Europe/Copenhagen)."""

from datetime import date

from helpdesk.billing import dunning as billing_dunning
from helpdesk.billing import services as billing
from helpdesk.clips import services as clips
from helpdesk.clips import warnings
from helpdesk.jobs.registry import job
from helpdesk.notifications import services as notifications


@job("expire_clip_cards", "Write off the clips of cards whose expiry date has come.", at="00:15")
def expire_clip_cards(day: date) -> dict:
    return {"expired": clips.expire_cards(day)}


@job("warn_card_expiry", "Warn customers and managers 60 and 14 days before clips lapse.", at="07:00")
def warn_card_expiry(day: date) -> dict:
    return warnings.warn_expiring_cards(day)


@job("warn_low_saldo", "Warn customers and managers when a saldo is below its threshold.", at="07:05")
def warn_low_saldo(day: date) -> dict:
    return warnings.warn_low_saldo(day)


@job("mark_overdue_invoices", "Mark unpaid invoices past their due date as overdue.", at="06:00")
def mark_overdue_invoices(day: date) -> dict:
    return billing.mark_overdue(day)


@job("dunning", "Send reminders 1–3 with fees, compensation and interest; hand unpaid invoices to collection.",
     at="06:30")
def dunning(day: date) -> dict:
    return billing_dunning.run_dunning(day)


@job("send_outbox", "Send the queued e-mails (every tick), retrying failures with backoff.")
def send_outbox(day: date) -> dict:
    return notifications.send_due()
