"""Benchmarks: any council beside England, its region and its ten statistical neighbours."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability
from sightline.web.benchmarks import selectors
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
