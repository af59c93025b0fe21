"""Improvement plan pages: the plan by theme, a theme, an action (edit, update, evidence, override),
recommendations, the history of changes, and loading a framework file.

Everyone signed in reads the plan (aggregates only: no child-level data is ever held here).
Changes need EDIT_IMPROVEMENT; closing a recommendation needs EDIT_GOVERNANCE as well as evidence.
Evidence files may hold anything a lead uploads, so downloads need VIEW_CHILDREN (not elected members).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from sightline import suppression
from sightline.web.accounts.permissions import aggregates_only, ensure, has_capability, requires
from sightline.web.accounts.roles import Capability
from sightline.web.common import export
from sightline.web.core import engine
from sightline.web.core.charts import Series, line_chart
from sightline.web.improvement import framework_file, selectors, services
from sightline.web.improvement.forms import (
    ActionForm,
    CloseRecommendationForm,
    FrameworkForm,
    LeadForm,
    MeasureForm,
    MilestoneForm,
    NewActionForm,
    NewPriorityForm,
    OverrideForm,
    RecommendationForm,
    UpdateForm,
)
from sightline.web.improvement.models import (
    Action,
    Evidence,
    Measure,
    Milestone,
    Recommendation,
    Theme,
)


def _can_edit(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.EDIT_IMPROVEMENT)


def _privacy(request: HttpRequest) -> dict:
    """Template context for small-number suppression: elected members see aggregates only, so a
    measure value or captured indicator value resting on 1 to 4 children is shown as "c"."""
    return {
        "aggregate_only": aggregates_only(request.user),
        "suppressed_mark": suppression.SUPPRESSED,
        "suppression_note": suppression.NOTE,
        "suppression_reason": suppression.REASON,
    }


@requires(Capability.VIEW_AGGREGATES)
def plan(request: HttpRequest) -> HttpResponse:
    found = selectors.plan(aggregate_only=aggregates_only(request.user))
    if fmt := export.requested(request):
        rows = [
            {"theme": t.theme.title, "action": a.action.title, "owner": a.action.owner_name,
             "due": a.action.due_date, "status": a.action.get_status_display(),
             "rag": a.shown.label, "why": a.shown.reason,
             "overridden": "Yes" if a.overridden else ""}
            for t in found.themes
            for a in t.actions
        ]  # fmt: skip
        columns = [("theme", "Theme"), ("action", "Action"), ("owner", "Owner"), ("due", "Due"),
                   ("status", "Status"), ("rag", "RAG"), ("why", "Why"),
                   ("overridden", "Overridden")]  # fmt: skip
        return export.download(request, "improvement-plan", columns, rows, fmt)
    services.rag_note_computed(
        [(t.theme, t.computed.colour, t.computed.reason) for t in found.themes]
        + [(a.action, a.computed.colour, a.computed.reason) for a in found.actions]
    )
    return render(request, "improvement/plan.html", {"plan": found, "can_edit": _can_edit(request)})


def _theme_page(request, theme_id, forms=None, status=200):
    found = get_object_or_404(Theme, pk=theme_id)
    context = {
        "view": selectors.theme_view(theme_id, aggregates_only(request.user)),
        **_privacy(request),
        "can_edit": _can_edit(request),
        "override_form": OverrideForm(initial={"rag": found.rag_override}),
        "action_form": NewActionForm(theme=found),
        "priority_form": NewPriorityForm(),
        "milestone_form": MilestoneForm(theme=found),
        "lead_form": LeadForm(initial={"lead": found.lead_id, "lead_title": found.lead_title}),
        **(forms or {}),
    }
    return render(request, "improvement/theme.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def theme(request: HttpRequest, theme_id: int) -> HttpResponse:
    return _theme_page(request, theme_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def theme_lead(request: HttpRequest, theme_id: int) -> HttpResponse:
    found = get_object_or_404(Theme, pk=theme_id)
    form = LeadForm(request.POST)
    if not form.is_valid():
        return _theme_page(request, theme_id, {"lead_form": form}, status=400)
    services.theme_set_lead(
        found, form.cleaned_data["lead"], form.cleaned_data["lead_title"], request.user
    )
    messages.success(request, "Lead saved")
    return redirect("improvement:theme", theme_id=theme_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def priority_add(request: HttpRequest, theme_id: int) -> HttpResponse:
    found = get_object_or_404(Theme, pk=theme_id)
    form = NewPriorityForm(request.POST)
    if not form.is_valid():
        return _theme_page(request, theme_id, {"priority_form": form}, status=400)
    services.priority_create(found, form.cleaned_data["priority_title"], request.user)
    messages.success(request, "Priority added")
    return redirect("improvement:theme", theme_id=theme_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def action_add(request: HttpRequest, theme_id: int) -> HttpResponse:
    found = get_object_or_404(Theme, pk=theme_id)
    form = NewActionForm(request.POST, theme=found)
    if not form.is_valid():
        return _theme_page(request, theme_id, {"action_form": form}, status=400)
    data = form.cleaned_data
    priority = data["priority"] or found.priorities.first()
    if priority is None:
        form.add_error("priority", "Add a priority to the theme first")
        return _theme_page(request, theme_id, {"action_form": form}, status=400)
    created = services.action_create(
        priority, data["title"], data["owner_title"], data["due_date"], request.user
    )
    messages.success(request, "Action added")
    return redirect("improvement:action", action_id=created.id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def milestone_add(request: HttpRequest, theme_id: int) -> HttpResponse:
    found = get_object_or_404(Theme, pk=theme_id)
    form = MilestoneForm(request.POST, theme=found)
    if not form.is_valid():
        return _theme_page(request, theme_id, {"milestone_form": form}, status=400)
    data = form.cleaned_data
    priority = data["milestone_priority"] or found.priorities.first()
    if priority is None:
        form.add_error("milestone_priority", "Add a priority to the theme first")
        return _theme_page(request, theme_id, {"milestone_form": form}, status=400)
    services.milestone_create(
        priority, data["milestone_title"], data["milestone_due"], request.user
    )
    messages.success(request, "Milestone added")
    return redirect("improvement:theme", theme_id=theme_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def milestone_achieved(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("priority"), pk=milestone_id)
    on = None if request.POST.get("undo") else engine.today()
    services.milestone_achieved(milestone, on, request.user)
    messages.success(
        request, "Milestone marked achieved" if on else "Milestone marked not achieved"
    )
    return redirect("improvement:theme", theme_id=milestone.priority.theme_id)


def _measure_page(request, measure_id, form=None, status=200):
    found = get_object_or_404(Measure.objects.select_related("theme"), pk=measure_id)
    view = selectors.measure_view(found, selectors.live(), aggregates_only(request.user))
    years, expected = selectors.measure_years(view)
    unit = {"percent": "%", "days": " days", "rate_per_10k": " per 10,000"}.get(view.unit, "")
    chart = line_chart(
        view.name,
        [str(y) for y in years],
        [Series("This council", [view.drawn(y) for y in years]), Series("Expected", expected)],
        unit,
    )
    points = "\n".join(f"{p.year}: {p.value:g}" for p in found.trajectory.all())
    context = {
        "view": view,
        **_privacy(request),
        "rows": list(zip(years, [view.shown(y) for y in years], expected, strict=True)),
        "chart": chart,
        "can_edit": _can_edit(request),
        "form": form
        or MeasureForm(
            initial={"target": found.target, "tolerance": found.tolerance, "trajectory": points}
        ),
        "history": selectors.history("measure", found.id),
    }
    return render(request, "improvement/measure.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def measure(request: HttpRequest, measure_id: int) -> HttpResponse:
    return _measure_page(request, measure_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def measure_set(request: HttpRequest, measure_id: int) -> HttpResponse:
    found = get_object_or_404(Measure, pk=measure_id)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return _measure_page(request, measure_id, form, status=400)
    data = form.cleaned_data
    services.measure_set(found, data["target"], data["tolerance"], data["trajectory"], request.user)
    messages.success(request, "Measure saved")
    return redirect("improvement:measure", measure_id=measure_id)


def _override(request: HttpRequest, item, back, stale_page):
    """Save an override; a stale one (the item changed since the page was opened) is refused with
    HTTP 409 and the changes made since, shown by `stale_page(stale)`."""
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    try:
        services.set_override(
            item,
            form.cleaned_data.get("rag", ""),
            form.cleaned_data.get("reason", ""),
            request.user,
            form.cleaned_data["version"],
        )
        messages.success(
            request, "RAG override recorded" if form.cleaned_data.get("rag") else "Override removed"
        )
    except services.StaleEdit as stale:
        messages.error(request, str(stale))
        return stale_page(stale)
    except services.PlanError as error:
        messages.error(request, str(error))
    return back


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def theme_override(request: HttpRequest, theme_id: int) -> HttpResponse:
    item = get_object_or_404(Theme, pk=theme_id)
    return _override(
        request,
        item,
        redirect("improvement:theme", theme_id=theme_id),
        lambda stale: _theme_page(request, theme_id, {"stale": stale}, status=409),
    )


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def action_override(request: HttpRequest, action_id: int) -> HttpResponse:
    item = get_object_or_404(Action, pk=action_id)
    return _override(
        request,
        item,
        redirect("improvement:action", action_id=action_id),
        lambda stale: _action_page(request, action_id, stale=stale, status=409),
    )


def _action_page(request, action_id, *, edit_form=None, update_form=None, stale=None, status=200):
    get_object_or_404(Action, pk=action_id)
    view = selectors.action_view(action_id)
    action = view.action
    context = {
        "view": view,
        "action": action,
        "measure": selectors.action_measure(action, aggregates_only(request.user)),
        **_privacy(request),
        "history": selectors.history("action", action.id),
        "can_edit": _can_edit(request),
        "can_download": has_capability(request.user, Capability.VIEW_CHILDREN),
        "edit_form": edit_form
        or ActionForm(
            initial={
                "version": action.version,
                "title": action.title,
                "owner_title": action.owner_title,
                "due_date": action.due_date,
                "status": action.status,
                "description": action.description,
            }
        ),
        "update_form": update_form or UpdateForm(indicators=selectors.indicator_choices()),
        "override_form": OverrideForm(initial={"rag": action.rag_override}),
        "stale": stale,
    }
    return render(request, "improvement/action.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def action(request: HttpRequest, action_id: int) -> HttpResponse:
    return _action_page(request, action_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    get_object_or_404(Action, pk=action_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action_id, edit_form=form, status=400)
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        services.action_save(action_id, form.cleaned_data["version"], values, request.user)
    except services.StaleEdit as stale:
        messages.error(request, str(stale))
        # The form keeps what this user typed, at the version now saved: having read what
        # changed since, saving again saves their edits on purpose rather than being refused.
        kept = request.POST.copy()
        kept["version"] = str(Action.objects.get(pk=action_id).version)
        return _action_page(request, action_id, edit_form=ActionForm(kept), stale=stale, status=409)
    except services.PlanError as error:
        form.add_error(None, str(error))
        return _action_page(request, action_id, edit_form=form, status=400)
    messages.success(request, "Action saved")
    return redirect("improvement:action", action_id=action_id)


@require_POST
@requires(Capability.EDIT_IMPROVEMENT)
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    item = get_object_or_404(Action, pk=action_id)
    form = UpdateForm(request.POST, request.FILES, indicators=selectors.indicator_choices())
    if not form.is_valid():
        return _action_page(request, action_id, update_form=form, status=400)
    data = form.cleaned_data
    try:
        if data["evidence_url"] or data["evidence_file"] or data["evidence_indicator"]:
            services.evidence_add(
                item,
                services.EvidenceInput(
                    data["evidence_title"],
                    data["evidence_url"],
                    data["evidence_file"],
                    data["evidence_indicator"],
                ),
                request.user,
            )
        if (data["text"] or "").strip():
            services.action_add_update(item, data["text"], request.user)
    except services.PlanError as error:
        form.add_error(None, str(error))
        return _action_page(request, action_id, update_form=form, status=400)
    messages.success(request, "Update saved")
    return redirect("improvement:action", action_id=action_id)


@requires(Capability.VIEW_CHILDREN)
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    if evidence.kind == Evidence.Kind.LINK:
        return redirect(evidence.url)
    if evidence.kind != Evidence.Kind.FILE:
        raise Http404("This evidence is an indicator value, not a file")
    try:
        path = services.evidence_file(evidence)
    except services.PlanError as error:
        raise Http404(str(error)) from None
    from sightline.web.accesslog.models import AccessEntry
    from sightline.web.accesslog.services import log_event

    log_event(
        request,
        AccessEntry.Kind.DOWNLOAD,
        f"evidence {evidence.id} downloaded: {evidence.file_name}",
    )
    # Read whole (files are at most the evidence limit) so the response is an ordinary one.
    response = HttpResponse(path.read_bytes(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, evidence.file_name)
    return response


@requires(Capability.VIEW_AGGREGATES)
def recommendations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, "open", "closed"):
        status = None
    context = {
        "recommendations": selectors.recommendations(status),
        "status": status,
        "can_add": has_capability(request.user, Capability.EDIT_GOVERNANCE),
    }
    return render(request, "improvement/recommendations.html", context)


@requires(Capability.VIEW_AGGREGATES)
def recommendation_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        if not has_capability(request.user, Capability.EDIT_GOVERNANCE):
            return redirect("improvement:recommendations")
        return render(
            request, "improvement/recommendation_new.html", {"form": RecommendationForm()}
        )
    ensure(request, Capability.EDIT_GOVERNANCE)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return render(request, "improvement/recommendation_new.html", {"form": form}, status=400)
    rec = services.recommendation_create(
        form.cleaned_data, list(form.cleaned_data["actions"]), request.user
    )
    messages.success(request, "Recommendation added")
    return redirect("improvement:recommendation", rec_id=rec.id)


def _recommendation_page(request, rec_id, form=None, status=200):
    rec = get_object_or_404(Recommendation, pk=rec_id)
    context = {
        "rec": rec,
        "actions": [selectors.action_view(a.id) for a in rec.actions.all()],
        "history": selectors.history("recommendation", rec.id),
        **_privacy(request),
        "can_close": has_capability(request.user, Capability.EDIT_GOVERNANCE)
        and rec.status == "open",
        "can_download": has_capability(request.user, Capability.VIEW_CHILDREN),
        "form": form or CloseRecommendationForm(),
    }
    return render(request, "improvement/recommendation.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def recommendation(request: HttpRequest, rec_id: int) -> HttpResponse:
    return _recommendation_page(request, rec_id)


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def recommendation_close(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = get_object_or_404(Recommendation, pk=rec_id)
    form = CloseRecommendationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _recommendation_page(request, rec_id, form, status=400)
    data = form.cleaned_data
    evidence = services.EvidenceInput(
        data["evidence_title"] or "Closure evidence", data["evidence_url"], data["evidence_file"]
    )
    try:
        services.recommendation_close(rec, data["note"], request.user, evidence)
    except services.PlanError as error:
        form.add_error(None, str(error))
        return _recommendation_page(request, rec_id, form, status=400)
    messages.success(request, "Recommendation closed")
    return redirect("improvement:recommendation", rec_id=rec_id)


@requires(Capability.VIEW_AGGREGATES)
def history(request: HttpRequest) -> HttpResponse:
    return render(request, "improvement/history.html", {"changes": selectors.history()})


@requires(Capability.VIEW_AGGREGATES)
def framework(request: HttpRequest) -> HttpResponse:
    form = FrameworkForm()
    can_load = _can_edit(request)
    status = 200
    if request.method == "POST":
        if not can_load:
            ensure(request, Capability.EDIT_IMPROVEMENT)
        form = FrameworkForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = upload.read().decode("utf-8")
                data = framework_file.parse(text, upload.name)
            except UnicodeDecodeError:
                form.add_error("file", f"{upload.name}: not a text file (expected YAML or JSON)")
            except framework_file.FrameworkFileError as error:
                form.add_error("file", str(error))
            else:
                loaded = services.framework_load(data, request.user, source=upload.name)
                messages.success(
                    request, f"Framework '{loaded.name}' loaded with {len(data['themes'])} themes"
                )
                return redirect("improvement:plan")
        status = 400
    context = {"framework": selectors.active_framework(), "form": form, "can_load": can_load}
    return render(request, "improvement/framework.html", context, status=status)
