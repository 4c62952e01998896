"""The reports managers can run (SPEC §9): for each its columns, its period and how its table and charts are made.

One description of a report's columns serves the page, the CSV and Excel files and the API (whose OpenAPI
schemas are made from it too), so they always show the same figures.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from helpdesk.agreements.models import Product
from helpdesk.billing.models import LineKind
from helpdesk.billing.receivables import AGE_LABELS, STAGE_LABELS
from helpdesk.customers.models import TermsProfile
from helpdesk.formatting import danish_date, label, money, number, reader_locale, translated_label
from helpdesk.reports import queries
from helpdesk.reports.charts import BarChart, Series
from helpdesk.reports.periods import Filters, checked, month_label, require_calendar, twelve_months_before

# What a column holds, which decides how it is shown, exported and described in the API.
TEXT, LABEL, ID, COUNT, HOURS, MONEY, DAY, MONTH = "text", "label", "id", "count", "hours", "money", "day", "month"

LINE_KIND_LABELS = {
    LineKind.CLIP_CARD: _l("Klippekort"),
    LineKind.HOURLY: _l("Konsulentbistand pr. time"),
    LineKind.MILEAGE: _l("Kørsel"),
    LineKind.OUTLAY: _l("Udlæg"),
    LineKind.SUBSCRIPTION: _l("Abonnement"),
    LineKind.POSTAGE_FEE: _l("Fakturagebyr (post)"),
    LineKind.REMINDER_FEE: _l("Rykkergebyr"),
    LineKind.INTEREST: _l("Renter"),
    LineKind.COMPENSATION: _l("Kompensation"),
}
CLASS_LABELS = {c: _l(label(c)) for c in queries.CLASSES}
MULTIPLIERS = (1, 2, 3)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str
    labels: dict = field(default_factory=dict)
    on_page: bool = True  # ids are for the files and the API; the page shows the names

    def show(self, value, locale: Locale | str | None = None) -> str:
        """The value as a person reads it on the page and in the CSV file's text columns, in the reader's
        language and locale (pass the locale when showing many: a table of 100 rows asks for it 800 times)."""
        if value is None:
            return "—"
        shown = SHOWN.get(self.kind)
        return shown(self, value, locale or reader_locale()) if shown else str(value)

    @property
    def numeric(self) -> bool:
        return self.kind in (COUNT, HOURS, MONEY)


# How a column's value is shown, by its kind: (column, value, locale) -> text.
SHOWN = {
    LABEL: lambda column, value, locale: str(column.labels.get(value) or translated_label(value)),
    COUNT: lambda column, value, locale: number(value, 0, locale),
    HOURS: lambda column, value, locale: number(value, 2, locale),
    MONEY: lambda column, value, locale: money(value, locale),
    DAY: lambda column, value, locale: danish_date(value, locale),
    MONTH: lambda column, value, locale: month_label(value, locale),
}


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


class RowsOnDemand(Sequence):
    """A report's rows, each made into its dict only when read: a page shows 100 of a year's 10,000.

    Each read makes a new dict (change one and the change is gone), and it equals no list: read it as a sequence.
    """

    def __init__(self, items: list, as_row: Callable[[object], dict]):
        self._items = items
        self._as_row = as_row

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._as_row(item) for item in self._items[index]]
        return self._as_row(self._items[index])

    def __iter__(self):
        return map(self._as_row, self._items)


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    filters: Filters
    rows: Sequence[dict]
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
    Column("month", _l("Måned"), MONTH),
    Column("customer_id", _l("Kunde-id"), ID, on_page=False),
    Column("customer", _l("Kunde"), TEXT),
    Column("sold", _l("Solgt"), COUNT),
    Column("consumed", _l("Forbrugt"), COUNT),
    Column("expired", _l("Udløbet"), COUNT),
    Column("adjusted", _l("Reguleret"), COUNT),
    Column("outstanding", _l("Saldo ved månedens udgang"), COUNT),
)


CLIP_SUMS = ("sold", "consumed", "expired", "adjusted")


def _clip_row(row: tuple) -> dict:
    shown = dict(zip(queries.CLIP_FIELDS, row))
    shown["month"] = row[0].first_day
    return shown


def _clips(filters: Filters, today: date):
    months = queries.clip_months(filters)
    per_month = months.per_month
    totals = {key: sum(month[index] for month in per_month) for index, key in enumerate(CLIP_SUMS)}
    totals["outstanding"] = per_month[-1][4]

    def series(index: int) -> tuple[int, ...]:
        return tuple(month[index] for month in per_month)

    movements = BarChart(
        "clip-movements", gettext("Klip solgt, forbrugt og udløbet pr. måned"),
        gettext("Søjler side om side for hver måned: klip solgt, forbrugt (efter tilbageførsler) og udløbet."),
        gettext("Klip"), gettext("Måned"), _month_labels(filters),
        (Series(gettext("Solgt"), series(0)), Series(gettext("Forbrugt"), series(1)),
         Series(gettext("Udløbet"), series(2))))
    saldo = BarChart(
        "clip-saldo", gettext("Samlet saldo ved hver måneds udgang"),
        gettext("Summen af kundernes saldi ved månedens udgang; under nul er klip brugt uden dækning."),
        gettext("Klip"), gettext("Måned"), _month_labels(filters), (Series(gettext("Saldo"), series(4)),))
    return RowsOnDemand(months.rows, _clip_row), totals, [movements, saldo]


# (b) Time by class and multiplier per month

TIME_COLUMNS = (
    Column("month", _l("Måned"), MONTH),
    Column("classification", _l("Klasse"), LABEL, CLASS_LABELS),
    Column("entries", _l("Registreringer"), COUNT),
    Column("minutes", _l("Minutter"), COUNT),
    Column("hours", _l("Timer"), HOURS),
    Column("blocks_1x", _l("Kvarterer 1×"), COUNT),
    Column("blocks_2x", _l("Kvarterer 2×"), COUNT),
    Column("blocks_3x", _l("Kvarterer 3×"), COUNT),
    Column("clips", _l("Klip (beregnet)"), COUNT),
)


def _time(filters: Filters, today: date):
    rows = [{"month": r.month.first_day, "classification": r.classification.value, "entries": r.entries,
             "minutes": r.minutes, "hours": hours(r.minutes), "blocks_1x": r.blocks_1x, "blocks_2x": r.blocks_2x,
             "blocks_3x": r.blocks_3x, "clips": r.clips}
            for r in queries.time_months(filters)]
    totals = _sums(rows, ("entries", "minutes", "blocks_1x", "blocks_2x", "blocks_3x", "clips"))
    totals["hours"] = hours(totals["minutes"])
    by_class = BarChart(
        "time-classes", gettext("Timer pr. måned fordelt på klasse"),
        gettext("Stablede søjler: fakturerbar, dækket af aftale og gratis tid i hver måned, i timer."),
        gettext("Timer"), gettext("Måned"), _month_labels(filters),
        tuple(Series(CLASS_LABELS[c], _per_month(filters, rows, lambda row, c=c: hours(
            row["minutes"] if row["classification"] == c.value else 0))) for c in queries.CLASSES),
        stacked=True, decimals=1)
    by_multiplier = BarChart(
        "time-multipliers", gettext("Kvarterer pr. måned fordelt på takst"),
        gettext("Stablede søjler: påbegyndte kvarterer til takst 1×, 2× og 3× i hver måned, alle klasser."),
        gettext("Kvarterer"), gettext("Måned"), _month_labels(filters),
        tuple(Series(gettext("Takst %(multiplier)s×", multiplier=m),
                     _per_month(filters, rows, lambda row, m=m: row[f"blocks_{m}x"]))
              for m in MULTIPLIERS), stacked=True)
    return rows, totals, [by_class, by_multiplier]


# (c) Time per technician

TECHNICIAN_COLUMNS = (
    Column("technician_id", _l("Tekniker-id"), ID, on_page=False),
    Column("technician", _l("Tekniker"), TEXT),
    Column("entries", _l("Registreringer"), COUNT),
    Column("billable_hours", _l("Fakturerbare timer"), HOURS),
    Column("covered_hours", _l("Timer dækket af aftale"), HOURS),
    Column("free_hours", _l("Gratis timer"), HOURS),
    Column("hours", _l("Timer i alt"), HOURS),
    Column("minutes", _l("Minutter i alt"), COUNT),
    Column("billable_clips", _l("Fakturerbare klip"), COUNT),
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
        "technician-time", gettext("Timer pr. tekniker fordelt på klasse"),
        gettext("Vandrette stablede søjler: hver teknikers fakturerbare, dækkede og gratis timer i perioden."),
        gettext("Timer"), gettext("Tekniker"), tuple(row["technician"] for row in rows),
        tuple(Series(CLASS_LABELS[c], tuple(hours(r.minutes[c]) for r in found)) for c in queries.CLASSES),
        stacked=True, horizontal=True, decimals=1)
    return rows, totals, [chart]


# (d) Cards expiring

EXPIRING_COLUMNS = (
    Column("card_id", _l("Kort"), ID),
    Column("customer_id", _l("Kunde-id"), ID, on_page=False),
    Column("customer", _l("Kunde"), TEXT),
    Column("invoice_date", _l("Fakturadato"), DAY),
    Column("expires_on", _l("Udløber"), DAY),
    Column("days_left", _l("Dage tilbage"), COUNT),
    Column("clips", _l("Klip købt"), COUNT),
    Column("remaining", _l("Klip der udløber"), COUNT),
)


def _expiring(filters: Filters, today: date):
    rows = [{"card_id": r.card_id, "customer_id": r.customer_id, "customer": r.customer,
             "invoice_date": r.invoice_date, "expires_on": r.expires_on, "days_left": (r.expires_on - today).days,
             "clips": r.clips, "remaining": r.remaining}
            for r in queries.expiring_cards(filters)]
    chart = BarChart(
        "expiring-cards", gettext("Klip der udløber pr. kort"),
        gettext("Vandrette søjler: for hvert kort antal klip, der udløber, med kunde, kortnummer og udløbsdato."),
        gettext("Klip"), gettext("Kort"),
        tuple(gettext("%(customer)s · kort %(card)s · %(expires)s", customer=r["customer"], card=r["card_id"],
                      expires=danish_date(r["expires_on"], reader_locale())) for r in rows),
        (Series(gettext("Klip der udløber"), tuple(r["remaining"] for r in rows)),), horizontal=True)
    return rows, _sums(rows, ("clips", "remaining")), [chart]


# (e) Negative saldi

NEGATIVE_COLUMNS = (
    Column("customer_id", _l("Kunde-id"), ID, on_page=False),
    Column("customer", _l("Kunde"), TEXT),
    Column("saldo", _l("Saldo (klip)"), COUNT),
    Column("unfunded", _l("Ikke-dækkede klip"), COUNT),
)


def _negative(filters: Filters, today: date):
    rows = [{"customer_id": r.customer_id, "customer": r.customer, "saldo": r.saldo, "unfunded": r.unfunded}
            for r in queries.negative_saldi(filters)]
    chart = BarChart(
        "negative-saldi", gettext("Negative saldi pr. kunde"),
        gettext("Vandrette søjler mod venstre: hver kunde med negativ saldo og hvor mange klip under nul."),
        gettext("Klip"), gettext("Kunde"), tuple(r["customer"] for r in rows),
        (Series(gettext("Saldo"), tuple(r["saldo"] for r in rows)),), horizontal=True)
    return rows, _sums(rows, ("saldo", "unfunded")), [chart]


# (f) Revenue by line kind

REVENUE_COLUMNS = (
    Column("month", _l("Måned"), MONTH),
    Column("kind", _l("Linjetype"), LABEL, {kind.value: text for kind, text in LINE_KIND_LABELS.items()}),
    Column("invoiced", _l("Faktureret ekskl. moms"), MONEY),
    Column("credited", _l("Krediteret ekskl. moms"), MONEY),
    Column("net", _l("Omsætning ekskl. moms"), MONEY),
)


def _revenue(filters: Filters, today: date):
    rows = [{"month": r.month.first_day, "kind": r.kind.value, "invoiced": r.invoiced, "credited": r.credited,
             "net": r.net} for r in queries.revenue_months(filters)]
    kinds = [kind for kind in LineKind if any(row["kind"] == kind.value for row in rows)]
    chart = BarChart(
        "revenue", gettext("Omsætning pr. måned fordelt på linjetype"),
        gettext("Stablede søjler: fakturaernes linjer fratrukket kreditnotaer, i kr. ekskl. moms, efter "
                "udstedelsesmåned."),
        gettext("kr. ekskl. moms"), gettext("Måned"), _month_labels(filters),
        tuple(Series(LINE_KIND_LABELS[kind], _per_month(
            filters, rows, lambda row, kind=kind: row["net"] if row["kind"] == kind.value else Decimal(0)))
            for kind in kinds), stacked=True)
    return rows, _sums(rows, ("invoiced", "credited", "net")), [chart]


# (g) Receivables by age and dunning stage

RECEIVABLE_COLUMNS = (
    Column("age", _l("Dage efter forfald"), LABEL, AGE_LABELS),
    Column("invoices", _l("Fakturaer"), COUNT),
    *(Column(stage, text, MONEY) for stage, text in STAGE_LABELS.items()),
    Column("outstanding", _l("Udestående i alt"), MONEY),
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
        "receivables", gettext("Udestående pr. %(day)s efter alder og rykkertrin",
                             day=danish_date(filters.last, reader_locale())),
        gettext("Stablede søjler: for hver aldersgruppe det udestående beløb inkl. moms fordelt på rykkertrin."),
        gettext("kr. inkl. moms"), gettext("Dage efter forfald"), tuple(AGE_LABELS.values()),
        tuple(Series(text, tuple(row[stage] for row in rows)) for stage, text in STAGE_LABELS.items()),
        stacked=True)
    return rows, _sums(rows, ("invoices", *STAGE_LABELS, "outstanding")), [chart]


# (h) Agreements by notice deadline

AGREEMENT_COLUMNS = (
    Column("agreement_id", _l("Aftale-id"), ID, on_page=False),
    Column("customer_id", _l("Kunde-id"), ID, on_page=False),
    Column("customer", _l("Kunde"), TEXT),
    Column("agreement", _l("Aftale"), TEXT),
    Column("product", _l("Produkt"), LABEL, {product.value: _l(label(product)) for product in Product}),
    Column("terms", _l("Vilkår"), LABEL, {terms.value: _l(label(terms)) for terms in TermsProfile}),
    Column("price_per_period", _l("Pris pr. periode"), MONEY),
    Column("deadline", _l("Opsigelsesfrist"), DAY),
    Column("days_left", _l("Dage til fristen"), COUNT),
)


def _agreements(filters: Filters, today: date):
    rows = [{"agreement_id": r.agreement_id, "customer_id": r.customer_id, "customer": r.customer,
             "agreement": r.name, "product": r.product.value, "terms": r.terms_profile.value,
             "price_per_period": r.price_per_period, "deadline": r.deadline, "days_left": r.days_left}
            for r in queries.notice_deadlines(filters, today)]
    chart = BarChart(
        "notice-deadlines", gettext("Dage til opsigelsesfristen pr. aftale"),
        gettext("Vandrette søjler: for hver aftale antal dage fra i dag til sidste dag, kunden kan opsige den."),
        gettext("Dage"), gettext("Aftale"), tuple(f"{r['customer']} · {r['agreement']}" for r in rows),
        (Series(gettext("Dage til fristen"), tuple(r["days_left"] for r in rows)),), horizontal=True)
    return rows, _sums(rows, ("price_per_period",)), [chart]


REPORTS = {kind.name: kind for kind in (
    ReportKind("clips", _l("Klip pr. kunde og måned"),
               _l("Klip solgt, forbrugt, udløbet og reguleret efter bogføringstidspunkt, og saldoen ved månedens "
                  "udgang (klipregnskabets sum)."), MONTHS, CLIP_COLUMNS, _clips),
    ReportKind("time", _l("Tid pr. klasse og takst"),
               _l("Registreret tid efter startmåned (dansk tid): fakturerbar, dækket af aftale og gratis, og "
                  "kvarterer til takst 1×, 2× og 3×. Slettede registreringer tæller ikke."), MONTHS, TIME_COLUMNS,
               _time),
    ReportKind("technicians", _l("Tid pr. tekniker"),
               _l("Hver teknikers registrerede tid i perioden fordelt på klasse."), DAYS, TECHNICIAN_COLUMNS,
               _technicians),
    ReportKind("expiring-cards", _l("Klippekort der udløber"),
               _l("Kort med klip tilbage, der udløber i perioden (som standard de næste 60 dage)."), AHEAD,
               EXPIRING_COLUMNS, _expiring, days_ahead=60),
    ReportKind("negative-saldi", _l("Negative saldi"),
               _l("Kunder med negativ saldo ved udgangen af dagen (klipregnskabets sum)."), AS_OF, NEGATIVE_COLUMNS,
               _negative),
    ReportKind("revenue", _l("Omsætning pr. linjetype"),
               _l("Fakturaernes linjer ekskl. moms efter udstedelsesmåned; kreditnotaer trækkes fra."), MONTHS,
               REVENUE_COLUMNS, _revenue),
    ReportKind("receivables", _l("Tilgodehavender efter alder og rykkertrin"),
               _l("Udestående inkl. moms ved udgangen af dagen: fakturabeløb fratrukket betalinger og kreditnotaer "
                  "til og med dagen. »Inkasso« er fakturaens status nu."), AS_OF, RECEIVABLE_COLUMNS, _receivables),
    ReportKind("agreements", _l("Aftaler efter opsigelsesfrist"),
               _l("Løbende aftaler, hvis næste opsigelsesfrist (fra i dag) falder i perioden."), AHEAD,
               AGREEMENT_COLUMNS, _agreements, days_ahead=365),
)}
