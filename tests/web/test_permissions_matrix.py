"""Every URL of the project against every role: allowed, refused, or shown with aggregates only.

The matrix below is data: one row per URL name, saying who may use it. Three tests read it.

- A meta-test fails when a URL has no row (or a row names a URL that is gone), and prints the row
  to paste, worked out from the capabilities the view declares.
- In process, for every row and every role: the capabilities the view declares
  (`@requires(...)` or a `CapabilityRequiredMixin`'s) allow exactly the roles the row allows. No
  request is made, so this covers every role of every URL at no cost.
- Over HTTP, with the Django test client against a small synthetic council: one request by an
  allowed role (the one with the fewest capabilities) and one by a refused role (the one with the
  most; anonymous when every role may), plus the aggregate-only role where there is one and the
  role refused by its teams where there is one. A refusal is a 403 written to the access log; an
  allowed child-level page writes a "viewed" record.

Adding a page: add its row to MATRIX (the failure message gives it). A row is
`"area:name": Page(WHO, {url kwarg: value or Ref("...")}, method, {form data}, logs_child_access)`.
`WHO` is one of the access rows below (or a new one: a dict of every Role to OK, NO, AGG or
OUT_OF_SCOPE); `Ref("job")` names an id the `refs` fixture made, `Ref("plan.theme")` one a maker
in MAKERS made (add a maker for a new area's objects).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.middleware import OPEN_PATHS
from sightline.web.accounts.roles import ROLE_CAPABILITIES, Role

pytestmark = pytest.mark.django_db

OK, NO, AGG = "allowed", "forbidden", "aggregate-only"
# Refused although the role holds the capability: the child is outside the user's teams.
OUT_OF_SCOPE = "outside-teams"
R = Role
NOBODY = dict.fromkeys(Role, NO)
EVERYONE = dict.fromkeys(Role, OK)
CHILD_LEVEL = {**EVERYONE, R.ELECTED_MEMBER: NO}
IMPORTERS = {**NOBODY, R.ADMINISTRATOR: OK, R.PERFORMANCE_ANALYST: OK}
IMPORT_READERS = {
    **NOBODY,
    R.ADMINISTRATOR: OK,
    R.PERFORMANCE_ANALYST: OK,
    R.QA_LEAD: OK,
    R.SENIOR_LEADER: OK,
    R.INSPECTOR: OK,
}
ADMIN_ONLY = {**NOBODY, R.ADMINISTRATOR: OK}
OPEN = "open"  # needs no sign-in (sign-in page, health check): under the middleware's OPEN_PATHS
TARGET_SETTERS = {**NOBODY, R.ADMINISTRATOR: OK, R.PERFORMANCE_ANALYST: OK, R.SENIOR_LEADER: OK}
# Aggregate pages that also offer child-level links: elected members see the figures only.
AGGREGATE_WITH_DRILL = {**EVERYONE, R.ELECTED_MEMBER: AGG}
# Plan and governance: everyone reads (board packs aggregate only for elected members); leads edit.
PLAN_READERS = dict(EVERYONE)
PACK_READERS = {**EVERYONE, R.ELECTED_MEMBER: AGG}
PLAN_EDITORS = {**NOBODY, R.ADMINISTRATOR: OK, R.QA_LEAD: OK, R.SENIOR_LEADER: OK}
GOVERNANCE_EDITORS = {**NOBODY, R.ADMINISTRATOR: OK, R.SENIOR_LEADER: OK}
EVIDENCE_READERS = CHILD_LEVEL  # uploaded files are not vetted as aggregate
# Case audits: everyone sees the programme's figures; a named case needs the child in scope (the
# team manager here holds no team of the audited child); QA leads run rounds and moderate.
AUDIT_MANAGERS = {**NOBODY, R.ADMINISTRATOR: OK, R.QA_LEAD: OK}
AUDITORS = {**AUDIT_MANAGERS, R.AUDITOR: OK}
AUDITED_CASE = {**CHILD_LEVEL, R.TEAM_MANAGER: OUT_OF_SCOPE}


@dataclass(frozen=True)
class Ref:
    """An id made for the test: "job", "snapshot", "child" (the `refs` fixture), or
    "<maker>.<key>" (what MAKERS[maker] made, once per test)."""

    name: str


@dataclass(frozen=True)
class Page:
    access: dict | str  # Role -> OK | NO | AGG | OUT_OF_SCOPE, or OPEN
    kwargs: dict[str, Any] | Callable[[dict], dict] = field(default_factory=dict)
    method: str = "GET"
    data: dict[str, Any] | Callable[[dict], dict] = field(default_factory=dict)
    logs_child_access: bool = False

    def url_kwargs(self, refs: dict) -> dict:
        return _resolved(self.kwargs, refs)

    def form_data(self, refs: dict) -> dict:
        return _resolved(self.data, refs)


# URL name -> who may use it (see the module docstring for a row's parts).
MATRIX: dict[str, Page] = {
    "core:home": Page(EVERYONE),
    "core:glossary": Page(EVERYONE),
    "core:digest": Page(EVERYONE),
    "core:health": Page(OPEN),
    "accounts:login": Page(OPEN),
    # Single sign-on's two steps need no sign-in (tests/web/sso: the flow against a provider).
    "sso:start": Page(OPEN),
    "sso:callback": Page(OPEN),
    "accounts:logout": Page(EVERYONE, method="POST"),
    "accounts:profile": Page(EVERYONE),
    "accounts:password_change": Page(EVERYONE),
    "accounts:password_reset": Page(OPEN),
    "accounts:password_reset_done": Page(OPEN),
    "accounts:password_reset_confirm": Page(OPEN, lambda r: {"uidb64": "x", "token": "y"}),
    "accounts:password_reset_complete": Page(OPEN),
    "accounts:two_factor": Page(EVERYONE),
    "accounts:two_factor_setup": Page(EVERYONE),
    "accounts:users": Page(ADMIN_ONLY),
    "accounts:user_invite": Page(ADMIN_ONLY),
    "accounts:user": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}),
    "accounts:user_deactivate": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}, "POST"),
    "accounts:user_reactivate": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}, "POST"),
    "accounts:user_unlock": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}, "POST"),
    "accounts:user_reset_two_factor": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}, "POST"),
    "accounts:user_resend_invite": Page(ADMIN_ONLY, lambda r: {"user_id": _person(r)}, "POST"),
    "accesslog:search": Page(ADMIN_ONLY),
    "imports:index": Page(IMPORT_READERS),
    "imports:upload": Page(IMPORTERS),
    "imports:job": Page(IMPORT_READERS, {"job_id": Ref("job")}),
    "imports:job_status": Page(IMPORT_READERS, {"job_id": Ref("job")}),
    "imports:job_cancel": Page(IMPORTERS, {"job_id": Ref("job")}, "POST"),
    "imports:job_problems": Page(IMPORT_READERS, {"job_id": Ref("job")}, logs_child_access=True),
    "imports:snapshot": Page(
        IMPORT_READERS, {"snapshot_id": Ref("snapshot")}, logs_child_access=True
    ),
    "performance:scorecard": Page(EVERYONE),
    "performance:indicator": Page(AGGREGATE_WITH_DRILL, {"indicator_id": "referrals"}),
    "performance:target": Page(
        TARGET_SETTERS, {"indicator_id": "referrals"}, "POST", {"value": "100"}
    ),
    "performance:children": Page(
        CHILD_LEVEL, {"indicator_id": "referrals"}, logs_child_access=True
    ),
    "compliance:summary": Page(AGGREGATE_WITH_DRILL),
    "compliance:list": Page(CHILD_LEVEL, logs_child_access=True),
    "children:find": Page(CHILD_LEVEL),
    "children:timeline": Page(CHILD_LEVEL, {"child_id": Ref("child")}, logs_child_access=True),
    "benchmarks:index": Page(EVERYONE),
    "improvement:plan": Page(PLAN_READERS),
    "improvement:theme": Page(PLAN_READERS, {"theme_id": Ref("plan.theme")}),
    "improvement:theme_override": Page(
        PLAN_EDITORS,
        {"theme_id": Ref("plan.theme")},
        "POST",
        {"rag": "green", "reason": "x", "version": "1"},
    ),
    "improvement:theme_lead": Page(
        PLAN_EDITORS, {"theme_id": Ref("plan.theme")}, "POST", {"lead_title": "DCS"}
    ),
    "improvement:action": Page(PLAN_READERS, {"action_id": Ref("plan.action")}),
    "improvement:priority_add": Page(
        PLAN_EDITORS, {"theme_id": Ref("plan.theme")}, "POST", {"priority_title": "p"}
    ),
    "improvement:action_add": Page(
        PLAN_EDITORS,
        {"theme_id": Ref("plan.theme")},
        "POST",
        {"priority": "", "title": "t", "due_date": "2030-01-01"},
    ),
    "improvement:milestone_add": Page(
        PLAN_EDITORS,
        {"theme_id": Ref("plan.theme")},
        "POST",
        {"milestone_title": "m", "milestone_due": "2030-01-01"},
    ),
    "improvement:milestone_achieved": Page(
        PLAN_EDITORS, {"milestone_id": Ref("plan.milestone")}, "POST"
    ),
    "improvement:measure": Page(PLAN_READERS, {"measure_id": Ref("plan.measure")}),
    "improvement:measure_set": Page(
        PLAN_EDITORS,
        {"measure_id": Ref("plan.measure")},
        "POST",
        {"target": "80", "tolerance": "2", "trajectory": "2026: 82"},
    ),
    "improvement:recommendation_new": Page(PLAN_READERS),
    "improvement:action_edit": Page(
        PLAN_EDITORS,
        {"action_id": Ref("plan.action")},
        "POST",
        {"version": "1", "title": "t", "due_date": "2030-01-01", "status": "in_progress"},
    ),
    "improvement:action_update": Page(
        PLAN_EDITORS, {"action_id": Ref("plan.action")}, "POST", {"text": "done"}
    ),
    "improvement:action_override": Page(
        PLAN_EDITORS,
        {"action_id": Ref("plan.action")},
        "POST",
        {"rag": "", "version": "1"},
    ),
    "improvement:evidence": Page(EVIDENCE_READERS, {"evidence_id": Ref("plan.evidence")}),
    "improvement:recommendations": Page(PLAN_READERS),
    "improvement:recommendation": Page(PLAN_READERS, {"rec_id": Ref("plan.rec")}),
    "improvement:recommendation_close": Page(
        GOVERNANCE_EDITORS,
        {"rec_id": Ref("plan.rec")},
        "POST",
        {"note": "met", "evidence_title": "report", "evidence_url": "https://example.org/r"},
    ),
    "improvement:history": Page(PLAN_READERS),
    "improvement:framework": Page(PLAN_READERS),
    "governance:index": Page(PLAN_READERS),
    "governance:calendar": Page(PLAN_READERS),
    "governance:body": Page(PLAN_READERS, {"body_id": Ref("plan.body")}),
    "governance:body_new": Page(GOVERNANCE_EDITORS),
    "governance:body_edit": Page(
        GOVERNANCE_EDITORS,
        {"body_id": Ref("plan.body")},
        "POST",
        {"name": "Renamed commission", "kind": "scrutiny"},
    ),
    "governance:member_add": Page(
        GOVERNANCE_EDITORS,
        {"body_id": Ref("plan.body")},
        "POST",
        {"member_name": "Cllr C", "role": "Member", "is_elected_member": "on"},
    ),
    "governance:member_remove": Page(GOVERNANCE_EDITORS, {"member_id": Ref("plan.member")}, "POST"),
    "governance:member_edit": Page(
        GOVERNANCE_EDITORS,
        {"member_id": Ref("plan.member")},
        "POST",
        {"member_name": "Cllr D", "role": "Member", "is_elected_member": "on"},
    ),
    "governance:meeting_new": Page(
        GOVERNANCE_EDITORS,
        {"body_id": Ref("plan.body")},
        "POST",
        {"date": "2030-01-15", "time": "14:00", "location": "Town hall"},
    ),
    "governance:meeting_edit": Page(
        GOVERNANCE_EDITORS,
        {"meeting_id": Ref("plan.meeting")},
        "POST",
        {"date": "2030-01-16", "time": "10:00", "location": "Room 2"},
    ),
    "governance:agenda_remove": Page(
        GOVERNANCE_EDITORS, {"item_id": Ref("plan.agenda_item")}, "POST"
    ),
    "governance:agenda_add": Page(
        GOVERNANCE_EDITORS,
        {"meeting_id": Ref("plan.meeting")},
        "POST",
        {"title": "Caseloads", "presenter": "Head of service"},
    ),
    "governance:agenda_move": Page(
        GOVERNANCE_EDITORS,
        {"item_id": Ref("plan.agenda_item")},
        "POST",
        {"direction": "down"},
    ),
    "governance:action_status": Page(
        GOVERNANCE_EDITORS,
        {"action_id": Ref("plan.meeting_action")},
        "POST",
        {"status": "done"},
    ),
    "governance:meeting": Page(PLAN_READERS, {"meeting_id": Ref("plan.meeting")}),
    "governance:decision_add": Page(
        GOVERNANCE_EDITORS, {"meeting_id": Ref("plan.meeting")}, "POST", {"text": "d"}
    ),
    "governance:decision_edit": Page(
        GOVERNANCE_EDITORS,
        {"decision_id": Ref("plan.decision")},
        "POST",
        {"text": "d2"},
    ),
    "governance:action_edit": Page(
        GOVERNANCE_EDITORS,
        {"action_id": Ref("plan.meeting_action")},
        "POST",
        {"text": "a2", "owner": "o2", "due_date": "2030-01-01"},
    ),
    "governance:challenge_edit": Page(
        GOVERNANCE_EDITORS,
        {"challenge_id": Ref("plan.challenge")},
        "POST",
        {"raised_by": "Cllr", "question": "Why not?"},
    ),
    "governance:action_add": Page(
        GOVERNANCE_EDITORS,
        {"meeting_id": Ref("plan.meeting")},
        "POST",
        {"text": "a", "owner": "o"},
    ),
    "governance:challenge_add": Page(
        GOVERNANCE_EDITORS,
        {"meeting_id": Ref("plan.meeting")},
        "POST",
        {"raised_by": "Cllr", "question": "q"},
    ),
    "governance:challenge_answer": Page(
        GOVERNANCE_EDITORS,
        {"challenge_id": Ref("plan.challenge")},
        "POST",
        {"answered_by": "DCS", "answer": "a"},
    ),
    "governance:pack_generate": Page(
        GOVERNANCE_EDITORS, {"meeting_id": Ref("plan.meeting")}, "POST"
    ),
    "governance:pack": Page(PACK_READERS, {"pack_id": Ref("plan.officers_pack")}),
    # The PDF is binary: its aggregate-only content is tested in tests/web/governance.
    "governance:pack_pdf": Page(PLAN_READERS, {"pack_id": Ref("plan.officers_pack")}),
    "benchmarks:indicator": Page(EVERYONE, {"indicator_id": "cla_at_31"}),
    "validation:report": Page(
        IMPORT_READERS, {"snapshot_id": Ref("snapshot")}, logs_child_access=True
    ),
    # The 903 reference lists: everyone who sees imports reads them; importers upload them.
    "validation:references": Page(IMPORT_READERS),
    "validation:reference_upload": Page(IMPORTERS),
    "validation:rerun": Page(IMPORTERS, {"run_id": Ref("validation.run")}, "POST"),
    "audits:index": Page(PACK_READERS),
    "audits:round_new": Page(AUDIT_MANAGERS),
    "audits:round": Page(CHILD_LEVEL, {"round_id": Ref("audits.round")}, logs_child_access=True),
    "audits:round_draw": Page(AUDIT_MANAGERS, {"round_id": Ref("audits.round")}, "POST"),
    "audits:my_cases": Page(AUDITORS, logs_child_access=True),
    "audits:audit": Page(AUDITED_CASE, {"audit_id": Ref("audits.audit")}, logs_child_access=True),
    "audits:respond": Page(
        AUDITED_CASE,
        {"audit_id": Ref("audits.audit")},
        "POST",
        {"worker_response": "Agreed", "manager_response": ""},
    ),
    "audits:action_add": Page(
        AUDITED_CASE,
        {"audit_id": Ref("audits.audit")},
        "POST",
        {"text": "Visit", "owner": "W1", "due_date": "2030-01-01"},
    ),
    "audits:actions": Page(CHILD_LEVEL, logs_child_access=True),
    "audits:action_done": Page(AUDITED_CASE, {"action_id": Ref("audits.action")}, "POST"),
    "audits:moderation": Page(AUDIT_MANAGERS, logs_child_access=True),
    "audits:moderate": Page(
        AUDIT_MANAGERS, {"audit_id": Ref("audits.audit")}, logs_child_access=True
    ),
    "audits:calibration": Page(AUDITORS),
    "audits:exercise_new": Page(
        AUDIT_MANAGERS,
        method="POST",
        data={
            "title": "Calibration",
            "child_id": "C1",
            "held_on": "2025-03-01",
            "auditors": Ref("audits.auditors"),
        },
    ),
    "audits:reality": Page(CHILD_LEVEL, logs_child_access=True),
}


def _person(refs: dict) -> int:
    """Another user, for the user-management pages."""
    if "person" not in refs:
        from sightline.web.accounts.models import User

        person = User.objects.create_user(username="managed", role="auditor", email="m@x.example")
        refs["person"] = person.pk
    return refs["person"]


def _audits(refs: dict) -> dict:
    """An audit round (not drawn), a submitted audit of C1 (Team A) with an action, and two
    auditors outside Team A."""
    if "audits" not in refs:
        import datetime as dt

        from sightline.audits.sampling import SamplePlan
        from sightline.web.accounts.models import TeamMembership, User
        from sightline.web.audits import services
        from sightline.web.audits.models import Audit

        auditors = []
        for name in ("auditor-one", "auditor-two"):
            user = User.objects.create_user(username=name, role="auditor")
            TeamMembership.objects.create(user=user, team="Team B")
            auditors.append(str(user.pk))
        made = services.round_create(
            title="Monthly audit", kind="monthly", period_start=dt.date(2025, 3, 1),
            period_end=dt.date(2025, 3, 31), scope="", plan=SamplePlan(per_stratum=1), seed=1,
            moderation_percent=20, user=None,
        )  # fmt: skip
        audit = Audit.objects.create(
            round=made, form=made.form, child_id="C1", team="Team A", service="cp",
            status=Audit.Status.SUBMITTED, overall="good", grades={"assessment": "good"},
        )  # fmt: skip
        action = services.action_add(
            audit=audit, text="Visit", owner="W1", due_date=dt.date(2025, 4, 1), user=None
        )
        refs["audits"] = {
            "round": made.id, "audit": audit.id, "action": action.id, "auditors": auditors,
        }  # fmt: skip
    return refs["audits"]


def _plan(refs: dict) -> dict:
    """The seeded demo plan, calendar, an evidence file, a challenge and an officers' pack (once)."""
    if "plan" not in refs:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sightline.web.governance import services as governance
        from sightline.web.governance.models import Meeting
        from sightline.web.governance.seed import seed_calendar
        from sightline.web.improvement import services as improvement
        from sightline.web.improvement.models import Action, Milestone, Recommendation
        from sightline.web.improvement.seed import seed_plan

        framework = seed_plan()
        seed_calendar()
        action = Action.objects.filter(version=1).order_by("id").first()  # data names version 1
        upload = SimpleUploadedFile("minutes.txt", b"minutes")
        evidence = improvement.evidence_add(
            action, improvement.EvidenceInput("m", upload=upload), None
        )
        meeting = Meeting.objects.filter(body__kind="scrutiny").first()
        officers = Meeting.objects.filter(body__kind="qa_board").first()
        refs["plan"] = {
            "theme": framework.themes.get(code="practice").id,
            "measure": framework.themes.get(code="practice").measures.first().id,
            "milestone": Milestone.objects.first().id,
            "action": action.id,
            "evidence": evidence.id,
            "rec": Recommendation.objects.first().id,
            "body": meeting.body_id,
            "meeting": meeting.id,
            "challenge": governance.challenge_raise(meeting, "Cllr", "Why?", None).id,
            "member": meeting.body.members.first().id,
            "agenda_item": meeting.agenda.first().id,
            "meeting_action": governance.meeting_action_add(meeting, "a", "o", None, None).id,
            "decision": governance.decision_record(meeting, "d", None).id,
            "officers_pack": governance.pack_generate(officers, None).id,
        }
    return refs["plan"]


def _validation(refs: dict) -> dict:
    """A validation run of the 903 reference lists' area (its outcome does not matter here)."""
    if "validation" not in refs:
        from sightline.web.validation.models import ValidationRun

        run = ValidationRun.objects.create(key="x", snapshot_id=str(refs["snapshot"]))
        refs["validation"] = {"run": run.id}
    return refs["validation"]


MAKERS: dict[str, Callable[[dict], dict]] = {
    "plan": _plan,
    "audits": _audits,
    "validation": _validation,
}


def _value(value: Any, refs: dict) -> Any:
    if not isinstance(value, Ref):
        return value
    maker, _, key = value.name.partition(".")
    return MAKERS[maker](refs)[key] if key else refs[maker]


def _resolved(values: dict | Callable[[dict], dict], refs: dict) -> dict:
    made = values(refs) if callable(values) else values
    return {name: _value(value, refs) for name, value in made.items()}


# Markers that only appear where child-level data or links are shown.
CHILD_LEVEL_MARKERS = ('id="drill-down"', 'id="work-list"', "/children/", "/compliance/work/")


def url_patterns(resolver=None, namespace="", prefix="/") -> dict[str, tuple[URLPattern, str]]:
    """Every named URL of the project: name -> (its pattern, its path with converters)."""
    found: dict[str, tuple[URLPattern, str]] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin site: staff (administrators) only, tested separately
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= url_patterns(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = (entry, prefix + str(entry.pattern))
    return found


def declared_capabilities(view: Callable) -> tuple[str, ...]:
    """What a view asks of its user: `@requires(...)`, or a CapabilityRequiredMixin's
    `capability`/`capabilities`. Nothing declared: any signed-in user."""
    declared = getattr(view, "required_capabilities", ())
    cls = getattr(view, "view_class", None)
    if cls is not None:
        declared = (getattr(cls, "capability", None), *getattr(cls, "capabilities", ()))
    return tuple(str(c) for c in declared if c)


def _allowed_by_capability(capabilities: tuple[str, ...]) -> set[Role]:
    return {role for role in Role if set(capabilities) <= set(ROLE_CAPABILITIES[role])}


def _access_rows() -> dict[str, dict]:
    return {
        name: value
        for name, value in globals().items()
        if name.isupper()
        and isinstance(value, dict)
        and set(value) == set(Role)
        and set(value.values()) <= {OK, NO, AGG, OUT_OF_SCOPE}
    }


def suggested_row(name: str, pattern: URLPattern, path: str) -> str:
    """The MATRIX row to add for a URL, from what its view declares."""
    capabilities = declared_capabilities(pattern.callback)
    allowed = _allowed_by_capability(capabilities)
    if path.startswith(OPEN_PATHS):
        who = "OPEN"
    else:
        who = next(
            (
                n
                for n, row in _access_rows().items()
                if {r for r in Role if row[r] != NO} == allowed
            ),
            "{**NOBODY, " + ", ".join(f"R.{r.name}: OK" for r in sorted(allowed)) + "}",
        )
    kwargs = ", ".join(f'"{k}": Ref("...")' for k in pattern.pattern.converters)
    needs = ", ".join(capabilities) or "a signed-in user only"
    return (
        f'    "{name}": Page({who}{", {" + kwargs + "}" if kwargs else ""}),  # view needs: {needs}'
    )


def _unnamed(resolver=None, prefix="/") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                found += _unnamed(entry, prefix + str(entry.pattern))
        elif not entry.name:
            found.append(prefix + str(entry.pattern))
    return found


def test_every_url_has_a_name_so_it_can_have_a_row():
    # The admin site's sign-in page is a redirect to ours (one door), not a page of its own.
    unnamed = set(_unnamed()) - {"/admin/login/"}
    assert not unnamed, f"name these URL patterns (name=...) and add their rows: {sorted(unnamed)}"


def test_every_named_url_is_in_the_matrix():
    patterns = url_patterns()
    missing = sorted(set(patterns) - set(MATRIX))
    rows = "\n".join(suggested_row(n, *patterns[n]) for n in missing)
    assert not missing, (
        f"{len(missing)} URL(s) have no row in MATRIX ({__file__}). Add these rows (worked out "
        "from what each view declares; say who may use it if that is not what you meant). "
        'A URL with arguments needs each one: a literal, or Ref("job" | "snapshot" | "child" | '
        '"<maker>.<key>") made by a maker in MAKERS. A POST-only view needs "POST" and the form '
        "data; a page showing children needs logs_child_access=True:\n" + rows
    )
    stale = set(MATRIX) - set(patterns)
    assert not stale, f"MATRIX names URLs that no longer exist: remove {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_view_declares_the_capabilities_its_row_says(name):
    """In process, every role: the view's declared capabilities allow the roles the row allows."""
    pattern, path = url_patterns()[name]
    page = MATRIX[name]
    assert (page.access == OPEN) == path.startswith(OPEN_PATHS), (
        f"{name} ({path}): an OPEN row must be, and only it, under the sign-in middleware's "
        "OPEN_PATHS"
    )
    if page.access == OPEN:
        return
    capabilities = declared_capabilities(pattern.callback)
    by_capability = _allowed_by_capability(capabilities)
    by_row = {role for role, outcome in page.access.items() if outcome != NO}
    assert by_capability == by_row, (
        f"{name}: the view needs {capabilities or 'only a signed-in user'}, which allows "
        f"{sorted(r.value for r in by_capability)}; its row allows "
        f"{sorted(r.value for r in by_row)}: change the row or the view's @requires"
    )


def _by_capabilities(roles) -> list[Role]:
    return sorted(roles, key=lambda role: (len(ROLE_CAPABILITIES[role]), list(Role).index(role)))


def _requests(name: str, page: Page) -> list[tuple[Role | None, str]]:
    """The requests made for a URL: (role, what it should get); None is a signed-out visitor."""
    access = page.access
    assert isinstance(access, dict)
    made: list[tuple[Role | None, str]] = []
    allowed = _by_capabilities(r for r in Role if access[r] == OK)
    if allowed:
        made.append((allowed[0], OK))
    made += [(role, outcome) for role in Role if (outcome := access[role]) in (AGG, OUT_OF_SCOPE)]
    refused = _by_capabilities(r for r in Role if access[r] == NO)
    made.append((refused[-1], NO) if refused else (None, NO))
    return made


CASES = [
    (name, role, outcome)
    for name, page in MATRIX.items()
    if page.access != OPEN
    for role, outcome in _requests(name, page)
]


@pytest.fixture
def refs(demo_dataset, tmp_path):
    from sightline.web.imports.models import ImportJob

    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "problems.json").write_text(
        '[{"severity": "error", "code": "1", "child_id": "C2", "message": "bad", "file": "f.xml"}]'
    )
    job = ImportJob.objects.create(upload_dir=str(folder), files=[{"name": "f.xml", "bytes": 1}])
    return {"child": "C1", "job": job.id, "snapshot": demo_dataset.snapshot_ids[0]}


@pytest.mark.parametrize(
    ("name", "role", "outcome"),
    CASES,
    ids=[f"{n}-{r.value if r else 'signed-out'}-{o}" for n, r, o in CASES],
)
def test_one_allowed_and_one_refused_request_per_url(
    name, role, outcome, client, client_as, demo_dataset, refs
):
    page = MATRIX[name]
    kwargs = page.url_kwargs(refs)
    if role is not None:
        client = client_as(role, teams=demo_dataset.teams_of_child(kwargs.get("child_id")))
    before_id = AccessEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = reverse(name, kwargs=kwargs)
    data = page.form_data(refs)
    response = client.post(url, data) if page.method == "POST" else client.get(url)
    if role is None:  # signed out: sent to sign in, nothing shown
        assert response.status_code == 302, response.content[:300]
        assert response["Location"].startswith(reverse("accounts:login"))
        return
    if outcome in (NO, OUT_OF_SCOPE):
        assert response.status_code == 403, response.content[:300]
        assert AccessEntry.objects.filter(outcome="denied").count() == 1
        return
    assert response.status_code in (200, 302), response.content[:300]
    assert not AccessEntry.objects.filter(outcome="denied").exists()
    if page.logs_child_access:  # one record per child shown (or one for an empty list)
        written = AccessEntry.objects.filter(id__gt=before_id)
        assert written.exists() and all(e.outcome == "viewed" for e in written)
    html = response.content.decode(errors="replace")  # PDFs are binary
    if outcome == AGG:
        assert not any(marker in html for marker in CHILD_LEVEL_MARKERS)
    elif page.access == AGGREGATE_WITH_DRILL:
        assert any(marker in html for marker in CHILD_LEVEL_MARKERS)


SSO_STEPS = {"sso:start", "sso:callback"}


@pytest.mark.parametrize(
    "name", [n for n, p in MATRIX.items() if p.access == OPEN and n not in SSO_STEPS]
)
def test_open_pages_need_no_sign_in(client, name):
    page = MATRIX[name]
    kwargs = page.kwargs(None) if callable(page.kwargs) else None
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize("name", sorted(SSO_STEPS))
def test_single_sign_on_steps_need_no_sign_in_and_say_when_it_is_not_set_up(client, settings, name):
    settings.SIGHTLINE_SSO = None
    response = client.get(reverse(name))
    assert response.status_code == 404
    assert "single sign-on is not set up" in response.content.decode()


def test_sign_out_needs_a_post(auditor_client):
    assert auditor_client.get(reverse("accounts:logout")).status_code == 405


def test_team_manager_cannot_open_another_teams_child_by_url(client_as, demo_dataset):
    client = client_as(Role.TEAM_MANAGER, teams=("Team B",))
    response = client.get(reverse("children:timeline", kwargs={"child_id": "C1"}))
    assert response.status_code == 403
    assert "not allocated to one of your teams" in response.content.decode()
    refused = AccessEntry.objects.get(outcome="denied")
    assert refused.child_id == "C1"


def test_team_manager_drill_down_shows_only_their_teams(client_as, demo_dataset):
    client = client_as(Role.TEAM_MANAGER, teams=("Team B",))
    html = client.get(
        reverse("performance:children", kwargs={"indicator_id": "referrals"}) + "?year=2025"
    ).content.decode()
    assert ">C2<" in html
    assert ">C1<" not in html


def test_every_capability_is_named_in_words():
    """A refusal names what the page needs in words: every capability must have them (one
    without made every refusal of its pages a server error)."""
    from sightline.web.accounts.roles import CAPABILITY_WORDS, Capability

    assert set(CAPABILITY_WORDS) == set(Capability)
