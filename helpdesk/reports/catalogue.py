"""The reports managers can run (SPEC §9): for each its columns, its period and how its table and charts are made.

One description of a report's columns serves the page, the CSV and Excel files and the API (whose OpenAPI
schemas are made from it too), so they always show the same figures.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from helpdesk.agreements.models import Product
from helpdesk.billing.models import LineKind
from helpdesk.billing.receivables import AGE_LABELS, STAGE_LABELS
from helpdesk.customers.models import TermsProfile
from helpdesk.formatting import danish_date, label, money
from helpdesk.reports import queries
from helpdesk.reports.charts import BarChart, Series, danish_number
from helpdesk.reports.periods import Filters, checked, month_label, require_calendar, twelve_months_before

# What a column holds, which decides how it is shown, exported and described in the API.
TEXT, LABEL, ID, COUNT, HOURS, MONEY, DAY, MONTH = "text", "label", "id", "count", "hours", "money", "day", "month"

LINE_KIND_LABELS = {
    LineKind.CLIP_CARD: "Klippekort",
    LineKind.HOURLY: "Konsulentbistand pr. time",
    LineKind.MILEAGE: "Kørsel",
    LineKind.OUTLAY: "Udlæg",
    LineKind.SUBSCRIPTION: "Abonnement",
    LineKind.POSTAGE_FEE: "Fakturagebyr (post)",
    LineKind.REMINDER_FEE: "Rykkergebyr",
    LineKind.INTEREST: "Renter",
    LineKind.COMPENSATION: "Kompensation",
}
CLASS_LABELS = {c: label(c) for c in queries.CLASSES}
MULTIPLIERS = (1, 2, 3)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str
    labels: dict = field(default_factory=dict)
    on_page: bool = True  # ids are for the files and the API; the page shows the names

    def show(self, value) -> str:
        """The value as a person reads it on the page and in the CSV file's text columns."""
        if value is None:
            return "—"
        shown = {
            LABEL: lambda: self.labels.get(value) or label(value),
            COUNT: lambda: danish_number(value),
            HOURS: lambda: danish_number(value, 2),
            MONEY: lambda: money(value),
            DAY: lambda: danish_date(value),
            MONTH: lambda: month_label(value),
        }.get(self.kind)
        return shown() if shown else str(value)

    @property
    def numeric(self) -> bool:
        return self.kind in (COUNT, HOURS, MONEY)


# How a report reads its period: past days cut into months; days ahead; or the state at the end of one day.
MONTHS, DAYS, AHEAD, AS_OF = "months", "days", "ahead", "as_of"


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: str
    intro: str
    period: str
    columns: tuple[Column, ...]
    build: Callable
    days_ahead: int = 0

    def filters(self, first: date | None, last: date | None, customer_id: int | None, today: date) -> Filters:
        """The report's filters from what was asked; what was not asked is the report's default period."""
        require_calendar(first, last)
        if self.period == AS_OF:
            first = last = last or today
        elif self.period == AHEAD:
            first = first or today
            last = last or first + timedelta(days=self.days_ahead)
        else:
            last = last or today
            first = first or twelve_months_before(last)
        return checked(first, last, customer_id, monthly=self.period == MONTHS)


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    filters: Filters
    rows: list[dict]
    totals: dict
    charts: list[BarChart]

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.kind.columns


def run(kind: ReportKind, filters: Filters, today: date) -> Report:
    rows, totals, charts = kind.build(filters, today)
    return Report(kind, filters, rows, totals, charts)


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _sums(rows: list[dict], keys) -> dict:
    return {key: sum(row[key] for row in rows) for key in keys}


def _month_labels(filters: Filters) -> tuple[str, ...]:
    return tuple(month.label for month in filters.months())


def _per_month(filters: Filters, rows: list[dict], value: Callable[[dict], object]) -> tuple:
    """A series' value for each month of the period: the sum over the rows of that month."""
    sums = defaultdict(int)
    for row in rows:
        sums[row["month"]] += value(row)
    return tuple(sums[month.first_day] for month in filters.months())


# (a) Clips per customer and month

CLIP_COLUMNS = (
    Column("month", "Måned", MONTH),
    Column("customer_id", "Kunde-id", ID, on_page=False),
    Column("customer", "Kunde", TEXT),
    Column("sold", "Solgt", COUNT),
    Column("consumed", "Forbrugt", COUNT),
    Column("expired", "Udløbet", COUNT),
    Column("adjusted", "Reguleret", COUNT),
    Column("outstanding", "Saldo ved månedens udgang", COUNT),
)


def _clips(filters: Filters, today: date):
    rows = [{"month": r.month.first_day, "customer_id": r.customer_id, "customer": r.customer, "sold": r.sold,
             "consumed": r.consumed, "expired": r.expired, "adjusted": r.adjusted, "outstanding": r.outstanding}
            for r in queries.clip_months(filters)]
    last_month = filters.months()[-1].first_day
    totals = _sums(rows, ("sold", "consumed", "expired", "adjusted"))
    totals["outstanding"] = sum(row["outstanding"] for row in rows if row["month"] == last_month)
    movements = BarChart(
        "clip-movements", "Klip solgt, forbrugt og udløbet pr. måned",
        "Søjler side om side for hver måned: klip solgt, forbrugt (efter tilbageførsler) og udløbet.",
        "Klip", "Måned", _month_labels(filters),
        tuple(Series(title, _per_month(filters, rows, lambda row, key=key: row[key]))
              for key, title in (("sold", "Solgt"), ("consumed", "Forbrugt"), ("expired", "Udløbet"))))
    saldo = BarChart(
        "clip-saldo", "Samlet saldo ved hver måneds udgang",
        "Summen af kundernes saldi ved månedens udgang; under nul er klip brugt uden dækning.",
        "Klip", "Måned", _month_labels(filters),
        (Series("Saldo", _per_month(filters, rows, lambda row: row["outstanding"])),))
    return rows, totals, [movements, saldo]


# (b) Time by class and multiplier per month

TIME_COLUMNS = (
    Column("month", "Måned", MONTH),
    Column("classification", "Klasse", LABEL, CLASS_LABELS),
    Column("entries", "Registreringer", COUNT),
    Column("minutes", "Minutter", COUNT),
    Column("hours", "Timer", HOURS),
    Column("blocks_1x", "Kvarterer 1×", COUNT),
    Column("blocks_2x", "Kvarterer 2×", COUNT),
    Column("blocks_3x", "Kvarterer 3×", COUNT),
    Column("clips", "Klip (beregnet)", COUNT),
)


def _time(filters: Filters, today: date):
    rows = [{"month": r.month.first_day, "classification": r.classification.value, "entries": r.entries,
             "minutes": r.minutes, "hours": hours(r.minutes), "blocks_1x": r.blocks_1x, "blocks_2x": r.blocks_2x,
             "blocks_3x": r.blocks_3x, "clips": r.clips}
            for r in queries.time_months(filters)]
    totals = _sums(rows, ("entries", "minutes", "blocks_1x", "blocks_2x", "blocks_3x", "clips"))
    totals["hours"] = hours(totals["minutes"])
    by_class = BarChart(
        "time-classes", "Timer pr. måned fordelt på klasse",
        "Stablede søjler: fakturerbar, dækket af aftale og gratis tid i hver måned, i timer.",
        "Timer", "Måned", _month_labels(filters),
        tuple(Series(CLASS_LABELS[c], _per_month(filters, rows, lambda row, c=c: hours(
            row["minutes"] if row["classification"] == c.value else 0))) for c in queries.CLASSES),
        stacked=True, decimals=1)
    by_multiplier = BarChart(
        "time-multipliers", "Kvarterer pr. måned fordelt på takst",
        "Stablede søjler: påbegyndte kvarterer til takst 1×, 2× og 3× i hver måned, alle klasser.",
        "Kvarterer", "Måned", _month_labels(filters),
        tuple(Series(f"Takst {m}×", _per_month(filters, rows, lambda row, m=m: row[f"blocks_{m}x"]))
              for m in MULTIPLIERS), stacked=True)
    return rows, totals, [by_class, by_multiplier]


# (c) Time per technician

TECHNICIAN_COLUMNS = (
    Column("technician_id", "Tekniker-id", ID, on_page=False),
    Column("technician", "Tekniker", TEXT),
    Column("entries", "Registreringer", COUNT),
    Column("billable_hours", "Fakturerbare timer", HOURS),
    Column("covered_hours", "Timer dækket af aftale", HOURS),
    Column("free_hours", "Gratis timer", HOURS),
    Column("hours", "Timer i alt", HOURS),
    Column("minutes", "Minutter i alt", COUNT),
    Column("billable_clips", "Fakturerbare klip", COUNT),
)


def _technicians(filters: Filters, today: date):
    found = queries.technician_time(filters)
    rows = [{"technician_id": r.technician_id, "technician": r.technician, "entries": r.entries,
             **{f"{c.value}_hours": hours(r.minutes[c]) for c in queries.CLASSES},
             "hours": hours(r.total_minutes), "minutes": r.total_minutes, "billable_clips": r.billable_clips}
            for r in found]
    totals = _sums(rows, ("entries", "minutes", "billable_clips"))
    totals |= {f"{c.value}_hours": hours(sum(r.minutes[c] for r in found)) for c in queries.CLASSES}
    totals["hours"] = hours(totals["minutes"])
    chart = BarChart(
        "technician-time", "Timer pr. tekniker fordelt på klasse",
        "Vandrette stablede søjler: hver teknikers fakturerbare, dækkede og gratis timer i perioden.",
        "Timer", "Tekniker", tuple(row["technician"] for row in rows),
        tuple(Series(CLASS_LABELS[c], tuple(hours(r.minutes[c]) for r in found)) for c in queries.CLASSES),
        stacked=True, horizontal=True, decimals=1)
    return rows, totals, [chart]


# (d) Cards expiring

EXPIRING_COLUMNS = (
    Column("card_id", "Kort", ID),
    Column("customer_id", "Kunde-id", ID, on_page=False),
    Column("customer", "Kunde", TEXT),
    Column("invoice_date", "Fakturadato", DAY),
    Column("expires_on", "Udløber", DAY),
    Column("days_left", "Dage tilbage", COUNT),
    Column("clips", "Klip købt", COUNT),
    Column("remaining", "Klip der udløber", COUNT),
)


def _expiring(filters: Filters, today: date):
    rows = [{"card_id": r.card_id, "customer_id": r.customer_id, "customer": r.customer,
             "invoice_date": r.invoice_date, "expires_on": r.expires_on, "days_left": (r.expires_on - today).days,
             "clips": r.clips, "remaining": r.remaining}
            for r in queries.expiring_cards(filters)]
    chart = BarChart(
        "expiring-cards", "Klip der udløber pr. kort",
        "Vandrette søjler: for hvert kort antal klip, der udløber, med kunde, kortnummer og udløbsdato.",
        "Klip", "Kort", tuple(f"{r['customer']} · kort {r['card_id']} · {danish_date(r['expires_on'])}"
                              for r in rows),
        (Series("Klip der udløber", tuple(r["remaining"] for r in rows)),), horizontal=True)
    return rows, _sums(rows, ("clips", "remaining")), [chart]


# (e) Negative saldi

NEGATIVE_COLUMNS = (
    Column("customer_id", "Kunde-id", ID, on_page=False),
    Column("customer", "Kunde", TEXT),
    Column("saldo", "Saldo (klip)", COUNT),
    Column("unfunded", "Ikke-dækkede klip", COUNT),
)


def _negative(filters: Filters, today: date):
    rows = [{"customer_id": r.customer_id, "customer": r.customer, "saldo": r.saldo, "unfunded": r.unfunded}
            for r in queries.negative_saldi(filters)]
    chart = BarChart(
        "negative-saldi", "Negative saldi pr. kunde",
        "Vandrette søjler mod venstre: hver kunde med negativ saldo og hvor mange klip under nul.",
        "Klip", "Kunde", tuple(r["customer"] for r in rows), (Series("Saldo", tuple(r["saldo"] for r in rows)),),
        horizontal=True)
    return rows, _sums(rows, ("saldo", "unfunded")), [chart]


# (f) Revenue by line kind

REVENUE_COLUMNS = (
    Column("month", "Måned", MONTH),
    Column("kind", "Linjetype", LABEL, {kind.value: text for kind, text in LINE_KIND_LABELS.items()}),
    Column("invoiced", "Faktureret ekskl. moms", MONEY),
    Column("credited", "Krediteret ekskl. moms", MONEY),
    Column("net", "Omsætning ekskl. moms", MONEY),
)


def _revenue(filters: Filters, today: date):
    rows = [{"month": r.month.first_day, "kind": r.kind.value, "invoiced": r.invoiced, "credited": r.credited,
             "net": r.net} for r in queries.revenue_months(filters)]
    kinds = [kind for kind in LineKind if any(row["kind"] == kind.value for row in rows)]
    chart = BarChart(
        "revenue", "Omsætning pr. måned fordelt på linjetype",
        "Stablede søjler: fakturaernes linjer fratrukket kreditnotaer, i kr. ekskl. moms, efter udstedelsesmåned.",
        "kr. ekskl. moms", "Måned", _month_labels(filters),
        tuple(Series(LINE_KIND_LABELS[kind], _per_month(
            filters, rows, lambda row, kind=kind: row["net"] if row["kind"] == kind.value else Decimal(0)))
            for kind in kinds), stacked=True)
    return rows, _sums(rows, ("invoiced", "credited", "net")), [chart]


# (g) Receivables by age and dunning stage

RECEIVABLE_COLUMNS = (
    Column("age", "Dage efter forfald", LABEL, AGE_LABELS),
    Column("invoices", "Fakturaer", COUNT),
    *(Column(stage, text, MONEY) for stage, text in STAGE_LABELS.items()),
    Column("outstanding", "Udestående i alt", MONEY),
)


def _receivables(filters: Filters, today: date):
    groups = queries.receivable_groups(filters)
    nothing = Decimal("0.00")
    rows = []
    for age in AGE_LABELS:
        mine = [group for group in groups if group.age == age]
        row = {"age": age, "invoices": sum(group.invoices for group in mine)}
        row |= {stage: sum((g.outstanding for g in mine if g.stage == stage), nothing) for stage in STAGE_LABELS}
        row["outstanding"] = sum((group.outstanding for group in mine), nothing)
        rows.append(row)
    chart = BarChart(
        "receivables", f"Udestående pr. {danish_date(filters.last)} efter alder og rykkertrin",
        "Stablede søjler: for hver aldersgruppe det udestående beløb inkl. moms fordelt på rykkertrin.",
        "kr. inkl. moms", "Dage efter forfald", tuple(AGE_LABELS.values()),
        tuple(Series(text, tuple(row[stage] for row in rows)) for stage, text in STAGE_LABELS.items()),
        stacked=True)
    return rows, _sums(rows, ("invoices", *STAGE_LABELS, "outstanding")), [chart]


# (h) Agreements by notice deadline

AGREEMENT_COLUMNS = (
    Column("agreement_id", "Aftale-id", ID, on_page=False),
    Column("customer_id", "Kunde-id", ID, on_page=False),
    Column("customer", "Kunde", TEXT),
    Column("agreement", "Aftale", TEXT),
    Column("product", "Produkt", LABEL, {product.value: label(product) for product in Product}),
    Column("terms", "Vilkår", LABEL, {terms.value: label(terms) for terms in TermsProfile}),
    Column("price_per_period", "Pris pr. periode", MONEY),
    Column("deadline", "Opsigelsesfrist", DAY),
    Column("days_left", "Dage til fristen", COUNT),
)


def _agreements(filters: Filters, today: date):
    rows = [{"agreement_id": r.agreement_id, "customer_id": r.customer_id, "customer": r.customer,
             "agreement": r.name, "product": r.product.value, "terms": r.terms_profile.value,
             "price_per_period": r.price_per_period, "deadline": r.deadline, "days_left": r.days_left}
            for r in queries.notice_deadlines(filters, today)]
    chart = BarChart(
        "notice-deadlines", "Dage til opsigelsesfristen pr. aftale",
        "Vandrette søjler: for hver aftale antal dage fra i dag til sidste dag, kunden kan opsige den.",
        "Dage", "Aftale", tuple(f"{r['customer']} · {r['agreement']}" for r in rows),
        (Series("Dage til fristen", tuple(r["days_left"] for r in rows)),), horizontal=True)
    return rows, _sums(rows, ("price_per_period",)), [chart]


REPORTS = {kind.name: kind for kind in (
    ReportKind("clips", "Klip pr. kunde og måned",
               "Klip solgt, forbrugt, udløbet og reguleret efter bogføringstidspunkt, og saldoen ved månedens "
               "udgang (klipregnskabets sum).", MONTHS, CLIP_COLUMNS, _clips),
    ReportKind("time", "Tid pr. klasse og takst",
               "Registreret tid efter startmåned (dansk tid): fakturerbar, dækket af aftale og gratis, og "
               "kvarterer til takst 1×, 2× og 3×. Slettede registreringer tæller ikke.", MONTHS, TIME_COLUMNS,
               _time),
    ReportKind("technicians", "Tid pr. tekniker",
               "Hver teknikers registrerede tid i perioden fordelt på klasse.", DAYS, TECHNICIAN_COLUMNS,
               _technicians),
    ReportKind("expiring-cards", "Klippekort der udløber",
               "Kort med klip tilbage, der udløber i perioden (som standard de næste 60 dage).", AHEAD,
               EXPIRING_COLUMNS, _expiring, days_ahead=60),
    ReportKind("negative-saldi", "Negative saldi",
               "Kunder med negativ saldo ved udgangen af dagen (klipregnskabets sum).", AS_OF, NEGATIVE_COLUMNS,
               _negative),
    ReportKind("revenue", "Omsætning pr. linjetype",
               "Fakturaernes linjer ekskl. moms efter udstedelsesmåned; kreditnotaer trækkes fra.", MONTHS,
               REVENUE_COLUMNS, _revenue),
    ReportKind("receivables", "Tilgodehavender efter alder og rykkertrin",
               "Udestående inkl. moms ved udgangen af dagen: fakturabeløb fratrukket betalinger og kreditnotaer "
               "til og med dagen. »Inkasso« er fakturaens status nu.", AS_OF, RECEIVABLE_COLUMNS, _receivables),
    ReportKind("agreements", "Aftaler efter opsigelsesfrist",
               "Løbende aftaler, hvis næste opsigelsesfrist (fra i dag) falder i perioden.", AHEAD,
               AGREEMENT_COLUMNS, _agreements, days_ahead=365),
)}
