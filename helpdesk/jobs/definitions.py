"""The jobs of the product, registered with their default daily times (Europe/Copenhagen)."""

from datetime import date

from flask import current_app

from helpdesk.agreements import services as agreements
from helpdesk.backup import make_backup
from helpdesk.billing import dunning as billing_dunning
from helpdesk.billing import run as invoice_run
from helpdesk.billing import services as billing
from helpdesk.cases import deliveries
from helpdesk.clips import services as clips
from helpdesk.clips import warnings
from helpdesk.customers import retention
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


@job("invoice_month", "On the run day (HELPDESK_INVOICE_RUN_DAY, default the 1st) invoice the previous month.",
     at="05:00")
def invoice_month(day: date) -> dict:
    if day.day != current_app.config["HELPDESK_INVOICE_RUN_DAY"]:
        return {"skipped": "not the run day"}
    result = invoice_run.run_month(None, invoice_run.previous_month(day), day)
    return {"issued": len(result.issued), "blocked": len(result.blocked),
            "already_invoiced": len(result.already_invoiced)}


@job("renew_agreements", "End agreements after their last day, renew the others and invoice periods in advance.",
     at="04:00")
def renew_agreements(day: date) -> dict:
    return agreements.renew_agreements(day)


@job("warn_notice_deadlines", "Warn customers and managers 60 and 14 days before an agreement's notice deadline.",
     at="07:10")
def warn_notice_deadlines(day: date) -> dict:
    return agreements.warn_notice_deadlines(day)


@job("flag_overdue_deliveries", "Flag deliveries left unanswered past their 5 working days and tell the technician "
     "and the managers.", at="07:15")
def flag_overdue_deliveries(day: date) -> dict:
    return deliveries.flag_overdue_deliveries(day)


@job("delete_ended_customers", "Warn managers 14 days ahead, then delete the data of customers whose last agreement "
     "ended 3 months ago (invoices are kept).", at="02:30")
def delete_ended_customers(day: date) -> dict:
    return retention.delete_ended_customers(day)


@job("backup", "Back up the database and keep 7 daily, 4 weekly and 12 monthly generations.", at="01:30")
def backup(day: date) -> dict:
    return {"file": make_backup(day).name}


@job("send_outbox", "Send the queued e-mails (every tick), retrying failures with backoff.")
def send_outbox(day: date) -> dict:
    return notifications.send_due()
