"""The access matrix (issue 8): every rule of the app, for every role, against the policy in tests/access_policy.py.

Each role gets a fresh data set (customers A and B with one object of every kind) and requests every rule in
`app.url_map` with A's ids: GET where the rule takes GET, an empty POST where it takes POST (the last ones are
those that delete or sign out). The answer must match what the policy's words say (see tests/access_policy.py):
an allowed role gets no 401/403/404 and no 5xx (to a GET nothing from 400 up); a refused one a redirect to /login
(API: 401 JSON), a 403, or a 404 for another customer's object; under /api/v1 a session cookie without a token is
a 401. A customer user of A then asks for B's objects on every
customer route with an object in the URL: always 404. Customer pages never show the other customer's names nor
an internal note. Other methods (the API's PATCH of a customer, PUT and DELETE of an outage) are not sent; their
own tests in tests/api check who may use them.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from helpdesk.accounts import passwords
from helpdesk.agreements import maintenance, outages
from helpdesk.agreements import services as agreements
from helpdesk.billing.dunning import run_dunning
from helpdesk.billing.models import Invoice, Reminder
from helpdesk.cases import services as cases
from helpdesk.clips.services import sell_card
from helpdesk.database import local_today, utcnow
from helpdesk.extensions import db
from helpdesk.jobs import runner
from helpdesk.notifications.models import OutboxMessage
from helpdesk.rules.worktime import COPENHAGEN
from helpdesk.timelog import expenses
from tests.access_policy import API, PAGES, POLICY, WORDS
from tests.factories import Factory

TODAY = local_today()
INTERNAL_NOTE = "INTERN-NOTE-kun-for-teknikere"
NAMED_ARGUMENTS = {"name": "clips", "file_type": "csv"}     # URL arguments that name no object
OBJECT_ARGUMENTS = {"customer_id", "case_id", "entry_id", "expense_id", "attachment_id", "invoice_id", "reminder_id",
                    "agreement_id", "notice_id", "outage_id", "window_id", "message_id", "user_id", "token"}
CUSTOMER_REACHABLE_WITH_OBJECT = {"customer-own", "customer-admin"}


@dataclass(frozen=True)
class Role:
    name: str
    kind: str                     # anonymous, customer, technician, manager or admin
    customer: str | None = None   # "a" or "b" for a customer user
    customer_admin: bool = False

    @property
    def words(self) -> set[str]:
        """The policy words that let this role in, whatever the object."""
        return {
            "anonymous": set(),
            "customer": {"signed-in", "customer"},
            "technician": {"signed-in", "staff"},
            "manager": {"signed-in", "staff", "manager"},
            "admin": {"signed-in", "staff", "manager", "admin"},
        }[self.kind]


ROLES = [
    Role("anonymous", "anonymous"),
    Role("customer_a", "customer", "a", customer_admin=True),
    Role("colleague_a", "customer", "a"),
    Role("customer_b", "customer", "b", customer_admin=True),
    Role("technician", "technician"),
    Role("manager", "manager"),
    Role("admin", "admin"),
]
CUSTOMER_A = ROLES[1]

ALLOWED, SIGN_IN, FORBIDDEN, HIDDEN = "allowed", "sign-in", "403", "404"


def expected(words, role: Role, owns: bool) -> str:
    """What the policy's words promise this role for a URL whose objects are (not) its customer's."""
    if "public" in words:
        return ALLOWED
    if role.kind == "anonymous":
        return SIGN_IN
    if role.words & set(words):
        return ALLOWED
    if role.kind == "customer" and "customer-own" in words:
        return ALLOWED if owns else HIDDEN
    if role.kind == "customer" and "customer-admin" in words:
        if not role.customer_admin:
            return FORBIDDEN
        return ALLOWED if owns else HIDDEN
    return FORBIDDEN


# The data set ---------------------------------------------------------------------------------------------------

@dataclass
class Side:
    """One customer's objects, by the URL argument that names them, and the users who sign in for it."""
    name: str
    ids: dict = field(default_factory=dict)
    contact: object = None
    colleague: object = None
    internal_attachment_id: int | None = None

    @property
    def markers(self) -> list[str]:
        """Text that only this customer's users (and staff) may see."""
        return [f"{self.name} ApS", f"{self.name}s printer er gået i stå"]


@dataclass
class World:
    sides: dict
    users: dict
    tokens: dict


def admin_contact(make, customer):
    user = make.user("customer", customer=customer)
    user.is_customer_admin = True
    db.session.commit()
    return user


def local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COPENHAGEN)


def build_side(make, manager, name: str, cvr: str, gln: str) -> Side:
    """A customer with its users and one object of every kind a URL can name."""
    technician = make.technician()
    customer = make.customer(name=f"{name} ApS", cvr=cvr, gln=gln, phone="70203040",
                             address=f"{name}vej 1\n8000 Aarhus C")
    side = Side(name, contact=admin_contact(make, customer), colleague=make.user("customer", customer=customer))
    case = make.case(customer, subject=f"{name}s printer er gået i stå")
    cases.add_comment(technician, case, "Vi kigger på det.",
                      files=[FileStorage(io.BytesIO(b"printerlog"), filename="log.txt")])
    cases.add_comment(technician, case, INTERNAL_NOTE, internal=True,
                      files=[FileStorage(io.BytesIO(INTERNAL_NOTE.encode()), filename="intern.txt")])
    worked_on = TODAY - timedelta(days=7)
    entry = make.entry(case, f"{worked_on} 09:00", f"{worked_on} 10:00", description="Fejlsøgning",
                       out_of_hours_agreed_by="Karin")   # a weekend or holiday costs more and needs a name
    expense = expenses.add_expense(technician, case, "outlay", TODAY, "USB-kabel", amount="89,50", today=TODAY)
    card = sell_card(manager, customer.id, 10, "4.000,00", TODAY - timedelta(days=90))   # overdue: dunned below
    agreement = agreements.create_agreement(manager, customer.id, agreements.AgreementInput(
        product="hosting", name="Hosting", price_per_period="12000", start_date=date(2025, 1, 1),
        covered_categories=["outage"], covered_systems=["Økonomisystem"]))
    outage = outages.record_outage(manager, agreement.id,
                                   outages.OutageInput(date(2025, 3, 1), date(2025, 3, 2), "Nede"), date(2025, 6, 1))
    letter = FileStorage(io.BytesIO(b"Vi opsiger aftalen."), filename="opsigelse.txt")
    notice = agreements.record_notice(manager, agreement.id,
                                      agreements.NoticeInput(date(2025, 9, 30), "Karin", document=letter),
                                      date(2025, 10, 1))
    window = maintenance.plan_window(manager, maintenance.WindowInput(
        starts_at=local(TODAY + timedelta(days=10), 22), ends_at=local(TODAY + timedelta(days=11), 4),
        systems="Økonomisystem", description="Opdatering", customer_id=customer.id))
    token, _ = passwords.issue_link(side.contact, passwords.RESET, utcnow())
    db.session.commit()
    public_file, internal_file = sorted(case.attachments, key=lambda attachment: attachment.internal)
    side.internal_attachment_id = internal_file.id
    side.ids.update(customer_id=customer.id, case_id=case.id, entry_id=entry.id, expense_id=expense.id,
                    attachment_id=public_file.id, invoice_id=card.invoice_id, agreement_id=agreement.id,
                    notice_id=notice.id, outage_id=outage.id, window_id=window.id, user_id=side.colleague.id,
                    token=token)
    return side


def add_dunning(sides: dict) -> None:
    """Remind the overdue card invoices; each customer gets a reminder and a message in the outbox."""
    run_dunning(TODAY)
    for side in sides.values():
        customer_id = side.ids["customer_id"]
        side.ids["reminder_id"] = db.session.scalars(sa.select(Reminder.id).join(
            Invoice, Reminder.invoice_id == Invoice.id).where(Invoice.customer_id == customer_id)).first()
        side.ids["message_id"] = db.session.scalars(
            sa.select(OutboxMessage.id).where(OutboxMessage.customer_id == customer_id)).first()
        assert None not in side.ids.values(), f"the data set of {side.name} lacks an object: {side.ids}"


@pytest.fixture
def world(make) -> World:
    manager = make.user("manager")
    sides = {"a": build_side(make, manager, "Alfa", "12972997", "5790000000012"),
             "b": build_side(make, manager, "Beta", "93478878", "5790000000029")}
    add_dunning(sides)
    runner.beat(utcnow())     # /healthz answers 200 only while a scheduler beats
    users = {"customer_a": sides["a"].contact, "colleague_a": sides["a"].colleague, "customer_b": sides["b"].contact,
             "technician": make.technician(), "manager": manager, "admin": make.user("admin")}
    return World(sides, users, {name: make.token(user) for name, user in users.items()})


# Rules and URLs -------------------------------------------------------------------------------------------------

def app_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def url_arguments(rule) -> set[str]:
    return set(rule.arguments) - set(rule.defaults or {})


def object_arguments(rule) -> set[str]:
    return url_arguments(rule) & OBJECT_ARGUMENTS


def unknown_arguments(rule) -> set[str]:
    return url_arguments(rule) - OBJECT_ARGUMENTS - set(NAMED_ARGUMENTS)


def url_for_rule(app, rule, ids: dict) -> str:
    unknown = unknown_arguments(rule)
    if unknown:
        pytest.fail(f"{rule.endpoint} ({rule.rule}) has URL arguments the matrix cannot fill: {sorted(unknown)}; "
                    "add them to the data set in tests/test_access_matrix.py")
    values = {name: ids[name] for name in object_arguments(rule)}
    values.update({name: NAMED_ARGUMENTS[name] for name in url_arguments(rule) & set(NAMED_ARGUMENTS)})
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def policy_of(rule) -> tuple[str, ...]:
    if rule.endpoint not in POLICY:
        pytest.fail(f"{rule.endpoint} ({rule.rule}) has no declared policy: add it to tests/access_policy.py")
    return POLICY[rule.endpoint]


def is_api(rule) -> bool:
    return rule.endpoint in API


def requests_of(app) -> list[tuple]:
    """(rule, method) pairs: GETs first, then POSTs; those that delete something or sign out come last."""
    gets = [(rule, "GET") for rule in app_rules(app) if "GET" in rule.methods]
    posts = [(rule, "POST") for rule in app_rules(app) if "POST" in rule.methods]
    posts.sort(key=lambda pair: (pair[0].endpoint == "accounts.logout", "delete" in pair[0].endpoint,
                                 pair[0].endpoint))
    return sorted(gets, key=lambda pair: pair[0].endpoint) + posts


# Requests and verdicts ------------------------------------------------------------------------------------------

@dataclass
class Clients:
    """A page client signed in as the role (cookies), and the role's bearer token for the API."""
    pages: object
    api: object
    token: str | None


def clients_for(app, world: World, role: Role) -> Clients:
    pages = app.test_client()
    if role.kind != "anonymous":
        response = pages.post("/login", data={"email": world.users[role.name].email, "password": Factory.PASSWORD})
        assert response.status_code == 302, f"{role.name} could not sign in"
    return Clients(pages, app.test_client(), world.tokens.get(role.name))


def send(client, method: str, url: str, api: bool, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if api:
        return client.post(url, json={}, headers=headers)
    return client.post(url, data={}, headers=headers)


def json_error(response) -> bool:
    body = response.get_json(silent=True) or {}
    return "code" in body.get("error", {})


def problem(response, outcome: str, method: str, api: bool) -> str | None:
    """Say what is wrong with the answer, or None when it is what the policy promises."""
    status = response.status_code
    if outcome == SIGN_IN and api:
        ok = status == 401 and json_error(response)
    elif outcome == SIGN_IN:
        ok = status == 302 and urlsplit(response.headers.get("Location", "")).path == "/login"
    elif outcome in (FORBIDDEN, HIDDEN):
        ok = status == int(outcome) and (json_error(response) or not api)
    elif method == "GET":
        ok = 200 <= status < 400
    else:
        ok = status not in (401, 403, 404) and status < 500
    return None if ok else f"expected {outcome}, got {status}"


def shown_texts(response, texts: list[str]) -> list[str]:
    """Those of the texts that a text or JSON answer shows."""
    if not texts or not response.mimetype.startswith(("text/", "application/json")):
        return []
    body = response.get_data(as_text=True)
    return [text for text in texts if text in body]


def texts_hidden_from(role: Role, world: World) -> list[str]:
    """What a customer user must never read: the other customer's names, and internal notes."""
    if role.kind != "customer":
        return []
    others = [side for key, side in world.sides.items() if key != role.customer]
    return [INTERNAL_NOTE] + [text for side in others for text in side.markers]


@dataclass
class Matrix:
    """Counts the checks, keeps the failures, and notes which watched texts any answer showed."""
    watched: list = field(default_factory=list)
    checks: int = 0
    failures: list = field(default_factory=list)
    seen: set = field(default_factory=set)

    def check(self, label: str, call, outcome: str, method: str, api: bool, hidden_texts=()) -> None:
        self.checks += 1
        try:
            response = call()
        except Exception as error:  # noqa: BLE001  (under TESTING a 500 arrives as its exception)
            db.session.rollback()
            self.failures.append(f"{label}: raised {error!r}")
            return
        with response:      # a download keeps its file open until the answer is closed
            wrong = problem(response, outcome, method, api)
            shown = shown_texts(response, list(hidden_texts))
            self.seen.update(shown_texts(response, self.watched))
        if wrong:
            self.failures.append(f"{label}: {wrong}")
        if shown:
            self.failures.append(f"{label}: shows {shown}")

    def assert_clean(self) -> None:
        assert not self.failures, f"{len(self.failures)} of {self.checks} checks failed:\n" + "\n".join(self.failures)


def owns(role: Role, rule, owner: str) -> bool:
    return not object_arguments(rule) or role.customer == owner


def check_rule(matrix: Matrix, app, world: World, role: Role, clients: Clients, rule, method: str,
               owner: str = "a") -> None:
    """Request one rule with the owner's ids as the role; with the session cookie alone too under /api/v1."""
    url = url_for_rule(app, rule, world.sides[owner].ids)
    api = is_api(rule)
    outcome = expected(policy_of(rule), role, owns(role, rule, owner))
    label = f"{method} {url} [{rule.endpoint}] as {role.name}"
    hidden = texts_hidden_from(role, world)
    if not api:
        matrix.check(label, lambda: send(clients.pages, method, url, api), outcome, method, api, hidden)
        return
    matrix.check(label, lambda: send(clients.api, method, url, api, clients.token), outcome, method, api, hidden)
    if role.kind != "anonymous" and "public" not in policy_of(rule):
        matrix.check(f"{label} (cookie, no token)", lambda: send(clients.pages, method, url, api), SIGN_IN, method,
                     api)


# The summary ----------------------------------------------------------------------------------------------------

CHECK_COUNTS: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def matrix_summary(request):
    """Print how many route × role checks the matrix made, past pytest's output capture, into the CI log."""
    yield
    if not CHECK_COUNTS:
        return
    by_engine = Counter()
    for name, count in CHECK_COUNTS.items():
        by_engine["postgresql" if "[postgresql" in name else "sqlite"] += count
    line = (f"access matrix: {sum(by_engine.values())} route × role checks in {len(CHECK_COUNTS)} tests ("
            + ", ".join(f"{engine} {count}" for engine, count in sorted(by_engine.items())) + ")")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line(line)
        else:
            print(line)


def record(request, matrix: Matrix) -> None:
    CHECK_COUNTS[request.node.name] = matrix.checks
    print(f"{request.node.name}: {matrix.checks} route × role checks")


# The tests ------------------------------------------------------------------------------------------------------

def test_every_rule_has_a_policy_and_fillable_arguments(app):
    endpoints = {rule.endpoint for rule in app_rules(app)}
    undeclared, stale = sorted(endpoints - POLICY.keys()), sorted(POLICY.keys() - endpoints)
    assert not undeclared, f"rules without a declared policy in tests/access_policy.py: {undeclared}"
    assert not stale, f"policy for endpoints that no longer exist: {stale}"
    assert not PAGES.keys() & API.keys()
    assert all(rule.rule.startswith("/api/v1") == is_api(rule) for rule in app_rules(app))
    unknown_words = {word for words in POLICY.values() for word in words} - WORDS
    assert not unknown_words, f"policy words nobody defined: {sorted(unknown_words)}"
    unknown = {rule.endpoint: sorted(unknown_arguments(rule)) for rule in app_rules(app) if unknown_arguments(rule)}
    assert not unknown, f"URL arguments the matrix cannot fill: {unknown}"


def test_a_customer_reaches_objects_only_through_a_word_that_checks_the_owner(app):
    """A rule with an object in its URL that customers may use must say customer-own or customer-admin."""
    loose = sorted(rule.endpoint for rule in app_rules(app)
                   if object_arguments(rule) - {"token"} and {"signed-in", "customer"} & set(policy_of(rule)))
    assert not loose, f"customer-reachable rules with an object id but no owner check declared: {loose}"


def texts_the_role_must_see(role: Role, world: World) -> list[str]:
    """A control for the leak check: its own customer's names for a customer user, internal notes for staff."""
    if role.kind == "customer":
        return world.sides[role.customer].markers
    return [] if role.kind == "anonymous" else [INTERNAL_NOTE]


@pytest.mark.parametrize("role", ROLES, ids=[role.name for role in ROLES])
def test_access_matrix(request, app, world, role):
    clients, matrix = clients_for(app, world, role), Matrix(watched=texts_the_role_must_see(role, world))
    for rule, method in requests_of(app):
        check_rule(matrix, app, world, role, clients, rule, method)
    record(request, matrix)
    assert matrix.checks >= len(app_rules(app))
    matrix.assert_clean()
    assert matrix.seen == set(matrix.watched), "the leak check looks for texts no page shows"


def test_customer_a_gets_404_for_every_object_of_customer_b(request, app, world):
    clients, matrix = clients_for(app, world, CUSTOMER_A), Matrix()
    for rule, method in requests_of(app):
        if object_arguments(rule) - {"token"} and CUSTOMER_REACHABLE_WITH_OBJECT & set(policy_of(rule)):
            check_rule(matrix, app, world, CUSTOMER_A, clients, rule, method, owner="b")
    internal_file = f"/attachments/{world.sides['a'].internal_attachment_id}"    # A's own, but internal
    matrix.check(f"GET {internal_file} (internal) as customer_a", lambda: clients.pages.get(internal_file), HIDDEN,
                 "GET", api=False)
    record(request, matrix)
    assert matrix.checks >= 20
    matrix.assert_clean()


# CSRF: the matrix runs without it, so show here that a form posted without its token is refused ------------------

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_a_form_posted_without_its_csrf_token_is_refused(app, make):
    app.config["WTF_CSRF_ENABLED"] = True    # the app fixture turns it off; this app has served no request yet
    technician = make.technician()
    case = make.case(make.customer())
    client = app.test_client()
    login = {"email": technician.email, "password": Factory.PASSWORD}
    assert client.post("/login", data=login).status_code == 400
    token = CSRF_FIELD.search(client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={**login, "csrf_token": token}).status_code == 302
    comment = {"body": "Vi har genstartet serveren."}
    assert client.post(f"/cases/{case.id}/comments", data=comment).status_code == 400
    assert client.post(f"/cases/{case.id}/comments", data={**comment, "csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert [c.body for c in case.comments] == ["Vi har genstartet serveren."]
