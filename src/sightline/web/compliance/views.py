"""Compliance: overdue and due-soon work, counted by team, worker and event, listed by child."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sightline import suppression
from sightline.compliance.due import STATUSES
from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import aggregates_only, has_capability, requires
from sightline.web.accounts.roles import Capability
from sightline.web.common import export
from sightline.web.compliance import selectors
from sightline.web.core import fragments

PAGE_SIZE = 100
WORK_COLUMNS = [
    ("child_id", "Child"),
    ("event", "Event"),
    ("due_date", "Due"),
    ("status", "Status"),
    ("days_overdue", "Days overdue"),
    ("team", "Team"),
    ("worker", "Worker"),
    ("basis", "Why"),
]


# A council's teams up to this many are shown open; more are collapsed under their count (the
# workers' table always is: it grows with the council, hundreds of rows in a large one).
TEAM_ROWS_OPEN = 12


@requires(Capability.VIEW_AGGREGATES)
def summary(request: HttpRequest) -> HttpResponse:
    due = selectors.due_data()
    can_see_children = has_capability(request.user, Capability.VIEW_CHILDREN)
    context: dict[str, Any] = {
        "due": due,
        "can_see_children": can_see_children,
        "labels": selectors.STATUS_LABELS,
        "team_rows_open": TEAM_ROWS_OPEN,
    }
    if due is not None:
        suppress = aggregates_only(request.user)
        by_team, by_event, _ = selectors.aggregate_counts(due.rows, suppress)
        context |= {
            "by_team": by_team,
            "by_event": [
                {**line, "label": selectors.event_label(line["name"])} for line in by_event
            ],
            # Workers are named by ID: shown to the roles that see case-level work.
            "by_worker": selectors.counts(due.rows, "worker") if can_see_children else [],
        }
        if suppress:  # counts of 1 to 5 children, and any that would give one away, are "c"
            context["suppression_note"] = f"{suppression.SUPPRESSED}: {suppression.REASON}"
        if fmt := export.requested(request):
            rows = [
                {"by": by, "name": line.get("label") or line["name"], **line}
                for by, table in (
                    ("Team", "by_team"),
                    ("Event", "by_event"),
                    ("Worker", "by_worker"),
                )
                for line in context[table]
            ]
            columns = [("by", "Counted by"), ("name", "Name"),
                       *((s, selectors.STATUS_LABELS[s]) for s in STATUSES)]  # fmt: skip
            return export.download(request, f"compliance-{due.today:%Y-%m-%d}", columns, rows, fmt)
    return render(request, "compliance/summary.html", context)


@requires(Capability.VIEW_CHILDREN)
def work_list(request: HttpRequest) -> HttpResponse:
    due = selectors.due_data()
    params = {k: request.GET.get(k, "").strip() for k in ("status", "team", "worker", "event")}
    rows, key = selectors.visible(request.user, due) if due else ([], None)

    def listed() -> tuple[dict[str, list[str]], list[dict]]:
        choices = {
            "team": sorted({r.get("team") or "" for r in rows} - {""}),
            "worker": sorted({r.get("worker") or "" for r in rows} - {""}),
            "event": sorted({r["event"] for r in rows}),
        }
        return choices, selectors.filter_rows(rows, **params)

    # the choices and the rows chosen are kept under what they are worked out from (the rows this
    # reader may see, and the filters), as the rendered rows below are
    choices, chosen = (
        fragments.kept(("work_list_chosen", key, tuple(params.items())), listed)
        if key is not None
        else listed()
    )
    if due and (fmt := export.requested(request)):
        log_list_view(
            request,
            "compliance work list (download)",
            [r["child_id"] for r in chosen],
            snapshot_ids=due.snapshot_ids,
            kind=AccessEntry.Kind.DOWNLOAD,
        )
        lines = [
            {**r, "event": selectors.event_label(r["event"]),
             "status": selectors.STATUS_LABELS.get(r["status"], r["status"])}
            for r in chosen
        ]  # fmt: skip
        return export.download(request, f"work-due-{due.today:%Y-%m-%d}", WORK_COLUMNS, lines, fmt)
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    label = selectors.event_labeller()
    for row in page:
        row["event_label"] = label(row["event"])
    log_list_view(
        request,
        "compliance work list",
        [r["child_id"] for r in page],
        snapshot_ids=due.snapshot_ids if due else (),
    )
    context = {
        "due": due,
        "page": page,
        "params": params,
        "choices": choices,
        "labels": selectors.STATUS_LABELS,
        "total": len(chosen),
    }
    # The filters and the rows are kept rendered under everything they show: the filters chosen,
    # the choices offered, the count, and this page's rows as plain values (the rows this reader
    # may see, so another reader shares the rendering only when it is the same). The access log
    # above has its record for every child shown, kept rendering or not.
    shown = (
        tuple(params.items()),
        tuple((name, tuple(values)) for name, values in choices.items()),
        len(chosen),
        tuple(tuple(sorted(row.items())) for row in page),
    )
    context["work"] = fragments.kept(
        ("work_list", shown),
        lambda: mark_safe(render_to_string("compliance/_work_list.html", context).strip()),
    )
    return render(request, "compliance/list.html", context)
