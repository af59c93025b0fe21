"""Every named URL against every role: allowed, refused, or shown with aggregates only.

The matrix is declared here as a table; a meta-test checks every named URL pattern appears in it, so a
new page cannot be added without deciding who may see it. Child-level pages must also write the
access log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.roles import Role

pytestmark = pytest.mark.django_db

OK, NO, AGG = "allowed", "forbidden", "aggregate-only"
R = Role
EVERYONE = dict.fromkeys(Role, OK)
CHILD_LEVEL = {**EVERYONE, R.ELECTED_MEMBER: NO}
IMPORTERS = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK, R.PERFORMANCE_ANALYST: OK}
IMPORT_READERS = {
    **dict.fromkeys(Role, NO),
    R.ADMINISTRATOR: OK,
    R.PERFORMANCE_ANALYST: OK,
    R.QA_LEAD: OK,
    R.SENIOR_LEADER: OK,
    R.INSPECTOR: OK,
}
ADMIN_ONLY = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK}
OPEN = "open"  # needs no sign-in (sign-in page, health check)
TARGET_SETTERS = {
    **dict.fromkeys(Role, NO),
    R.ADMINISTRATOR: OK,
    R.PERFORMANCE_ANALYST: OK,
    R.SENIOR_LEADER: OK,
}
# Aggregate pages that also offer child-level links: elected members see the figures only.
AGGREGATE_WITH_DRILL = {**EVERYONE, R.ELECTED_MEMBER: AGG}
# Plan and governance: everyone reads (board packs aggregate only for elected members); leads edit.
PLAN_READERS = dict(EVERYONE)
PACK_READERS = {**EVERYONE, R.ELECTED_MEMBER: AGG}
PLAN_EDITORS = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK, R.QA_LEAD: OK, R.SENIOR_LEADER: OK}
GOVERNANCE_EDITORS = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK, R.SENIOR_LEADER: OK}
EVIDENCE_READERS = CHILD_LEVEL  # uploaded files are not vetted as aggregate
# Case audits: everyone sees the programme's figures; a named case needs the child in scope (the
# team manager here holds no team of the audited child); QA leads run rounds and moderate.
AUDIT_MANAGERS = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK, R.QA_LEAD: OK}
AUDITORS = {**AUDIT_MANAGERS, R.AUDITOR: OK}
AUDITED_CASE = {**CHILD_LEVEL, R.TEAM_MANAGER: NO}


@dataclass(frozen=True)
class Page:
    access: dict | str
    kwargs: Callable[[dict], dict] = lambda refs: {}
    method: str = "GET"
    data: dict | Callable[[dict], dict] = field(default_factory=dict)
    logs_child_access: bool = False


# url name -> who may use it. `refs` holds ids made by the fixture (child, job, snapshot).
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
    "accesslog:search": Page(ADMIN_ONLY),
    "imports:index": Page(IMPORT_READERS),
    "imports:upload": Page(IMPORTERS),
    "imports:job": Page(IMPORT_READERS, lambda r: {"job_id": r["job"]}),
    "imports:job_status": Page(IMPORT_READERS, lambda r: {"job_id": r["job"]}),
    "imports:job_cancel": Page(IMPORTERS, lambda r: {"job_id": r["job"]}, "POST"),
    "imports:job_problems": Page(
        IMPORT_READERS, lambda r: {"job_id": r["job"]}, logs_child_access=True
    ),
    "imports:snapshot": Page(
        IMPORT_READERS, lambda r: {"snapshot_id": r["snapshot"]}, logs_child_access=True
    ),
    "performance:scorecard": Page(EVERYONE),
    "performance:indicator": Page(AGGREGATE_WITH_DRILL, lambda r: {"indicator_id": "referrals"}),
    "performance:target": Page(
        TARGET_SETTERS, lambda r: {"indicator_id": "referrals"}, "POST", {"value": "100"}
    ),
    "performance:children": Page(
        CHILD_LEVEL, lambda r: {"indicator_id": "referrals"}, logs_child_access=True
    ),
    "compliance:summary": Page(AGGREGATE_WITH_DRILL),
    "compliance:list": Page(CHILD_LEVEL, logs_child_access=True),
    "children:find": Page(CHILD_LEVEL),
    "children:timeline": Page(
        CHILD_LEVEL, lambda r: {"child_id": r["child"]}, logs_child_access=True
    ),
    "benchmarks:index": Page(EVERYONE),
    "improvement:plan": Page(PLAN_READERS),
    "improvement:theme": Page(PLAN_READERS, lambda r: {"theme_id": _plan(r)["theme"]}),
    "improvement:theme_override": Page(
        PLAN_EDITORS,
        lambda r: {"theme_id": _plan(r)["theme"]},
        "POST",
        {"rag": "green", "reason": "x", "version": "1"},
    ),
    "improvement:theme_lead": Page(
        PLAN_EDITORS, lambda r: {"theme_id": _plan(r)["theme"]}, "POST", {"lead_title": "DCS"}
    ),
    "improvement:action": Page(PLAN_READERS, lambda r: {"action_id": _plan(r)["action"]}),
    "improvement:priority_add": Page(
        PLAN_EDITORS, lambda r: {"theme_id": _plan(r)["theme"]}, "POST", {"priority_title": "p"}
    ),
    "improvement:action_add": Page(
        PLAN_EDITORS,
        lambda r: {"theme_id": _plan(r)["theme"]},
        "POST",
        {"priority": "", "title": "t", "due_date": "2030-01-01"},
    ),
    "improvement:milestone_add": Page(
        PLAN_EDITORS,
        lambda r: {"theme_id": _plan(r)["theme"]},
        "POST",
        {"milestone_title": "m", "milestone_due": "2030-01-01"},
    ),
    "improvement:milestone_achieved": Page(
        PLAN_EDITORS, lambda r: {"milestone_id": _plan(r)["milestone"]}, "POST"
    ),
    "improvement:measure": Page(PLAN_READERS, lambda r: {"measure_id": _plan(r)["measure"]}),
    "improvement:measure_set": Page(
        PLAN_EDITORS,
        lambda r: {"measure_id": _plan(r)["measure"]},
        "POST",
        {"target": "80", "tolerance": "2", "trajectory": "2026: 82"},
    ),
    "improvement:recommendation_new": Page(PLAN_READERS),
    "improvement:action_edit": Page(
        PLAN_EDITORS,
        lambda r: {"action_id": _plan(r)["action"]},
        "POST",
        {"version": "1", "title": "t", "due_date": "2030-01-01", "status": "in_progress"},
    ),
    "improvement:action_update": Page(
        PLAN_EDITORS, lambda r: {"action_id": _plan(r)["action"]}, "POST", {"text": "done"}
    ),
    "improvement:action_override": Page(
        PLAN_EDITORS,
        lambda r: {"action_id": _plan(r)["action"]},
        "POST",
        {"rag": "", "version": "1"},
    ),
    "improvement:evidence": Page(EVIDENCE_READERS, lambda r: {"evidence_id": _plan(r)["evidence"]}),
    "improvement:recommendations": Page(PLAN_READERS),
    "improvement:recommendation": Page(PLAN_READERS, lambda r: {"rec_id": _plan(r)["rec"]}),
    "improvement:recommendation_close": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"rec_id": _plan(r)["rec"]},
        "POST",
        {"note": "met", "evidence_title": "report", "evidence_url": "https://example.org/r"},
    ),
    "improvement:history": Page(PLAN_READERS),
    "improvement:framework": Page(PLAN_READERS),
    "governance:index": Page(PLAN_READERS),
    "governance:calendar": Page(PLAN_READERS),
    "governance:body": Page(PLAN_READERS, lambda r: {"body_id": _plan(r)["body"]}),
    "governance:body_new": Page(GOVERNANCE_EDITORS),
    "governance:body_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"body_id": _plan(r)["body"]},
        "POST",
        {"name": "Renamed commission", "kind": "scrutiny"},
    ),
    "governance:member_add": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"body_id": _plan(r)["body"]},
        "POST",
        {"member_name": "Cllr C", "role": "Member", "is_elected_member": "on"},
    ),
    "governance:member_remove": Page(
        GOVERNANCE_EDITORS, lambda r: {"member_id": _plan(r)["member"]}, "POST"
    ),
    "governance:member_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"member_id": _plan(r)["member"]},
        "POST",
        {"member_name": "Cllr D", "role": "Member", "is_elected_member": "on"},
    ),
    "governance:meeting_new": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"body_id": _plan(r)["body"]},
        "POST",
        {"date": "2030-01-15", "time": "14:00", "location": "Town hall"},
    ),
    "governance:meeting_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"meeting_id": _plan(r)["meeting"]},
        "POST",
        {"date": "2030-01-16", "time": "10:00", "location": "Room 2"},
    ),
    "governance:agenda_remove": Page(
        GOVERNANCE_EDITORS, lambda r: {"item_id": _plan(r)["agenda_item"]}, "POST"
    ),
    "governance:agenda_add": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"meeting_id": _plan(r)["meeting"]},
        "POST",
        {"title": "Caseloads", "presenter": "Head of service"},
    ),
    "governance:agenda_move": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"item_id": _plan(r)["agenda_item"]},
        "POST",
        {"direction": "down"},
    ),
    "governance:action_status": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"action_id": _plan(r)["meeting_action"]},
        "POST",
        {"status": "done"},
    ),
    "governance:meeting": Page(PLAN_READERS, lambda r: {"meeting_id": _plan(r)["meeting"]}),
    "governance:decision_add": Page(
        GOVERNANCE_EDITORS, lambda r: {"meeting_id": _plan(r)["meeting"]}, "POST", {"text": "d"}
    ),
    "governance:decision_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"decision_id": _plan(r)["decision"]},
        "POST",
        {"text": "d2"},
    ),
    "governance:action_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"action_id": _plan(r)["meeting_action"]},
        "POST",
        {"text": "a2", "owner": "o2", "due_date": "2030-01-01"},
    ),
    "governance:challenge_edit": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"challenge_id": _plan(r)["challenge"]},
        "POST",
        {"raised_by": "Cllr", "question": "Why not?"},
    ),
    "governance:action_add": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"meeting_id": _plan(r)["meeting"]},
        "POST",
        {"text": "a", "owner": "o"},
    ),
    "governance:challenge_add": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"meeting_id": _plan(r)["meeting"]},
        "POST",
        {"raised_by": "Cllr", "question": "q"},
    ),
    "governance:challenge_answer": Page(
        GOVERNANCE_EDITORS,
        lambda r: {"challenge_id": _plan(r)["challenge"]},
        "POST",
        {"answered_by": "DCS", "answer": "a"},
    ),
    "governance:pack_generate": Page(
        GOVERNANCE_EDITORS, lambda r: {"meeting_id": _plan(r)["meeting"]}, "POST"
    ),
    "governance:pack": Page(PACK_READERS, lambda r: {"pack_id": _plan(r)["officers_pack"]}),
    # The PDF is binary: its aggregate-only content is tested in tests/web/governance.
    "governance:pack_pdf": Page(PLAN_READERS, lambda r: {"pack_id": _plan(r)["officers_pack"]}),
    "benchmarks:indicator": Page(EVERYONE, lambda r: {"indicator_id": "cla_at_31"}),
    "validation:report": Page(
        IMPORT_READERS, lambda r: {"snapshot_id": r["snapshot"]}, logs_child_access=True
    ),
    "audits:index": Page(PACK_READERS),
    "audits:round_new": Page(AUDIT_MANAGERS),
    "audits:round": Page(
        CHILD_LEVEL, lambda r: {"round_id": _audits(r)["round"]}, logs_child_access=True
    ),
    "audits:round_draw": Page(AUDIT_MANAGERS, lambda r: {"round_id": _audits(r)["round"]}, "POST"),
    "audits:my_cases": Page(AUDITORS, logs_child_access=True),
    "audits:audit": Page(
        AUDITED_CASE, lambda r: {"audit_id": _audits(r)["audit"]}, logs_child_access=True
    ),
    "audits:respond": Page(
        AUDITED_CASE,
        lambda r: {"audit_id": _audits(r)["audit"]},
        "POST",
        {"worker_response": "Agreed", "manager_response": ""},
    ),
    "audits:action_add": Page(
        AUDITED_CASE,
        lambda r: {"audit_id": _audits(r)["audit"]},
        "POST",
        {"text": "Visit", "owner": "W1", "due_date": "2030-01-01"},
    ),
    "audits:actions": Page(CHILD_LEVEL, logs_child_access=True),
    "audits:action_done": Page(AUDITED_CASE, lambda r: {"action_id": _audits(r)["action"]}, "POST"),
    "audits:moderation": Page(AUDIT_MANAGERS, logs_child_access=True),
    "audits:moderate": Page(
        AUDIT_MANAGERS, lambda r: {"audit_id": _audits(r)["audit"]}, logs_child_access=True
    ),
    "audits:calibration": Page(AUDITORS),
    "audits:exercise_new": Page(
        AUDIT_MANAGERS,
        method="POST",
        data=lambda r: {
            "title": "Calibration",
            "child_id": "C1",
            "held_on": "2025-03-01",
            "auditors": _audits(r)["auditors"],
        },
    ),
    "audits:reality": Page(CHILD_LEVEL, logs_child_access=True),
}


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


# Markers that only appear where child-level data or links are shown.
CHILD_LEVEL_MARKERS = ('id="drill-down"', 'id="work-list"', "/children/", "/compliance/work/")


def _named_patterns(resolver=None, namespace="") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin site: staff (administrators) only, tested separately
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_named_url_is_in_the_matrix():
    missing = _named_patterns() - set(MATRIX)
    assert not missing, f"add these URL names to MATRIX: {sorted(missing)}"
    stale = set(MATRIX) - _named_patterns()
    assert not stale, f"MATRIX names URLs that no longer exist: {sorted(stale)}"


CASES = [(name, role) for name, page in MATRIX.items() if page.access != OPEN for role in Role]


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


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r.value}" for n, r in CASES])
def test_role_gets_what_the_matrix_says(name, role, client_as, demo_dataset, refs):
    page = MATRIX[name]
    kwargs = page.kwargs(refs)
    client = client_as(role, teams=demo_dataset.teams_of_child(kwargs.get("child_id")))
    before_id = AccessEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = reverse(name, kwargs=kwargs)
    data = page.data(refs) if callable(page.data) else page.data
    response = client.post(url, data) if page.method == "POST" else client.get(url)
    expected = page.access[role]
    if expected == NO:
        assert response.status_code == 403, response.content[:300]
        assert AccessEntry.objects.filter(outcome="denied").count() == 1
        return
    assert response.status_code in (200, 302), response.content[:300]
    assert not AccessEntry.objects.filter(outcome="denied").exists()
    if page.logs_child_access:  # one record per child shown (or one for an empty list)
        written = AccessEntry.objects.filter(id__gt=before_id)
        assert written.exists() and all(e.outcome == "viewed" for e in written)
    html = response.content.decode(errors="replace")  # PDFs are binary
    if expected == AGG:
        assert not any(marker in html for marker in CHILD_LEVEL_MARKERS)
    elif page.access == AGGREGATE_WITH_DRILL:
        assert any(marker in html for marker in CHILD_LEVEL_MARKERS)


SSO_STEPS = {"sso:start", "sso:callback"}


@pytest.mark.parametrize(
    "name", [n for n, p in MATRIX.items() if p.access == OPEN and n not in SSO_STEPS]
)
def test_open_pages_need_no_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 200


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
