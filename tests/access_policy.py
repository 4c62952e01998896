"""Who may use each endpoint: the declared policy that tests/test_access_matrix.py checks every rule against.

Each endpoint lists one or more words; a role let in by none of them is refused.

    public          everyone, signed in or not (pages without sign-in, the API without a token)
    signed-in       every signed-in user; under /api/v1 every valid bearer token. A customer user sees only its
                    own customer's rows there (helpdesk/access.py scopes every query)
    staff           technicians, managers and admins
    manager         managers and admins
    admin           admins only
    customer        every customer user (kundeHUB pages about the user's own customer, no object in the URL)
    customer-own    a customer user, for an object of its own customer in the URL; another customer's object
                    is a 404, so its existence does not leak
    customer-admin  a customer's admin contact, for its own customer (a colleague of the user's own customer in
                    the URL); the company's other users get 403, another customer's admin contact 404

How a refusal looks: an anonymous visitor is sent to /login with a 302 (the API answers 401 JSON), a signed-in
user gets 403 (the API: 403 JSON), and an object of another customer is a 404.

/metrics is served to this machine or with its own token: the test client comes from 127.0.0.1, so it is public
here (tests/test_metrics.py covers the refusal from elsewhere).
"""

PUBLIC = ("public",)
SIGNED_IN = ("signed-in",)
STAFF = ("staff",)
MANAGER = ("manager",)
ADMIN = ("admin",)
CUSTOMER = ("customer",)
CUSTOMER_OWN = ("customer-own",)
CUSTOMER_ADMIN = ("customer-admin",)
STAFF_OR_OWN = ("staff", "customer-own")

WORDS = {"public", "signed-in", "staff", "manager", "admin", "customer", "customer-own", "customer-admin"}

PAGES = {
    "accounts.login": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.home": SIGNED_IN,
    "accounts.account": SIGNED_IN,
    "accounts.logout": SIGNED_IN,
    "accounts.choose_language": PUBLIC,
    "health.healthz": PUBLIC,
    "metrics.scrape": PUBLIC,
    "attachments.download": STAFF_OR_OWN,
    "audit.index": ADMIN,
    "staff.index": ADMIN,
    "staff.update": ADMIN,

    "cases.index": STAFF,
    "cases.new": STAFF,
    "cases.show": STAFF,
    "cases.assign": STAFF,
    "cases.attribution": STAFF,
    "cases.change_status": STAFF,
    "cases.comment": STAFF,
    "cases.delivered": STAFF,
    "desk.index": STAFF,
    "desk.take_call": STAFF,
    "timelog.add_expense": STAFF,
    "timelog.cancel_timer": STAFF,
    "timelog.classify": STAFF,
    "timelog.delete": STAFF,
    "timelog.delete_expense": STAFF,
    "timelog.edit": STAFF,
    "timelog.log": STAFF,
    "timelog.start_timer": STAFF,
    "timelog.stop_timer": STAFF,
    "timelog.travel_estimate": STAFF,

    "agreements.index": MANAGER,
    "agreements.new": MANAGER,
    "agreements.show": MANAGER,
    "agreements.edit": MANAGER,
    "agreements.change": MANAGER,
    "agreements.notice": MANAGER,
    "agreements.notice_document": MANAGER,
    "billing.index": MANAGER,
    "billing.show": MANAGER,
    "billing.pdf": MANAGER,
    "billing.print_pdf": MANAGER,
    "billing.xml": MANAGER,
    "billing.credit": MANAGER,
    "billing.dispute": MANAGER,
    "billing.pay": MANAGER,
    "billing.receivables": MANAGER,
    "billing.late_payers": MANAGER,
    "billing.reminder_pdf": MANAGER,
    "billing.reminder_xml": MANAGER,
    "clips.index": MANAGER,
    "clips.cards": MANAGER,
    "clips.customer": MANAGER,
    "clips.sell": MANAGER,
    "customers.edit": MANAGER,
    "customers.export_zip": MANAGER,
    "customers.history": MANAGER,
    "customers.index": MANAGER,
    "customers.new": MANAGER,
    "customers.postpone_deletion": MANAGER,
    "customers.retention_page": MANAGER,
    "invoicing.dispatch": MANAGER,
    "invoicing.dispatched": MANAGER,
    "invoicing.draft": MANAGER,
    "invoicing.issue": MANAGER,
    "invoicing.mileage_rates": MANAGER,
    "invoicing.preview": MANAGER,
    "jobs.index": MANAGER,
    "notifications.outbox": MANAGER,
    "notifications.resend": MANAGER,
    "operations.agreement_outages": MANAGER,
    "operations.delete_outage": MANAGER,
    "operations.delete_window": MANAGER,
    "operations.edit_outage": MANAGER,
    "operations.maintenance_windows": MANAGER,
    "reports.index": MANAGER,
    "reports.show": MANAGER,
    "reports.export": MANAGER,

    "hub.index": CUSTOMER,
    "hub.case_list": CUSTOMER,
    "hub.consumption": CUSTOMER,
    "hub.consumption_csv": CUSTOMER,
    "hub.export_zip": CUSTOMER,
    "hub.invoices": CUSTOMER,
    "hub.agreements_page": CUSTOMER,
    "hub.new_case": CUSTOMER,
    "hub.company": CUSTOMER,
    "notifications.hub_messages": CUSTOMER,
    "hub.show_case": CUSTOMER_OWN,
    "hub.answer_delivery": CUSTOMER_OWN,
    "hub.file_complaint": CUSTOMER_OWN,
    "hub.invoice_pdf": CUSTOMER_OWN,
    "hub.reminder_pdf": CUSTOMER_OWN,
    "hub.update_company": CUSTOMER_ADMIN,
    "hub.invite_colleague": CUSTOMER_ADMIN,
    "hub.colleague": CUSTOMER_ADMIN,
    "hub.colleague_access": CUSTOMER_ADMIN,
    "hub.colleague_role": CUSTOMER_ADMIN,
}

API = {
    "api.openapi": PUBLIC,
    "api.list_customers": SIGNED_IN,
    "api.list_cases": SIGNED_IN,
    "api.create_case": SIGNED_IN,
    "api.quote": SIGNED_IN,
    "api.list_invoices": SIGNED_IN,
    "api.list_agreements": SIGNED_IN,
    "api.list_maintenance_windows": SIGNED_IN,
    "api.show_customer": STAFF_OR_OWN,
    "api.saldo": STAFF_OR_OWN,
    "api.clip_ledger": STAFF_OR_OWN,
    "api.show_case": STAFF_OR_OWN,
    "api.list_time_entries": STAFF_OR_OWN,
    "api.show_invoice": STAFF_OR_OWN,
    "api.invoice_pdf": STAFF_OR_OWN,
    "api.invoice_xml": STAFF_OR_OWN,
    "api.show_agreement": STAFF_OR_OWN,
    "api.list_outages": STAFF_OR_OWN,
    "api.log_time": STAFF,
    "api.create_customer": MANAGER,
    "api.update_customer": MANAGER,
    "api.sell_card": MANAGER,
    "api.register_payment": MANAGER,
    "api.issue_credit_note": MANAGER,
    "api.create_agreement": MANAGER,
    "api.give_notice": MANAGER,
    "api.record_outage": MANAGER,
    "api.correct_outage": MANAGER,
    "api.delete_outage": MANAGER,
    "api.plan_maintenance_window": MANAGER,
    "api.report_dashboard": MANAGER,
    "api.report_agreements": MANAGER,
    "api.report_clips": MANAGER,
    "api.report_expiring_cards": MANAGER,
    "api.report_negative_saldi": MANAGER,
    "api.report_receivables": MANAGER,
    "api.report_revenue": MANAGER,
    "api.report_technicians": MANAGER,
    "api.report_time": MANAGER,
}

POLICY = {**PAGES, **API}
