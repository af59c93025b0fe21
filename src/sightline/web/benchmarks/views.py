"""Benchmarks: any council beside England, its region and its ten statistical neighbours."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability
from sightline.web.benchmarks import selectors
from sightline.web.common import export
from sightline.web.core import engine
from sightline.web.core.charts import Series, line_chart


def _chosen_council(request: HttpRequest) -> str | None:
    asked = request.GET.get("council")
    known = {c.code for c in selectors.councils()}
    if asked and asked in known:
        return asked
    return selectors.benchmark_council(engine.council())


@requires(Capability.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    code = _chosen_council(request)
    lines = selectors.overview(code) if code else []
    if code and (fmt := export.requested(request)):
        rows = [
            {"indicator": line.name, "year": line.year,
             "council": getattr(line.council, "text", ""), "england": getattr(line.england, "text", ""),
             "region": getattr(line.region, "text", ""), "median": line.median,
             "derived": "Derived from counts and population" if line.derived else "Published"}
            for line in lines
        ]  # fmt: skip
        columns = [("indicator", "Indicator"), ("year", "Year"), ("council", "Council"),
                   ("england", "England"), ("region", "Region"), ("median", "Neighbours' median"),
                   ("derived", "Source")]  # fmt: skip
        return export.download(request, f"benchmarks-{code}", columns, rows, fmt)
    context = {
        "councils": selectors.councils(),
        "chosen": code,
        "lines": lines,
        "derived_lines": any(line.derived for line in lines),
        "unknown": bool(request.GET.get("council")) and request.GET.get("council") != code,
    }
    return render(request, "benchmarks/index.html", context)


@requires(Capability.VIEW_AGGREGATES)
def indicator(request: HttpRequest, indicator_id: str) -> HttpResponse:
    code = _chosen_council(request)
    found = selectors.comparison(code, indicator_id) if code else None
    if found is None:
        raise Http404("No published figures for that indicator and council")
    years = [str(y.year) for y in found.years]
    if fmt := export.requested(request):
        rows = [
            {"year": y.year, "council": y.council.text, "england": y.england.text,
             "region": y.region.text, "median": y.median, "minimum": y.minimum,
             "maximum": y.maximum}
            for y in found.years
        ]  # fmt: skip
        columns = [("year", "Year"), ("council", found.council.name), ("england", "England"),
                   ("region", found.region or "Region"), ("median", "Neighbours' median"),
                   ("minimum", "Neighbours' lowest"), ("maximum", "Neighbours' highest")]  # fmt: skip
        return export.download(request, f"benchmark-{indicator_id}-{code}", columns, rows, fmt)
    chart = line_chart(
        f"{found.name}: {found.council.name} beside England, {found.region} and neighbours",
        years,
        [
            Series(found.council.name, [y.council.value for y in found.years]),
            Series("England", [y.england.value for y in found.years]),
            Series(found.region or "Region", [y.region.value for y in found.years]),
            Series("Neighbours' median", [y.median for y in found.years]),
        ],
    )
    return render(
        request,
        "benchmarks/indicator.html",
        {"comparison": found, "chart": chart, "councils": selectors.councils(), "chosen": code},
    )
