"""Case audit pages. Each view checks a capability, for a child also the reader's teams, logs what
child-level data it shows, makes one call into services or selectors, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sightline.audits import picture as compliance_picture
from sightline.audits.grades import GRADES, LABELS
from sightline.audits.sampling import SamplePlan
from sightline.web.accesslog.services import log_child_view, log_list_view
from sightline.web.accounts.permissions import (
    aggregates_only,
    check_child_access,
    child_teams_filter,
    permitted_children,
    requires,
)
from sightline.web.accounts.roles import Capability
from sightline.web.audits import forms, selectors, services
from sightline.web.audits.models import Audit, AuditAction
from sightline.web.common.errors import FieldError, add_to_form
from sightline.web.common.redirects import next_page
from sightline.web.common.versions import StaleEdit
from sightline.web.core import engine

GRADE_CHOICES = [(g, LABELS[g]) for g in GRADES]


def _audit_for(request: HttpRequest, audit_id: int) -> Audit:
    try:
        found = selectors.audit(audit_id)
    except Audit.DoesNotExist:
        raise Http404("No such audit") from None
    check_child_access(request, found.child_id, [found.team])
    return found


@requires(Capability.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    context = selectors.programme(aggregate_only=aggregates_only(request.user))
    context["ofsted"] = selectors.beside_ofsted(aggregate_only=aggregates_only(request.user))
    context["can_children"] = request.user.can(Capability.VIEW_CHILDREN)
    context["can_manage"] = request.user.can(Capability.MANAGE_AUDITS)
    return render(request, "audits/index.html", context)


@requires(Capability.MANAGE_AUDITS)
def round_new(request: HttpRequest) -> HttpResponse:
    form = forms.RoundForm(request.POST or None, initial={"strata": "team", "kind": "monthly"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plan = SamplePlan(
            strata=d["strata"],
            per_stratum=d["per_stratum"],
            percent=d["percent"],
            groups=tuple(d["groups"]),
            exclude_audited_months=d["exclude_audited_months"],
        )
        try:
            created = services.round_create(
                title=d["title"],
                kind=d["kind"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                scope=d["scope"],
                plan=plan,
                seed=d["seed"],
                moderation_percent=d["moderation_percent"],
                user=request.user,
            )
        except FieldError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Round set up: draw its sample when ready")
            return redirect("audits:round", round_id=created.id)
    status = 400 if form.errors else 200
    return render(request, "audits/round_new.html", {"form": form}, status=status)


@requires(Capability.VIEW_CHILDREN)
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    try:
        found, audits = selectors.round_detail(round_id, child_teams_filter(request.user))
    except selectors.Round.DoesNotExist:
        raise Http404("No such round") from None
    permitted = permitted_children(request.user, {a.child_id: a.team for a in audits})
    audits = [a for a in audits if a.child_id in permitted]
    log_list_view(
        request, f"audit round {found.id}", [a.child_id for a in audits], found.snapshot_ids
    )
    can_manage = request.user.can(Capability.MANAGE_AUDITS)
    return render(
        request, "audits/round.html", {"round": found, "audits": audits, "can_manage": can_manage}
    )


@require_POST
@requires(Capability.MANAGE_AUDITS)
def round_draw(request: HttpRequest, round_id: int) -> HttpResponse:
    try:
        found = services.round_draw_request(round_id=round_id, user=request.user)
    except FieldError as error:
        messages.error(request, str(error))
    else:
        if found.drawn_at:
            messages.success(request, f"Sample drawn: {found.audits.count()} cases allocated")
        elif found.draw_error:
            messages.error(request, found.draw_error)
        else:
            messages.success(request, "Drawing the sample: this page shows it when it is ready")
    return redirect("audits:round", round_id=round_id)


@requires(Capability.RUN_AUDITS)
def my_cases(request: HttpRequest) -> HttpResponse:
    cases = selectors.my_cases(request.user)
    log_list_view(request, "my audit cases", [a.child_id for a in cases])
    return render(request, "audits/my_cases.html", {"cases": cases})


def _posted(request: HttpRequest, found: Audit) -> dict:
    post = request.POST
    definition = found.form.definition
    scaling = post.get("scaling", "").strip()
    return {
        "compliance": {
            item: {"yes": True, "no": False}.get(post.get(f"compliance_{item}", ""))
            for item in definition["compliance"]
        },
        "grades": {s["code"]: post.get(f"grade_{s['code']}", "") for s in definition["sections"]},
        "evidence": {
            s["code"]: post.get(f"evidence_{s['code']}", "").strip() for s in definition["sections"]
        },
        "overall": post.get("overall", ""),
        "scaling": int(scaling) if scaling.isdigit() else None,
        "findings": post.get("findings", ""),
        "themes": [t for t in post.getlist("themes") if t in definition["themes"]],
    }


@requires(Capability.VIEW_CHILDREN)
def audit_page(request: HttpRequest, audit_id: int) -> HttpResponse:
    found = _audit_for(request, audit_id)
    error = None
    stale = None
    if request.method == "POST":
        if found.auditor_id != request.user.pk:
            raise PermissionDenied("Only the auditor allocated this case can change the audit.")
        values = _posted(request, found)
        try:
            found = services.audit_save(
                audit_id=found.id,
                based_on=int(request.POST.get("version") or 0),
                submit="submit" in request.POST,
                user=request.user,
                **values,
            )
        except StaleEdit as refused:
            stale = refused
        except FieldError as refused:
            error = refused
        else:
            messages.success(
                request, "Audit submitted" if "submit" in request.POST else "Audit saved"
            )
            return redirect("audits:audit", audit_id=found.id)
        # Show what was typed with the error.
        for key, value in values.items():
            setattr(found, key, value)
    data = engine.dataset()
    events = []
    if data is not None:
        from sightline import timeline

        events = timeline.events(data, found.child_id)
    log_child_view(
        request,
        found.child_id,
        f"case audit {found.id}",
        snapshot_ids=data.snapshot_ids if data is not None else (),
    )
    editable = found.auditor_id == request.user.pk and found.status in ("allocated", "in_progress")
    definition = found.form.definition
    sections = [
        {
            **s,
            "grade": found.grades.get(s["code"], ""),
            "evidence": found.evidence.get(s["code"], ""),
            "moderated": getattr(getattr(found, "moderation", None), "grades", {}).get(
                s["code"], ""
            ),
        }
        for s in definition["sections"]
    ]
    items = [
        {
            "code": c,
            "label": compliance_picture.ITEMS[c],
            "data": found.picture.get("items", {}).get(c),
            "confirmed": found.compliance.get(c),
        }
        for c in definition["compliance"]
    ]
    context = {
        "audit": found,
        "sections": sections,
        "items": items,
        "grades": GRADE_CHOICES,
        "events": events,
        "editable": editable,
        "error": error,
        "stale": stale,
        "history": selectors.audit_history(found.id),
        "can_respond": request.user.can(Capability.VIEW_CHILDREN)
        and found.status in ("submitted", "moderated"),
        "response_form": forms.ResponseForm(
            initial={
                "worker_response": found.worker_response,
                "manager_response": found.manager_response,
            }
        ),
        "action_form": forms.ActionForm(),
        "definition": definition,
    }
    return render(request, "audits/audit.html", context, status=400 if error else 200)


@require_POST
@requires(Capability.VIEW_CHILDREN)
def respond(request: HttpRequest, audit_id: int) -> HttpResponse:
    found = _audit_for(request, audit_id)
    form = forms.ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.respond(audit=found, user=request.user, **form.cleaned_data)
        except FieldError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Response saved")
    return redirect("audits:audit", audit_id=found.id)


@require_POST
@requires(Capability.VIEW_CHILDREN)
def action_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    found = _audit_for(request, audit_id)
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_add(audit=found, user=request.user, **form.cleaned_data)
        except FieldError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action added")
            return redirect("audits:audit", audit_id=found.id)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("audits:audit", audit_id=found.id)


@require_POST
@requires(Capability.VIEW_CHILDREN)
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    try:
        action = AuditAction.objects.select_related("audit").get(pk=action_id)
    except AuditAction.DoesNotExist:
        raise Http404("No such action") from None
    check_child_access(request, action.audit.child_id, [action.audit.team])
    services.action_done(action=action, on=engine.today(), user=request.user)
    messages.success(request, "Action marked done")
    return redirect(next_page(request, "audits:actions"))


@requires(Capability.VIEW_CHILDREN)
def actions(request: HttpRequest) -> HttpResponse:
    teams = child_teams_filter(request.user)
    today = engine.today()
    found = selectors.open_actions(teams)
    reaudits = selectors.reaudits_due(teams, today)
    permitted = permitted_children(
        request.user,
        {a.audit.child_id: a.audit.team for a in found}
        | {r["audit"].child_id: r["audit"].team for r in reaudits},
    )
    found = [a for a in found if a.audit.child_id in permitted]
    reaudits = [r for r in reaudits if r["audit"].child_id in permitted]
    log_list_view(
        request,
        "audit actions and re-audits",
        [a.audit.child_id for a in found] + [r["audit"].child_id for r in reaudits],
    )
    return render(
        request, "audits/actions.html", {"actions": found, "today": today, "reaudits": reaudits}
    )


@requires(Capability.MANAGE_AUDITS)
def moderation_list(request: HttpRequest) -> HttpResponse:
    found = selectors.to_moderate()
    log_list_view(request, "audits to moderate", [a.child_id for a in found])
    return render(request, "audits/moderation_list.html", {"audits": found})


@requires(Capability.MANAGE_AUDITS)
def moderate(request: HttpRequest, audit_id: int) -> HttpResponse:
    found = _audit_for(request, audit_id)
    error = None
    if request.method == "POST":
        definition = found.form.definition
        grades = {
            s["code"]: request.POST.get(f"grade_{s['code']}", "") for s in definition["sections"]
        }
        try:
            services.moderation_save(
                audit_id=found.id,
                grades=grades,
                overall=request.POST.get("overall", ""),
                reasons=request.POST.get("reasons", ""),
                user=request.user,
            )
        except FieldError as refused:
            error = refused
        else:
            messages.success(request, "Moderation saved: the moderated grade now counts")
            return redirect("audits:moderation")
    log_child_view(request, found.child_id, f"moderation of case audit {found.id}")
    sections = [
        {**s, "grade": found.grades.get(s["code"], "")} for s in found.form.definition["sections"]
    ]
    return render(
        request,
        "audits/moderate.html",
        {"audit": found, "sections": sections, "grades": GRADE_CHOICES, "error": error},
        status=400 if error else 200,
    )


@requires(Capability.RUN_AUDITS)
def calibration(request: HttpRequest) -> HttpResponse:
    form = forms.ExerciseForm()
    form.fields["auditors"].choices = _auditor_choices()
    can_manage = request.user.can(Capability.MANAGE_AUDITS)
    return render(
        request,
        "audits/calibration.html",
        {
            **selectors.calibration(),
            "form": form,
            "can_manage": can_manage,
            "ofsted": selectors.beside_ofsted(aggregate_only=aggregates_only(request.user)),
        },
    )


def _auditor_choices():
    users = get_user_model().objects.filter(role__in=services.AUDITOR_ROLES, is_active=True)
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users.order_by("username")]


@require_POST
@requires(Capability.MANAGE_AUDITS)
def exercise_new(request: HttpRequest) -> HttpResponse:
    form = forms.ExerciseForm(request.POST)
    form.fields["auditors"].choices = _auditor_choices()
    if form.is_valid():
        d = form.cleaned_data
        users = list(get_user_model().objects.filter(pk__in=d["auditors"]))
        try:
            services.exercise_create(
                title=d["title"],
                child_id=d["child_id"],
                held_on=d["held_on"],
                auditors=users,
                user=request.user,
            )
        except FieldError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Calibration exercise set up: each auditor has the case")
            return redirect("audits:calibration")
    return render(
        request,
        "audits/calibration.html",
        {**selectors.calibration(), "form": form, "can_manage": True},
        status=400,
    )


@requires(Capability.VIEW_CHILDREN)
def reality_page(request: HttpRequest) -> HttpResponse:
    found = selectors.reality_view(child_teams_filter(request.user))
    log_list_view(request, "paperwork against reality", [c.child_id for c in found["cases"]])
    return render(request, "audits/reality.html", found)
