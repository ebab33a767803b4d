"""/fairness/: fairness monitoring for the head of PSD (404 for everyone else). Every page that
shows figures or the people behind them is a consultation of special category data, logged with
the purpose "Fairness monitoring"; the CSV is logged as an export. Thin: the filters here, the
figures in conduct.fairness.selectors, the chart geometry in conduct.fairness.charts."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from casework import csv_export, door
from casework import figures as section_figures
from casework.models import ObjectKind, PersonType
from casework.views.filters import ListFilters
from conduct.fairness import charts, rates, selectors
from conduct.permissions import can_view_fairness

PAGE_SIZE = 25


def _log(request, label, kind=ObjectKind.SPECIAL_CATEGORY):
    door.log_listing(request, label, purpose=selectors.PURPOSE, kind=kind)  # figures over many people


def _read_filters(request, *extra):
    """(ListFilters, Filters or None when a value is wrong). No period: the last financial year."""
    if not can_view_fairness(request.user):
        raise Http404
    read = ListFilters(request.GET, keep=extra)
    start, end = read.date_range("from", "to", ("Period from", "Period to"))
    matter = read.choice("matter", selectors.MATTERS, "a type of matter")
    person_type = read.choice("person_type", PersonType.values, "a type of person")
    if start is None and end is None and not (read.errors.get("from") or read.errors.get("to")):
        start, end = selectors.financial_year_before(timezone.localdate())
        read.values["from"], read.values["to"] = f"{start:%-d/%-m/%Y}", f"{end:%-d/%-m/%Y}"
    elif start is None and "from" not in read.errors:
        read.errors["from"] = "Enter the start of the period, for example 1/4/2025"
    elif end is None and "to" not in read.errors:
        read.errors["to"] = "Enter the end of the period, for example 31/3/2026"
    read.show("from", "Period from", "date", hint="For example, 1/4/2025", tag=False)
    read.show("to", "Period to", "date", hint="For example, 31/3/2026", tag=False)
    read.show("matter", "Type of matter", options=selectors.MATTERS.items())
    read.show("person_type", "Type of person", options=PersonType.choices)
    if not read.valid:
        return read, None
    return read, selectors.Filters(start, end, matter, person_type)


def _cell_url(filters, stage, breakdown, group, category=""):
    params = {**filters.query(), "stage": stage, "by": breakdown, "group": group}
    if category:
        params["category"] = category
    return f"{reverse('fairness-cases')}?{urlencode(params)}"


def _monitoring(user, filters):
    """The figures, cached per user and filters for at most a minute and recomputed after any change
    they count (casework.figures): each is a pass over a year of cases (docs/performance.md). The
    people behind a figure are always read live."""
    key = f"fairness:{filters.start}:{filters.end}:{filters.matter}:{filters.person_type}"
    return section_figures.cached(user, key, lambda: selectors.monitoring(user, filters))


@require_GET
def monitoring(request):
    read, filters = _read_filters(request)
    figures = None
    if filters is not None:
        figures = _monitoring(request.user, filters)
        for breakdown in figures.breakdowns:
            for row in breakdown.stages:
                for cell in row.cells:
                    cell.url = _cell_url(filters, row.stage.key, breakdown.key, cell.key)
                row.chart = charts.bars(row.cells)
        figures.category_rows = [
            (
                name,
                people,
                answer,
                hidden,
                rate,
                _cell_url(filters, "allegation", "", "", code),
                _cell_url(filters, "case_to_answer", "", "", code),
            )
            for name, code, people, answer, hidden, rate in figures.categories
        ]
        _log(request, f"Fairness monitoring: {filters.describe()}")
    return render(
        request,
        "conduct/fairness/monitoring.html",
        {
            "figures": figures,
            "csv_query": urlencode(filters.query()) if filters else "",
            "method_source": rates.METHOD_SOURCE,
            "suppression_source": rates.SUPPRESSION_SOURCE,
            "chart": charts.GEOMETRY,
            **read.panel(None, ("", "")),
        },
    )


@require_GET
def monitoring_csv(request):
    read, filters = _read_filters(request)
    if filters is None:
        raise Http404  # the page says what is wrong; a download has nowhere to say it
    figures = _monitoring(request.user, filters)
    _log(request, f"Fairness monitoring CSV: {filters.describe()}", kind=ObjectKind.EXPORT)
    name = f"fairness-{filters.start:%Y-%m-%d}-to-{filters.end:%Y-%m-%d}.csv"
    return csv_export.whole(name, _csv_rows(figures))


def _number(value, places=3):
    return "" if value is None else round(value, places)


def _csv_rows(figures):
    filters = figures.filters
    yield ["Fairness monitoring", filters.describe()]
    yield ["Counts of 1 to", figures.threshold - 1, "are shown as", f"fewer than {figures.threshold}"]
    yield ["Method", rates.METHOD_SOURCE]
    for breakdown in figures.breakdowns:
        yield []
        yield [breakdown.title, f"reference group: {breakdown.reference_label}"]
        yield ["Stage", "Group", "People", "Workforce", "Rate per 1,000", "Relative rate", "95% CI low", "95% CI high"]
        for row in breakdown.stages:
            for cell in row.cells:
                shown = f"fewer than {figures.threshold}" if cell.hidden else cell.count
                rr = cell.relative
                yield [
                    row.stage.label,
                    cell.label,
                    shown,
                    cell.baseline if not rates.is_small(cell.baseline) else f"fewer than {figures.threshold}",
                    _number(cell.per_thousand, 1),
                    _number(rr and rr.ratio, 2),
                    _number(rr and rr.low, 2),
                    _number(rr and rr.high, 2),
                ]
    yield []
    yield ["Case to answer by allegation category", "People", "Case to answer", "Rate"]
    for name, _code, people, answer, hidden, rate in figures.categories:
        small = f"fewer than {figures.threshold}"
        yield [
            name,
            small if rates.is_small(people) else people,
            small if rates.is_small(answer) else answer,
            "" if hidden else _number(rate),
        ]


@require_GET
def cases_behind(request):
    """The case subjects behind one number of the page (the same conditions as its count)."""
    read, filters = _read_filters(request, "stage", "by", "group", "category")
    stage = read.choice("stage", selectors.STAGE_KEYS, "a stage")
    breakdown = read.choice("by", selectors.BREAKDOWNS, "a breakdown")
    groups = {k for _b, (_t, gs) in selectors.BREAKDOWNS.items() for k, _l, _v in gs} | {"not_recorded"}
    group = read.choice("group", groups, "a group") if breakdown else ""
    category = read.text("category", 60)
    if not stage and "stage" not in read.errors:
        read.errors["stage"] = "Select a stage from the list"
    if breakdown and not group and "group" not in read.errors:
        read.errors["group"] = "Select a group from the list"
    page = counted = None
    if filters is not None and read.valid:
        subjects = selectors.behind(request.user, filters, stage, breakdown, group, category)
        counted = subjects.aggregate(people=Count("person_id", distinct=True), cases=Count("case_id", distinct=True))
        page = Paginator(subjects, PAGE_SIZE).get_page(request.GET.get("page"))
        _log(request, f"Fairness monitoring, people behind a figure: {stage} {breakdown} {group} {category}".strip())
    labels = {s.key: s for s in selectors.STAGES}
    group_label = ""
    if breakdown and group:
        group_label = {k: label for k, label, _v in selectors.BREAKDOWNS[breakdown][1]}.get(group, "Not recorded")
    back = f"{reverse('fairness')}?{urlencode(filters.query())}" if filters else reverse("fairness")
    context = {
        "page": page,
        "counted": counted,
        "stage": labels.get(stage),
        "group_label": group_label,
        "category": category,
        "filters_described": filters.describe() if filters else "",
        "back": back,
        **read.panel(page, ("case subject", "case subjects")),
    }
    # The panel shows the period and the type filters only; the figure's own keys are kept.
    return render(request, "conduct/fairness/cases.html", context)
