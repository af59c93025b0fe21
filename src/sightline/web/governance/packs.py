"""Building a board pack: the latest snapshots and the plan, frozen into plain data for one meeting.

Content (stored as JSON on BoardPack):
  title, body, meeting, generated_on, council, snapshot_ids, aggregate_only,
  indicators: trend by year, latest, target, RAG, England and statistical neighbours,
  themes: plan progress by theme and lead, overdue actions, open recommendations,
  open_challenges: challenges put at the body's earlier meetings and not yet answered,
  children: (packs for bodies without elected members only) the children behind each red measure,
  audits: (QA boards) % good or better and paperwork against reality by team.
"""

from __future__ import annotations

from sightline import suppression, timeline
from sightline.indicators.model import Period
from sightline.web.core import engine
from sightline.web.governance.models import Meeting

MAX_INDICATORS = 12
MAX_CHILDREN_PER_MEASURE = 25


DERIVED_NOTE = (
    "\u2020 England and neighbours: rates derived from published counts and the ONS population "
    "aged 0-17, not published by DfE as rates."
)


def build(meeting: Meeting, aggregate_only: bool) -> dict:
    from sightline.web.improvement import selectors as improvement
    from sightline.web.performance import selectors as performance

    card = performance.scorecard(suppress=aggregate_only)
    # Which figures rest on too few children, kept in every pack (officers' too) so that the pack
    # can be rendered for an aggregate-only reader whoever it was made for (`for_reader`).
    hidden = {r.indicator.id: r.suppressed for r in performance.scorecard(suppress=True).rows}
    plan = improvement.plan()
    today = engine.today()
    measured = {m.measure.indicator_id: m for t in plan.themes for m in t.measures}
    # The plan's measures and the targeted indicators first, then rates and percentages that have
    # a neighbours' comparison, up to MAX_INDICATORS.
    rows = [r for r in card.rows if r.indicator.id in measured or r.target is not None]
    chosen = {r.indicator.id for r in rows}
    rows += [
        r
        for r in card.rows
        if r.indicator.id not in chosen
        and r.indicator.unit != "count"  # counts do not compare with England's or neighbours'
        and (r.latest is not None or r.latest_year in r.suppressed)
        and r.neighbours is not None
    ][: max(0, MAX_INDICATORS - len(rows))]
    content = {
        "title": f"{meeting.body.name}: board pack",
        "body": meeting.body.name,
        "meeting": meeting.date.date().isoformat(),
        "generated_on": today.isoformat(),
        "council": card.council or "",
        "snapshot_ids": list(card.snapshot_ids),
        "aggregate_only": aggregate_only,
        "framework": plan.framework.name if plan.framework else "",
        "years": card.years,
        "indicators": [
            _indicator(r, card.years, measured.get(r.indicator.id), hidden.get(r.indicator.id))
            for r in rows
        ],
        # aggregate-only packs: figures from 1 to 4 children are "c", and the pack says why
        "suppression_note": (
            suppression.NOTE if any(hidden.get(r.indicator.id) for r in rows) else ""
        ),
        # England's and the neighbours' rates per 10,000 are worked out from published counts
        # and the ONS population: the pack says so, as the scorecard does
        "derived_note": DERIVED_NOTE if any(r.benchmark_derived for r in rows) else "",
        "themes": [_theme(t) for t in plan.themes],
        "overdue": [
            {
                "title": a.action.title,
                "owner": a.action.owner_name,
                "due": a.action.due_date.isoformat(),
                "theme": a.action.priority.theme.title,
            }
            for a in plan.overdue
        ],
        "recommendations": [
            {
                "reference": r.reference,
                "source": r.get_source_display(),
                "source_title": r.source_title,
                "text": r.text,
                "actions": len(r.actions.all()),
            }
            for r in improvement.open_recommendations()
        ],
        "open_challenges": _open_challenges(meeting),
        "children": [] if aggregate_only else _children_behind_red_measures(plan),
        "audits": _audits(aggregate_only) if meeting.body.kind == "qa_board" else None,
    }
    return content


def _audits(aggregate_only: bool) -> dict:
    """For the QA board: "% good or better" and paperwork against reality (audits selectors);
    the children's IDs only in packs without elected members."""
    from sightline.web.audits import selectors as audits

    found = audits.programme(aggregate_only)
    gaps = audits.reality_view(None)
    return {
        "good_or_better": found["overall"].shown,
        "rounds": [{"title": r["round"].title, "share": r["share"].shown} for r in found["rounds"]],
        "teams": [
            {
                "team": g.team,
                "cases": g.cases,
                "compliant": round(g.compliant_pct),
                "good": round(g.good_pct),
                "gap": round(g.gap),
            }
            for g in gaps["teams"]
            if not (aggregate_only and suppression.is_small(g.cases))
        ],
        "compliant_but_poor": len(gaps["cases"]),
        "children": [] if aggregate_only else [c.child_id for c in gaps["cases"]],
    }


def _open_challenges(meeting: Meeting) -> list[dict]:
    """Challenges from the body's earlier meetings still awaiting an answer: the board sees them
    again until they are answered."""
    from sightline.web.governance.selectors import open_challenges

    return [
        {
            "raised_by": ch.raised_by,
            "directed_to": ch.directed_to,
            "question": ch.question,
            "meeting": ch.meeting.date.date().isoformat(),
        }
        for ch in open_challenges(meeting.body_id, before=meeting.date)
    ]


def _indicator(row, years: list[int], measure, hidden) -> dict:
    """A scorecard row; a plan measure's expectation (trajectory or target) when the council has
    set no scorecard target."""
    target, rag = row.target, row.rag
    if target is None and measure is not None:
        target, rag = measure.expected, measure.rag.colour
    return {
        "id": row.indicator.id,
        "name": row.indicator.name,
        "unit": row.indicator.unit,
        "values": [
            suppression.SUPPRESSED if y in row.suppressed else row.values.get(y) for y in years
        ],
        "latest": suppression.SUPPRESSED if row.latest_year in row.suppressed else row.latest,
        "latest_year": row.latest_year,
        "target": target,
        "rag": rag,
        "england": row.england,
        "neighbours": row.neighbours,
        "derived": row.benchmark_derived,
        "hidden_years": sorted(row.suppressed | (hidden or frozenset())),
        # why a figure is not shown as DfE's (history missing, an item not collected), and a
        # neighbours' median on fewer than ten
        "note": row.note if row.latest is None else "",
        "neighbours_note": row.neighbours_note,
    }


def _theme(view) -> dict:
    return {
        "title": view.theme.title,
        "lead": view.theme.lead_title
        + (f" ({view.theme.lead_name})" if view.theme.lead_name else ""),
        "rag": view.shown.colour,
        "rag_label": view.shown.label if view.shown.colour else "No actions yet",
        "overridden": view.overridden,
        "override_reason": view.theme.override_reason,
        "actions": len(view.actions),
        "complete": view.counts.get("complete", 0),
        "overdue": len(view.overdue),
    }


def _children_behind_red_measures(plan) -> list[dict]:
    """The children a red measure is missing for (for officers' boards only): those outside the
    numerator when higher is better, those in it when lower is better."""
    from sightline.indicators import runner

    found = []
    for theme in plan.themes:
        for m in theme.measures:
            if m.rag.colour != "red" or m.latest_year is None:
                continue
            data = engine.dataset(m.latest_year)
            if data is None:
                continue
            period = Period.year(m.latest_year)
            ids = {
                only: {
                    str(p)
                    for p in runner.children_behind(data, m.measure.indicator_id, period, only)
                    .column("person_id")
                    .to_pylist()
                    if p
                }
                for only in (False, True)
            }
            missed = ids[False] - ids[True] if m.polarity == "higher_is_better" else ids[True]
            ordered = sorted(missed)
            teams = timeline.allocated_teams(data)
            # Every child is kept with their team: the pack shows each reader the first
            # MAX_CHILDREN_PER_MEASURE of those they may see (`for_reader`).
            found.append(
                {
                    "indicator": m.name,
                    "year": m.latest_year,
                    "child_ids": ordered,
                    "teams": {c: teams.get(c) for c in ordered},
                    "more": 0,
                }
            )
    return found


def for_reader(content: dict, aggregate_only: bool, permitted) -> dict:
    """The pack as this reader may see it, whoever it was made for.

    An aggregate-only reader gets "c" (with its reason) for every figure resting on too few
    children and no children at all; a child-level reader gets the children `permitted` (the
    decision, accounts.permissions.permitted_children, bound to the reader) allows, at most
    MAX_CHILDREN_PER_MEASURE a measure. A pack made before hidden figures were recorded shows an
    aggregate-only reader no figure of its own council (it cannot tell which were small)."""
    shown = dict(content)
    if aggregate_only and not content.get("aggregate_only"):
        indicators = []
        for i in content.get("indicators", []):
            years = content.get("years", [])
            hidden = set(i["hidden_years"]) if "hidden_years" in i else set(years)
            values = [
                suppression.SUPPRESSED if y in hidden else v
                for y, v in zip(years, i["values"], strict=False)
            ]
            latest = suppression.SUPPRESSED if i.get("latest_year") in hidden else i["latest"]
            indicators.append({**i, "values": values, "latest": latest})
        shown["indicators"] = indicators
        if any(i.get("hidden_years", True) for i in content.get("indicators", [])):
            shown["suppression_note"] = suppression.NOTE
    groups = []
    for group in [] if aggregate_only else content.get("children", []):
        teams = group.get("teams") or {}
        allowed = permitted({c: teams.get(c) for c in group["child_ids"]})
        ids = [c for c in group["child_ids"] if c in allowed]
        hidden_elsewhere = len(group["child_ids"]) - len(ids) + group.get("more", 0)
        groups.append(
            {
                **group,
                "child_ids": ids[:MAX_CHILDREN_PER_MEASURE],
                "more": max(0, len(ids) - MAX_CHILDREN_PER_MEASURE),
                "not_yours": hidden_elsewhere,
            }
        )
    shown["children"] = groups
    if aggregate_only:
        shown["aggregate_only"] = True  # "Aggregate figures only", as the reader sees it
    return shown
