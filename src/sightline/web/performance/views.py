"""Performance: the scorecard, an indicator's page, its target, and the children behind it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sightline import suppression
from sightline.indicators import registry
from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import aggregates_only, has_capability, requires
from sightline.web.accounts.roles import Capability
from sightline.web.common import export
from sightline.web.core import fragments
from sightline.web.core.charts import Series, line_chart, panels
from sightline.web.core.columns import cell, column_label
from sightline.web.performance import selectors, services
from sightline.web.performance.forms import TargetForm

PAGE_SIZE = 200
UNIT_SUFFIX = {"percent": "%", "days": " days", "rate_per_10k": " per 10,000"}


def _indicator_or_404(indicator_id: str):
    try:
        return registry.get(indicator_id)
    except KeyError:
        raise Http404("No such indicator") from None


SCORECARD_COLUMNS = [
    ("area", "Area"),
    ("indicator", "Indicator"),
    ("year", "Year to 31 March"),
    ("latest", "Latest"),
    ("unit", "Unit"),
    ("previous", "Year before"),
    ("target", "Target"),
    ("rag", "RAG"),
    ("england", "England"),
    ("neighbours", "Neighbours' median"),
    ("note", "Note"),
]


def scorecard_rows(card: selectors.Scorecard) -> list[dict]:
    """The scorecard as the page shows it: "c" where the page shows "c"."""
    from sightline.web.core.templatetags.sightline import family, unit_words

    return [
        {
            "area": family(row.indicator.family),
            "indicator": row.indicator.name,
            "year": row.latest_year,
            "latest": row.latest
            if row.latest is not None
            else (suppression.SUPPRESSED if row.note == suppression.NOTE else ""),
            "note": row.note,
            "unit": unit_words(row.indicator.unit),
            "previous": row.previous,
            "target": row.target,
            "rag": row.rag.capitalize(),
            "england": row.england,
            "neighbours": row.neighbours,
        }
        for row in card.rows
    ]


@requires(Capability.VIEW_AGGREGATES)
def scorecard(request: HttpRequest) -> HttpResponse:
    card = selectors.scorecard(suppress=aggregates_only(request.user))
    if fmt := export.requested(request):
        return export.download(request, "scorecard", SCORECARD_COLUMNS, scorecard_rows(card), fmt)
    # the tables are kept rendered under everything they show (selectors.shown), so a reader sees
    # another's rendering only when it would be the same, figure for figure
    tables = fragments.kept(
        ("scorecard_tables", selectors.shown(card)),
        lambda: mark_safe(
            render_to_string("performance/_scorecard_tables.html", {"card": card}).strip()
        ),
    )
    return render(request, "performance/scorecard.html", {"card": card, "tables": tables})


@requires(Capability.VIEW_AGGREGATES)
def indicator(
    request: HttpRequest, indicator_id: str, form: TargetForm | None = None
) -> HttpResponse:
    found = _indicator_or_404(indicator_id)
    breakdown = request.GET.get("breakdown") or None
    if breakdown and breakdown not in found.breakdowns:
        breakdown = None
    page = selectors.indicator_page(indicator_id, breakdown, aggregates_only(request.user))
    own = [Series("This council", [page.row.values.get(y) for y in page.years])]
    if page.row.target is not None:
        own.append(Series("Target", [page.row.target for _ in page.years]))
    others = []
    for key, label in (("england", "England"), ("neighbours", "Neighbours' median")):
        values = [page.published.get(y, {}).get(key) for y in page.years]
        if any(v is not None for v in values):
            others.append(Series(label, values))
    unit = UNIT_SUFFIX.get(found.unit, "")
    # Counts are not comparable between councils of different sizes: each on its own panel.
    same_scale = found.unit != "count"
    charts = panels(found.name, [str(y) for y in page.years], own, others, unit, same_scale)
    kind = request.GET.get("period", "")
    period_table = (
        selectors.periods(indicator_id, kind, page.row.latest_year, aggregates_only(request.user))
        if kind in selectors.PERIOD_KINDS and page.row.latest_year
        else selectors.PeriodTable([])
    )
    by_period = period_table.lines
    period_chart = (
        line_chart(
            f"{found.name}, {selectors.PERIOD_KINDS[kind].lower()}",
            [line.short for line in by_period],
            [Series("This council", [line.result.value for line in by_period])],
            unit,
            chart_id="period-chart",
        )
        if by_period
        else ""
    )
    if fmt := export.requested(request):
        return _indicator_export(request, page, by_period, fmt)
    context = {
        "page": page,
        "charts": charts,
        "period_kind": kind if by_period else "",
        "period_kinds": [
            (k, label) for k, label in selectors.PERIOD_KINDS.items() if k in found.period_kinds
        ],
        "by_period": by_period,
        "periods_withheld": period_table.withheld,
        # why a period is "not available" (the first such note: the others differ in dates)
        "period_not_computed": next(
            (line.result.note for line in by_period if line.result.not_computed), ""
        ),
        "periods_withheld_label": selectors.PERIOD_KINDS.get(kind, ""),
        "periods_withheld_reason": period_table.reason,
        "period_chart": period_chart,
        "unit_suffix": UNIT_SUFFIX.get(found.unit, ""),
        "suppressed_note": suppression.NOTE,
        "withheld_note": suppression.WITHHELD_NOTE,
        "withheld_reason": suppression.WITHHELD_REASON,
        "can_drill": has_capability(request.user, Capability.VIEW_CHILDREN),
        "can_set_target": has_capability(request.user, Capability.SET_TARGETS),
        "form": form or TargetForm(initial={"value": page.row.target}, unit=found.unit),
    }
    return render(request, "performance/indicator.html", context, status=400 if form else 200)


def _indicator_export(request, page, by_period, fmt: str) -> HttpResponse:
    """The indicator page's table in view: the breakdown, the periods, else the years."""
    name = page.indicator.id
    value = lambda r: (r.value if r.value is not None else r.note) if r else "no data"  # noqa: E731
    if page.breakdown:
        rows = [
            {"group": r.breakdown_value or "Not recorded", "value": value(r),
             "numerator": r.numerator, "denominator": r.denominator}
            for r in page.breakdown_rows
        ] or ([{"group": "", "value": suppression.WITHHELD_NOTE}]
              if page.breakdown_withheld else [])  # fmt: skip
        columns = [
            ("group", page.breakdown.replace("_", " ").capitalize()),
            ("value", "Value"),
            ("numerator", "Numerator"),
            ("denominator", "Denominator"),
        ]
        return export.download(request, f"{name}-by-{page.breakdown}", columns, rows, fmt)
    if by_period:
        rows = [{"period": line.label, "value": value(line.result)} for line in by_period]
        return export.download(
            request, f"{name}-{request.GET.get('period')}", [("period", "Period"), ("value", "Value")],
            rows, fmt,
        )  # fmt: skip
    rows = []
    for year in page.years:
        result = page.results.get(year)
        published = page.published.get(year, {})
        rows.append(
            {"year": year, "value": value(result),
             "numerator": result.numerator if result else None,
             "denominator": result.denominator if result else None,
             "england": published.get("england"), "neighbours": published.get("neighbours")}
        )  # fmt: skip
    columns = [("year", "Year to 31 March"), ("value", "Value"), ("numerator", "Numerator"),
               ("denominator", "Denominator"), ("england", "England"),
               ("neighbours", "Neighbours' median")]  # fmt: skip
    return export.download(request, name, columns, rows, fmt)


@require_POST
@requires(Capability.SET_TARGETS)
def target(request: HttpRequest, indicator_id: str) -> HttpResponse:
    found = _indicator_or_404(indicator_id)
    if request.POST.get("clear"):
        services.target_clear(indicator_id)
        messages.success(request, f"Target for {found.name} removed")
        return redirect("performance:indicator", indicator_id=indicator_id)
    form = TargetForm(request.POST, unit=found.unit)
    if not form.is_valid():
        return indicator(request, indicator_id, form=form)
    services.target_set(
        indicator_id, form.cleaned_data["value"], request.user, form.cleaned_data["note"]
    )
    messages.success(request, f"Target for {found.name} set to {form.cleaned_data['value']:g}")
    return redirect("performance:indicator", indicator_id=indicator_id)


@requires(Capability.VIEW_CHILDREN)
def children(request: HttpRequest, indicator_id: str) -> HttpResponse:
    found = _indicator_or_404(indicator_id)
    years = selectors.trend_years()  # not the whole scorecard: only its years are needed
    try:
        year = int(request.GET.get("year") or (years[-1] if years else 0))
    except ValueError:
        year = years[-1] if years else 0
    if year not in years:
        raise Http404("No data for that year")
    numerator = request.GET.get("only") == "numerator"
    behind = selectors.children_behind(request.user, found.id, year, numerator)
    if fmt := export.requested(request):
        log_list_view(
            request,
            f"children behind {found.name}, {year} (download)",
            [r.get("person_id") for r in behind.rows],
            snapshot_ids=behind.snapshot_ids,
            kind=AccessEntry.Kind.DOWNLOAD,
        )
        columns = [(c, column_label(c)) for c in behind.columns]
        rows = [{c: cell(c, r.get(c)) for c in behind.columns} for r in behind.rows]
        return export.download(request, f"children-behind-{found.id}-{year}", columns, rows, fmt)
    page = Paginator(behind.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_view(
        request,
        f"children behind {found.name}, {year}",
        [r.get("person_id") for r in page],
        snapshot_ids=behind.snapshot_ids,
    )
    context = {"behind": behind, "page": page, "only_numerator": numerator}
    # the table is kept rendered under what it shows: the columns and this page's rows (those this
    # reader may see); the access log above has its record for every child shown either way
    shown = (tuple(behind.columns), tuple(tuple(sorted(r.items())) for r in page))
    context["table"] = fragments.kept(
        ("children_behind", shown),
        lambda: mark_safe(render_to_string("performance/_children_rows.html", context).strip()),
    )
    return render(request, "performance/children.html", context)
