"""Governance pages: bodies, a body's members and meetings, a meeting's business, board packs.

Everyone signed in reads (aggregates only); recording business and generating packs needs
EDIT_GOVERNANCE. A pack for a body with elected members holds aggregates only; an officers' pack may
name the children behind red measures, shown only to roles that may see children, and logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import has_capability, requires
from sightline.web.accounts.roles import Capability
from sightline.web.governance import pdf, selectors, services
from sightline.web.governance.forms import (
    AnswerForm,
    ChallengeForm,
    DecisionForm,
    MeetingActionForm,
)
from sightline.web.governance.models import BoardPack, Body, Challenge, Meeting


@requires(Capability.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    context = {"bodies": selectors.bodies(), "upcoming": selectors.upcoming_meetings()}
    return render(request, "governance/index.html", context)


@requires(Capability.VIEW_AGGREGATES)
def body(request: HttpRequest, body_id: int) -> HttpResponse:
    get_object_or_404(Body, pk=body_id)
    return render(request, "governance/body.html", {"body": selectors.body(body_id)})


def _meeting_page(request, meeting_id, forms=None, status=200):
    get_object_or_404(Meeting, pk=meeting_id)
    context = {
        "meeting": selectors.meeting(meeting_id),
        "can_edit": has_capability(request.user, Capability.EDIT_GOVERNANCE),
        "decision_form": DecisionForm(),
        "action_form": MeetingActionForm(),
        "challenge_form": ChallengeForm(),
        "answer_form": AnswerForm(),
        **(forms or {}),
    }
    return render(request, "governance/meeting.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, meeting_id)


def _record(request, meeting_id, form_class, name, write):
    found = get_object_or_404(Meeting, pk=meeting_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting_id, {name: form}, status=400)
    try:
        write(found, form.cleaned_data)
    except services.GovernanceError as error:
        form.add_error(None, str(error))
        return _meeting_page(request, meeting_id, {name: form}, status=400)
    messages.success(request, "Saved")
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        DecisionForm,
        "decision_form",
        lambda m, d: services.decision_record(m, d["text"], request.user),
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        MeetingActionForm,
        "action_form",
        lambda m, d: services.meeting_action_add(
            m, d["text"], d["owner"], d["due_date"], request.user, d["plan_action"]
        ),
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def challenge_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        ChallengeForm,
        "challenge_form",
        lambda m, d: services.challenge_raise(m, d["raised_by"], d["question"], request.user),
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def challenge_answer(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    return _record(
        request,
        challenge.meeting_id,
        AnswerForm,
        "answer_form",
        lambda m, d: services.challenge_answer(
            challenge, d["answer"], d["answered_by"], request.user
        ),
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def pack_generate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(Meeting, pk=meeting_id)
    pack = services.pack_generate(found, request.user)
    messages.success(request, "Board pack generated from the latest snapshots")
    return redirect("governance:pack", pack_id=pack.id)


def _shows_children(request: HttpRequest, pack: BoardPack) -> bool:
    """Child IDs appear only in officers' packs, to roles that may see children; each view is logged."""
    shows = not pack.aggregate_only and has_capability(request.user, Capability.VIEW_CHILDREN)
    ids = selectors.pack_children_ids(pack)
    if shows and ids:
        log_list_view(
            request, f"board pack {pack.id}", ids, snapshot_ids=pack.content["snapshot_ids"]
        )
    return shows


@requires(Capability.VIEW_AGGREGATES)
def pack(request: HttpRequest, pack_id: int) -> HttpResponse:
    get_object_or_404(BoardPack, pk=pack_id)
    found = selectors.pack(pack_id)
    context = {"pack": found, "c": found.content, "show_children": _shows_children(request, found)}
    return render(request, "governance/pack.html", context)


@requires(Capability.VIEW_AGGREGATES)
def pack_pdf(request: HttpRequest, pack_id: int) -> HttpResponse:
    get_object_or_404(BoardPack, pk=pack_id)
    found = selectors.pack(pack_id)
    body = pdf.render(found, include_children=_shows_children(request, found))
    response = HttpResponse(body, content_type="application/pdf")
    name = f"board-pack-{found.meeting.date:%Y-%m-%d}-{found.id}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
