"""The home page's work panel: my team's overdue and due-this-week work (team managers), the
council's (everyone else who sees children), or the counts alone (aggregate-only readers)."""

from __future__ import annotations

from django.http import HttpRequest

from sightline import suppression
from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import aggregates_only, child_teams_filter, has_capability
from sightline.web.accounts.roles import Capability
from sightline.web.compliance import selectors
from sightline.web.core import fragments, home

FIRST_ITEMS = 10  # the most overdue items listed on the home page; the work list has the rest


@home.panel(order=10)
def work_due(request: HttpRequest) -> home.Panel | None:
    if not has_capability(request.user, Capability.VIEW_AGGREGATES):
        return None
    due = selectors.due_data()
    if due is None:
        return None
    teams = child_teams_filter(request.user)
    can_see_children = has_capability(request.user, Capability.VIEW_CHILDREN)
    suppress = aggregates_only(request.user)
    # Aggregate-only readers see every team's counts (rows are all the council's), suppressed
    # exactly as on the compliance summary.
    rows, key = (
        selectors.visible(request.user, due) if can_see_children else (due.rows, due.key or None)
    )

    def counted() -> tuple[list[dict], dict, list[dict], int]:
        by_team, _, totals = selectors.aggregate_counts(rows, suppress)
        urgent = [r for r in rows if r["status"] in ("overdue", "due_this_week")]
        urgent.sort(key=lambda r: (r["status"] != "overdue", -(r.get("days_overdue") or 0)))
        return by_team, totals, urgent[:FIRST_ITEMS], len(urgent)

    # counted once per due list, reader's scope and suppression, and audit actions (the key), not
    # on every visit to the home page
    by_team, totals, most_urgent, urgent_count = (
        fragments.kept(("home_work_due", key, can_see_children, suppress), counted)
        if key is not None
        else counted()
    )
    first = [{**r, "event_label": selectors.event_label(r["event"])} for r in most_urgent]
    if can_see_children and first:
        log_list_view(
            request, "home: work due", [r["child_id"] for r in first], snapshot_ids=due.snapshot_ids
        )
    else:
        first = []
    title = "My teams' work due" if teams else "Work due"
    return home.Panel(
        title,
        "compliance/_home.html",
        {
            "due": due,
            "teams": sorted(teams) if teams else [],
            "totals": totals,
            "by_team": by_team,
            "first": first,
            "more": max(0, urgent_count - len(first)),
            "can_see_children": can_see_children,
            # as on the compliance summary: a "c" is never shown without its reason
            "suppression_note": f"{suppression.SUPPRESSED}: {suppression.REASON}"
            if suppress
            else "",
        },
    )


@home.digest_section(order=10)
def work_due_digest(user, base_url: str) -> list[str]:
    """Counts only: the work list behind the link names the children, and logs who saw them."""
    if not has_capability(user, Capability.VIEW_CHILDREN):
        return []
    due = selectors.due_data()
    if due is None:
        return []
    rows = selectors.visible_rows(user, due)
    overdue = sum(1 for r in rows if r["status"] == "overdue")
    this_week = sum(1 for r in rows if r["status"] == "due_this_week")
    if not overdue and not this_week:
        return []
    teams = child_teams_filter(user)
    whose = f"for {', '.join(sorted(teams))}" if teams else "across the council"
    return [
        f"Work due {whose}, as at {due.today.day} {due.today:%B %Y}:",
        f"  {overdue} overdue, {this_week} due this week.",
        f"  See the list: {base_url}/compliance/work/?status=overdue",
    ]
