"""Building a board pack: the latest snapshots and the plan, frozen into plain data for one meeting.

Content (stored as JSON on BoardPack):
  title, body, meeting, generated_on, council, snapshot_ids, aggregate_only,
  indicators: trend by year, latest, target, RAG, England and statistical neighbours,
  themes: plan progress by theme and lead, overdue actions, open recommendations,
  open_challenges: challenges put at the body's earlier meetings and not yet answered,
  children: (packs for bodies without elected members only) the children behind each red measure,
  audits: (QA boards) % good or better overall and by round (with its counts), paperwork against
  reality by team, the grades beside Ofsted's judgements, and (officers' packs) the children
  compliant on paper but graded below good, each with their team.

Each body gets its own indicators (BODY_INDICATORS: the corporate parenting panel children in care
and care leavers, the QA board the quality of practice, and so on); the improvement board the plan's
measures and targeted indicators. `layout` turns the stored content, as a reader may see it, into
the pack's cover, executive summary and tables in words: it adds nothing that is not stored, so an
old pack reads the same however often it is opened.
"""

from __future__ import annotations

from sightline import suppression, timeline
from sightline.indicators.model import Period
from sightline.web.common.measures import find as find_local
from sightline.web.core import charts, engine
from sightline.web.governance.models import Meeting

MAX_INDICATORS = 12
MAX_CHILDREN_PER_MEASURE = 25

GENERAL_SET = "The improvement plan's measures, the indicators with a target, then comparisons"
# Each body's own indicators (by body kind), in the order the pack shows them.
BODY_INDICATORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "corporate_parenting": (
        "Care leavers first, then children in care",
        (
            "care_leavers_suitable_17_18",
            "care_leavers_suitable_19_21",
            "care_leavers_eet_17_18",
            "care_leavers_eet_19_21",
            "stability_3plus",
            "stability_long_term",
            "sw_3plus",
            "missing_children",
            "health_assessments",
            "dental_checks",
            "immunisations",
            "cla_rate",
        ),
    ),
    "qa_board": (
        "The quality of practice: audits, timeliness and repeat work",
        (
            "audits_good_or_better",
            "assessments_45wd",
            "icpc_15wd",
            "cpp_reviewed",
            "rereferrals",
            "cpp_subsequent",
            "sw_3plus",
            "caseload",
        ),
    ),
    "partnership": (
        "Help, protection and care across the partnership",
        (
            "referrals_rate",
            "rereferrals",
            "referrals_nfa",
            "s47_rate",
            "cpp_rate",
            "cpp_subsequent",
            "cla_rate",
            "missing_children",
        ),
    ),
    "scrutiny": (
        "Headline figures for scrutiny",
        (
            "referrals_rate",
            "rereferrals",
            "assessments_45wd",
            "icpc_15wd",
            "cpp_subsequent",
            "cla_rate",
            "stability_3plus",
            "care_leavers_suitable_19_21",
            "vacancy_rate",
            "caseload",
        ),
    ),
}


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
    kind = meeting.body.kind
    if kind in BODY_INDICATORS:  # the body's own set, in its order
        by_id = {r.indicator.id: r for r in card.rows}
        rows = [by_id[i] for i in BODY_INDICATORS[kind][1] if i in by_id]
    else:
        # The plan's measures and the targeted indicators first, then rates and percentages that
        # have a neighbours' comparison, up to MAX_INDICATORS.
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
        "kind": kind,
        "indicator_set": BODY_INDICATORS[kind][0] if kind in BODY_INDICATORS else GENERAL_SET,
        "meeting": meeting.date.date().isoformat(),
        "meeting_at": meeting.date.isoformat(),
        "location": meeting.location,
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
    """For the QA board: "% good or better" with its counts, overall and by round; paperwork
    against reality by team; the grades beside Ofsted's judgements; the children compliant on
    paper but graded below good (with their teams) only in packs without elected members."""
    from sightline.web.audits import selectors as audits

    found = audits.programme(aggregate_only)
    gaps = audits.reality_view(None)
    beside = audits.beside_ofsted(aggregate_only=False)
    withheld = audits.beside_ofsted(aggregate_only=True)
    overall = found["overall"]
    return {
        "good_or_better": overall.shown,
        "overall": {"good": overall.good, "audits": overall.audits},
        "rounds": [
            {
                "title": r["round"].title,
                "share": r["share"].shown,
                "good": r["share"].good,
                "audits": r["share"].audits,
            }
            for r in found["rounds"]
        ],
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
        "child_teams": {} if aggregate_only else {c.child_id: c.team for c in gaps["cases"]},
        "ofsted_council": beside["council"],
        "ofsted_inspected": (
            beside["judgements"].inspected.isoformat()
            if beside["judgements"] and beside["judgements"].inspected
            else ""
        ),
        "ofsted": [
            {
                "title": a["title"],
                "judgement": a["judgement"],
                "counts": a["counts"] if not aggregate_only else b["counts"],
                "audits": a["audits"],
                "words": a["words"] if not aggregate_only else b["words"],
                "words_withheld": b["words"],
            }
            for a, b in zip(beside["areas"], withheld["areas"], strict=True)
        ],
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
        "decimals": row.indicator.decimals,
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
        "not_published": bool(row.indicator.not_published),  # DfE gives nothing to compare with
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
            if find_local(m.measure.indicator_id):  # audits: their children are in their section
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
    if content.get("audits"):
        shown["audits"] = _audits_for_reader(content["audits"], aggregate_only, permitted)
    if aggregate_only:
        shown["aggregate_only"] = True  # "Aggregate figures only", as the reader sees it
    return shown


def _audits_for_reader(found: dict, aggregate_only: bool, permitted) -> dict:
    """The audits section as this reader may see it: for an aggregate-only reader no child and
    "c" for a share or a count resting on 1 to 5 audits (a pack made before the counts were kept
    shows such a reader no share at all); for others only the children the decision allows."""
    shown = dict(found)
    if aggregate_only:

        def share(item: dict, text: str) -> str:
            if "audits" not in item:
                return suppression.SUPPRESSED
            return suppression.SUPPRESSED if suppression.is_small(item["audits"]) else text

        shown["good_or_better"] = share(found.get("overall", {}), found["good_or_better"])
        shown["rounds"] = [{**r, "share": share(r, r["share"])} for r in found["rounds"]]
        shown["teams"] = [t for t in found["teams"] if not suppression.is_small(t["cases"])]
        shown["children"] = []
        shown["ofsted"] = [
            {
                **a,
                "counts": {
                    g: suppression.SUPPRESSED if suppression.is_small(n) else n
                    for g, n in a["counts"].items()
                },
                "words": a["words_withheld"],
            }
            for a in found.get("ofsted", [])
        ]
    else:
        teams = found.get("child_teams") or {}
        allowed = permitted({c: teams.get(c) for c in found.get("children", [])})
        shown["children"] = [c for c in found.get("children", []) if c in allowed]
    return shown


RAG_LABELS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "complete": "Complete",
    "unevidenced": "No evidence yet",
}
RAG_TAGS = {"red": "red", "amber": "yellow", "green": "green", "complete": "blue"}
UNIT_MARK = {"percent": "%", "days": " days", "rate_per_10k": " per 10,000"}


def layout(shown: dict) -> dict:
    """The pack in words for its page and PDF, from the content as the reader may see it: a cover
    (council, body, meeting and dates in words), an executive summary, each figure with its unit,
    RAG as words and tag colours. Only what the content holds is used (old packs read the same)."""
    from types import SimpleNamespace

    from sightline.web.core.templatetags.sightline import (
        council_name,
        uk_date,
        uk_datetime,
        with_unit,
    )

    c = dict(shown)
    indicators = []
    for i in shown.get("indicators", []):
        unit = SimpleNamespace(unit=i.get("unit", ""), decimals=i.get("decimals", 1))
        indicators.append(
            {
                **i,
                "cells": [with_unit(v, unit) for v in i["values"]],
                "target_text": with_unit(i.get("target"), unit),
                "england_text": "Not published"
                if i.get("not_published")
                else with_unit(i.get("england"), unit),
                "neighbours_text": "Not published"
                if i.get("not_published")
                else with_unit(i.get("neighbours"), unit),
                "rag_label": RAG_LABELS.get(i.get("rag") or "", "No target"),
                "rag_tag": RAG_TAGS.get(i.get("rag") or "", ""),
            }
        )
    c["indicators"] = indicators
    c["year_labels"] = [f"{y - 1}-{y % 100:02d}" for y in shown.get("years", [])]
    for n, i in enumerate(indicators):  # a trend chart beside the table, from the values shown
        numbers = [v if isinstance(v, int | float) else None for v in i["values"]]
        i["chart"] = (
            charts.line_chart(
                i["name"],
                c["year_labels"],
                [charts.Series("This council", numbers)],
                unit=UNIT_MARK.get(i.get("unit", ""), ""),
                width=420,
                height=200,
                chart_id=f"pack-chart-{n}",
            )
            if sum(v is not None for v in numbers) >= 2
            else ""
        )
    c["themes"] = [
        {**t, "rag_tag": RAG_TAGS.get(t.get("rag") or "", "grey")} for t in shown.get("themes", [])
    ]
    c["overdue"] = [{**a, "due_text": uk_date(a.get("due"))} for a in shown.get("overdue", [])]
    c["open_challenges"] = [
        {**ch, "meeting_text": uk_date(ch.get("meeting"))}
        for ch in shown.get("open_challenges", [])
    ]
    meeting = shown.get("meeting_at") or shown.get("meeting")
    c["cover"] = {
        "council": council_name(shown.get("council")) if shown.get("council") else "",
        "body": shown.get("body", ""),
        "meeting": (uk_datetime(meeting) if shown.get("meeting_at") else uk_date(meeting)),
        "location": shown.get("location", ""),
        "generated": uk_date(shown.get("generated_on")),
        "indicator_set": shown.get("indicator_set", ""),
    }
    if shown.get("audits"):
        c["audits"] = {
            **shown["audits"],
            "inspected_text": uk_date(shown["audits"].get("ofsted_inspected")),
        }
    c["summary"] = summary(c)
    return c


def summary(c: dict) -> list[str]:
    """The executive summary: a few sentences a member can read before the tables."""
    lines = []
    indicators = c.get("indicators", [])
    if indicators:
        by = {colour: [i for i in indicators if i.get("rag") == colour] for colour in RAG_TAGS}
        unrated = sum(1 for i in indicators if not i.get("rag"))
        line = (
            f"Of the {len(indicators)} indicators in this pack, {len(by['red'])} "
            f"{'is' if len(by['red']) == 1 else 'are'} red against the target or the plan's "
            f"expectation, {len(by['amber'])} amber and {len(by['green'])} green"
        )
        line += f"; {unrated} have no target." if unrated else "."
        lines.append(line)
        if by["red"]:
            lines.append("Red: " + "; ".join(i["name"] for i in by["red"]) + ".")
    else:
        lines.append("No indicator values were held in the latest snapshots.")
    themes = c.get("themes", [])
    if themes:
        actions = sum(t.get("actions", 0) for t in themes)
        red = [t["title"] for t in themes if t.get("rag") == "red"]
        lines.append(
            f"The improvement plan ({c.get('framework') or 'no framework'}) has {len(themes)} "
            f"themes and {actions} actions: {len(c.get('overdue', []))} overdue"
            + (f"; themes red: {'; '.join(red)}." if red else ".")
        )
    recommendations = len(c.get("recommendations", []))
    challenges = len(c.get("open_challenges", []))
    lines.append(
        f"{recommendations} recommendation{'s are' if recommendations != 1 else ' is'} open, and "
        f"{challenges} challenge{'s' if challenges != 1 else ''} from earlier meetings "
        f"{'await' if challenges != 1 else 'awaits'} an answer."
    )
    audits = c.get("audits")
    if audits and not audits.get("overall", {"audits": 1}).get("audits"):
        lines.append("Case audits: none submitted yet.")
    elif audits:
        lines.append(
            f"Case audits: {audits['good_or_better']} of audited cases graded good or better "
            f"(moderated grades); {audits['compliant_but_poor']} compliant on paper but graded "
            "below good."
        )
    if c.get("suppression_note") and c.get("aggregate_only"):
        lines.append("Figures resting on 1 to 5 children are shown as c, to protect privacy.")
    return lines
