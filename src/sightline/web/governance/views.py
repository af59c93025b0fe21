"""Governance pages: bodies (set up, edit, members), the calendar of meetings, a body's meetings,
open actions and challenges, a meeting's agenda and business, board packs.

Everyone signed in reads (aggregates only); setting up bodies, scheduling meetings, recording business
and generating packs needs EDIT_GOVERNANCE. A pack for a body with elected members holds aggregates only; an officers' pack may
name the children behind red measures, shown only to roles that may see children, and logged.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_event, log_list_view
from sightline.web.accounts.permissions import (
    aggregates_only,
    has_capability,
    permitted_children,
    requires,
)
from sightline.web.accounts.roles import Capability
from sightline.web.governance import packs, selectors, services
from sightline.web.governance.forms import (
    ActionStatusForm,
    AgendaItemForm,
    AnswerForm,
    BodyForm,
    ChallengeForm,
    DecisionForm,
    MeetingActionEditForm,
    MeetingActionForm,
    MeetingForm,
    MemberForm,
)
from sightline.web.governance.models import (
    AgendaItem,
    BoardPack,
    Body,
    Challenge,
    Decision,
    Meeting,
    MeetingAction,
    Member,
)


def _can_edit(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.EDIT_GOVERNANCE)


@requires(Capability.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "bodies": selectors.bodies(),
        "upcoming": selectors.calendar().upcoming[:10],
        "can_edit": _can_edit(request),
    }
    return render(request, "governance/index.html", context)


@requires(Capability.VIEW_AGGREGATES)
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/calendar.html", {"calendar": selectors.calendar()})


# Bodies and members -------------------------------------------------------------------------------


def _body_page(request, body_id, member_form=None, status=200):
    get_object_or_404(Body, pk=body_id)
    context = {
        "body": selectors.body(body_id),
        "calendar": selectors.calendar(body_id),
        "open_actions": selectors.open_actions(body_id),
        "open_challenges": selectors.open_challenges(body_id),
        "history": selectors.history("body", body_id),
        "can_edit": _can_edit(request),
        "member_form": member_form or MemberForm(auto_id="member-%s"),
    }
    return render(request, "governance/body.html", context, status=status)


@requires(Capability.VIEW_AGGREGATES)
def body(request: HttpRequest, body_id: int) -> HttpResponse:
    return _body_page(request, body_id)


def _body_form(request: HttpRequest, found: Body | None) -> HttpResponse:
    initial = {f: getattr(found, f) for f in services.BODY_FIELDS} if found else None
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.body_save(found, form.cleaned_data, request.user)
        except services.GovernanceError as error:
            form.add_error("name" if "called" in str(error) else None, str(error))
        else:
            messages.success(request, "Body saved")
            return redirect("governance:body", body_id=saved.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/body_form.html", {"form": form, "body": found}, status=status
    )


@requires(Capability.EDIT_GOVERNANCE)
def body_new(request: HttpRequest) -> HttpResponse:
    return _body_form(request, None)


@requires(Capability.EDIT_GOVERNANCE)
def body_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    return _body_form(request, get_object_or_404(Body, pk=body_id))


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def member_add(request: HttpRequest, body_id: int) -> HttpResponse:
    found = get_object_or_404(Body, pk=body_id)
    form = MemberForm(request.POST, auto_id="member-%s")
    if not form.is_valid():
        return _body_page(request, body_id, form, status=400)
    data = form.cleaned_data
    services.member_add(
        found,
        data["member_name"],
        data["role"],
        data["organisation"],
        data["is_elected_member"],
        request.user,
    )
    messages.success(request, "Member added")
    return redirect("governance:body", body_id=body_id)


def _edit_page(request, form, heading, back, save, done, error_field=None, caption=""):
    """A page changing one record: on a valid post `save(cleaned_data)` writes it and the user goes
    back to `back`; otherwise the form is shown again as typed with what is wrong."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except services.GovernanceError as error:
            form.add_error(error_field, str(error))
        else:
            messages.success(request, done)
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "heading": heading, "back": back, "caption": caption}
    return render(request, "governance/edit_form.html", context, status=status)


def _confirm_removal(request, what: str, back: str, remove, done: str) -> HttpResponse:
    """Removal asks first: a GET shows what will go with a warning; only the POST removes."""
    if request.method != "POST":
        return render(request, "governance/confirm_remove.html", {"what": what, "back": back})
    remove()
    messages.success(request, done)
    return redirect(back)


@requires(Capability.EDIT_GOVERNANCE)
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("body"), pk=member_id)
    initial = {
        "member_name": member.name,
        "role": member.role,
        "organisation": member.organisation,
        "is_elected_member": member.is_elected_member,
    }
    form = MemberForm(request.POST or None, initial=initial)
    if member.role not in Member.ROLES:  # a council's own title stays choosable
        form.fields["role"].choices = [*form.fields["role"].choices, (member.role, member.role)]

    def save(data):
        values = {**data, "name": data["member_name"]}
        services.member_change(member, values, request.user)

    back = reverse("governance:body", args=[member.body_id])
    return _edit_page(
        request, form, f"Change {member.name}", back, save, "Member saved", caption=member.body.name
    )


@requires(Capability.EDIT_GOVERNANCE)
def member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("body"), pk=member_id)
    return _confirm_removal(
        request,
        f"{member} from {member.body.name}",
        reverse("governance:body", args=[member.body_id]),
        lambda: services.member_remove(member, request.user),
        "Member removed",
    )


# Meetings ------------------------------------------------------------------------------------------


def _meeting_form(request: HttpRequest, found: Body, meeting: Meeting | None) -> HttpResponse:
    initial = None
    if meeting is not None:
        local = timezone.localtime(meeting.date)
        initial = {"date": local.date(), "time": local.time(), "location": meeting.location}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        when = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        if meeting is None:
            meeting = services.meeting_schedule(found, when, data["location"], request.user)
            messages.success(request, "Meeting scheduled")
        else:
            services.meeting_change(meeting, when, data["location"], request.user)
            messages.success(request, "Meeting changed")
        return redirect("governance:meeting", meeting_id=meeting.id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "body": found, "meeting": meeting}
    return render(request, "governance/meeting_form.html", context, status=status)


@requires(Capability.EDIT_GOVERNANCE)
def meeting_new(request: HttpRequest, body_id: int) -> HttpResponse:
    return _meeting_form(request, get_object_or_404(Body, pk=body_id), None)


@requires(Capability.EDIT_GOVERNANCE)
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(Meeting.objects.select_related("body"), pk=meeting_id)
    return _meeting_form(request, found.body, found)


def _meeting_page(request, meeting_id, forms=None, status=200, answering=None):
    """The meeting with its business; `forms` holds a refused form to show again as typed, and
    `answering` the refused answer form (with the challenge it was for)."""
    get_object_or_404(Meeting, pk=meeting_id)
    found = selectors.meeting(meeting_id)
    challenges = [
        (
            ch,
            answering[1]
            if answering and answering[0] == ch.id
            else AnswerForm(auto_id=f"answer-{ch.id}-%s"),
        )
        for ch in found.challenges.all()
    ]
    context = {
        "meeting": found,
        "can_edit": _can_edit(request),
        "challenges": challenges,
        "carried_challenges": selectors.open_challenges(found.body_id, before=found.date),
        "statuses": MeetingAction.Status.choices,
        "agenda_form": AgendaItemForm(meeting=found, auto_id="agenda-%s"),
        "decision_form": DecisionForm(meeting=found, auto_id="decision-%s"),
        "action_form": MeetingActionForm(auto_id="action-%s"),
        "challenge_form": ChallengeForm(meeting=found, auto_id="challenge-%s"),
        "decision_groups": _by_agenda_item(found, [(d, None) for d in found.decisions.all()]),
        "challenge_groups": _by_agenda_item(found, challenges),
        **(forms or {}),
    }
    return render(request, "governance/meeting.html", context, status=status)


def _by_agenda_item(found: Meeting, records: list[tuple]) -> list[tuple]:
    """(agenda item or None, records) in agenda order, general business (None) last; `records` are
    (record, extra) pairs and only items with records appear."""
    groups: dict[int | None, list] = {}
    for pair in records:
        groups.setdefault(pair[0].agenda_item_id, []).append(pair)
    ordered = [(item, groups[item.id]) for item in found.agenda.all() if item.id in groups]
    return ordered + ([(None, groups[None])] if None in groups else [])


@requires(Capability.VIEW_AGGREGATES)
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, meeting_id)


def _record(request, meeting_id, form_class, name, write, saved="Saved"):
    found = get_object_or_404(Meeting, pk=meeting_id)
    prefix = name.removesuffix("_form")
    takes_meeting = form_class in (AgendaItemForm, DecisionForm, ChallengeForm)
    extra = {"meeting": found} if takes_meeting else {}
    form = form_class(request.POST, auto_id=f"{prefix}-%s", **extra)
    if not form.is_valid():
        return _meeting_page(request, meeting_id, {name: form}, status=400)
    try:
        write(found, form.cleaned_data)
    except services.GovernanceError as error:
        form.add_error(None, str(error))
        return _meeting_page(request, meeting_id, {name: form}, status=400)
    messages.success(request, saved)
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        AgendaItemForm,
        "agenda_form",
        lambda m, d: services.agenda_add(m, d, request.user),
        "Agenda item added",
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def agenda_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_id)
    services.agenda_move(item, request.POST.get("direction") == "up", request.user)
    return redirect("governance:meeting", meeting_id=item.meeting_id)


@requires(Capability.EDIT_GOVERNANCE)
def agenda_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=item_id)
    return _confirm_removal(
        request,
        f"the agenda item '{item.title}' from the meeting of {item.meeting}",
        reverse("governance:meeting", args=[item.meeting_id]),
        lambda: services.agenda_remove(item, request.user),
        "Agenda item removed",
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(MeetingAction, pk=action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the action's status from the list")
        return redirect("governance:meeting", meeting_id=action.meeting_id)
    services.meeting_action_status(action, form.cleaned_data["status"], request.user)
    messages.success(request, "Action status saved")
    if request.POST.get("back") == "body":  # set from the body's list of open actions
        return redirect("governance:body", body_id=action.meeting.body_id)
    return redirect("governance:meeting", meeting_id=action.meeting_id)


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        DecisionForm,
        "decision_form",
        lambda m, d: services.decision_record(m, d["text"], request.user, d["agenda_item"]),
        "Decision recorded",
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
            m,
            d["text"],
            d["owner"],
            d["due_date"],
            request.user,
            d["plan_action"],
            d["new_in_priority"],
        ),
        "Action recorded",
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def challenge_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        ChallengeForm,
        "challenge_form",
        lambda m, d: services.challenge_raise(
            m, d["raised_by"], d["question"], request.user, d["directed_to"], d["agenda_item"]
        ),
        "Challenge recorded",
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def challenge_answer(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    form = AnswerForm(request.POST, auto_id=f"answer-{challenge.id}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_answer(
                challenge, data["answer"], data["answered_by"], request.user, data["answered_on"]
            )
        except services.GovernanceError as error:
            form.add_error(
                "answered_on" if "dated" in str(error) or "date" in str(error) else None, str(error)
            )
        else:
            messages.success(request, "Answer recorded")
            return redirect("governance:meeting", meeting_id=challenge.meeting_id)
    return _meeting_page(request, challenge.meeting_id, status=400, answering=(challenge.id, form))


def _meeting_url(meeting_id: int) -> str:
    return reverse("governance:meeting", args=[meeting_id])


@requires(Capability.EDIT_GOVERNANCE)
def decision_edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__body"), pk=decision_id)
    initial = {"text": decision.text, "agenda_item": decision.agenda_item_id}
    form = DecisionForm(request.POST or None, initial=initial, meeting=decision.meeting)
    return _edit_page(
        request,
        form,
        "Change the decision",
        _meeting_url(decision.meeting_id),
        lambda d: services.decision_change(decision, d["text"], d["agenda_item"], request.user),
        "Decision saved",
        error_field="agenda_item",
        caption=str(decision.meeting),
    )


@requires(Capability.EDIT_GOVERNANCE)
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(MeetingAction.objects.select_related("meeting__body"), pk=action_id)
    initial = {"text": action.text, "owner": action.owner, "due_date": action.due_date}
    form = MeetingActionEditForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        form,
        "Change the action",
        _meeting_url(action.meeting_id),
        lambda d: services.meeting_action_change(
            action, d["text"], d["owner"], d["due_date"], request.user
        ),
        "Action saved",
        caption=str(action.meeting),
    )


@requires(Capability.EDIT_GOVERNANCE)
def challenge_edit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = get_object_or_404(
        Challenge.objects.select_related("meeting__body"), pk=challenge_id
    )
    back = _meeting_url(challenge.meeting_id)
    if not challenge.is_open:
        messages.error(request, "The challenge has been answered, so it can no longer be changed")
        return redirect(back)
    initial = {
        "raised_by": challenge.raised_by,
        "directed_to": challenge.directed_to,
        "question": challenge.question,
        "agenda_item": challenge.agenda_item_id,
    }
    form = ChallengeForm(request.POST or None, initial=initial, meeting=challenge.meeting)
    return _edit_page(
        request,
        form,
        "Change the challenge",
        back,
        lambda d: services.challenge_change(challenge, d, request.user),
        "Challenge saved",
        caption=str(challenge.meeting),
    )


@require_POST
@requires(Capability.EDIT_GOVERNANCE)
def pack_generate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(Meeting, pk=meeting_id)
    pack = services.pack_generate(found, request.user)
    messages.success(request, "Board pack generated from the latest snapshots")
    return redirect("governance:pack", pack_id=pack.id)


def _for_reader(request: HttpRequest, pack: BoardPack, what: str) -> tuple[dict, bool]:
    """The pack rendered for the reader (packs.for_reader): an aggregate-only reader sees "c" for
    small figures and no children whoever the pack was made for; a child-level reader sees only
    the children the decision allows. Every child shown is a record in the access log."""
    aggregate_only = aggregates_only(request.user)
    content = packs.for_reader(
        pack.content, aggregate_only, lambda teams: permitted_children(request.user, teams)
    )
    shows = not aggregate_only and not pack.aggregate_only
    ids = [i for group in content["children"] for i in group["child_ids"]] if shows else []
    if shows and content.get("audits"):  # the children compliant on paper but graded below good
        ids += [i for i in content["audits"].get("children", []) if i not in ids]
    if ids:
        log_list_view(request, what, ids, snapshot_ids=pack.content["snapshot_ids"])
    return packs.layout(content), shows


@requires(Capability.VIEW_AGGREGATES)
def pack(request: HttpRequest, pack_id: int) -> HttpResponse:
    get_object_or_404(BoardPack, pk=pack_id)
    found = selectors.pack(pack_id)
    content, shows = _for_reader(request, found, f"board pack {found.id}")
    context = {"pack": found, "c": content, "show_children": shows}
    return render(request, "governance/pack.html", context)


@requires(Capability.VIEW_AGGREGATES)
def pack_pdf(request: HttpRequest, pack_id: int) -> HttpResponse:
    get_object_or_404(BoardPack, pk=pack_id)
    found = selectors.pack(pack_id)
    from sightline.web.governance import pdf  # fpdf loads here, not when the app starts

    content, shows = _for_reader(request, found, f"board pack {found.id} (PDF)")
    log_event(request, AccessEntry.Kind.EXPORT, f"board pack {found.id} downloaded as PDF")
    body = pdf.render(found, include_children=shows, content=content)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"board-pack-{found.meeting.date:%Y-%m-%d}-{found.id}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
