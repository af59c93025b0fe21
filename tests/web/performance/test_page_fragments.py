"""Parts of pages kept rendered (web.core.fragments): shown again, they are not rendered again, yet
every reader sees exactly what a fresh rendering would show them (their own scope and suppression,
the targets and audit actions of the moment), and a list of children still writes a record for
every child it shows. Counts, not times."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sightline.web.accesslog import services as accesslog
from sightline.web.accesslog.models import AccessEntry
from sightline.web.audits.models import Audit, AuditAction, Round
from sightline.web.audits.services import form_ensure_default
from sightline.web.core import fragments
from sightline.web.performance.models import Target

pytestmark = pytest.mark.django_db
WORK = reverse("compliance:list")
SCORECARD = reverse("performance:scorecard")


@pytest.fixture
def fresh():
    fragments.clear()
    yield
    fragments.clear()


def _work_table(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<form method="get">') : html.index("</table>")]


def _scorecard_tables(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("Council:") : html.index("</details>")]


def _children(table: str) -> set[str]:
    return set(re.findall(r">(C\d)</a>", table))


def _rendered() -> int:
    return fragments.counts()["rendered"]


def test_the_work_list_shown_again_is_not_rendered_again_and_logs_every_child_each_time(
    demo_dataset, client_as, settings, fresh
):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    reader = client_as("senior_leader")
    first = _work_table(reader.get(WORK))
    shown = _children(first)
    assert shown  # the demo council has work due
    rendered = _rendered()
    again = _work_table(reader.get(WORK))
    assert again == first
    assert _rendered() == rendered  # the rows came from the kept rendering
    for child in shown:  # ... and each view still has its record for every child it showed
        assert AccessEntry.objects.filter(child_id=child, what="compliance work list").count() == 2


def test_a_team_manager_never_sees_a_rendering_kept_for_a_reader_of_every_team(
    demo_dataset, client_as, settings, fresh
):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    everyone = _work_table(client_as("senior_leader").get(WORK))
    assert {"C2", "C4"} & _children(everyone)  # Team B's children are due work
    manager = client_as("team_manager", teams=("Team A",))
    theirs = _work_table(manager.get(WORK))
    assert not {"C2", "C4"} & _children(theirs)
    fragments.clear()
    assert _work_table(manager.get(WORK)) == theirs  # as a fresh rendering shows it


def test_an_audit_action_raised_after_the_list_was_shown_is_in_it(
    demo_dataset, client_as, settings, fresh
):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    reader = client_as("senior_leader")
    home_before = reader.get(reverse("core:home")).content.decode()
    assert "Record the child" not in _work_table(reader.get(WORK))
    form = form_ensure_default()
    made = Round.objects.create(title="March audit", kind="monthly", form=form, seed=1,
                                period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31))  # fmt: skip
    audit = Audit.objects.create(round=made, form=form, child_id="C1", team="Team A",
                                 service="cp", overall="good", status=Audit.Status.SUBMITTED,
                                 submitted_at=timezone.now())  # fmt: skip
    AuditAction.objects.create(audit=audit, text="Record the child's views", owner="W1",
                               due_date=dt.date(2025, 3, 20), created_by="tm")  # fmt: skip
    assert "Record the child&#x27;s views" in _work_table(reader.get(WORK))
    # the home page's counts include it too (one more overdue item than before)
    overdue = lambda html: int(re.search(r'id="home-overdue">(\d+)<', html).group(1))  # noqa: E731
    assert overdue(reader.get(reverse("core:home")).content.decode()) == overdue(home_before) + 1


def test_the_scorecard_kept_for_one_reader_is_not_shown_to_a_reader_who_sees_small_figures_as_c(
    demo_dataset, client_as, fresh
):
    analyst = _scorecard_tables(client_as("performance_analyst").get(SCORECARD))
    member = client_as("elected_member")
    suppressed = _scorecard_tables(member.get(SCORECARD))
    assert suppressed != analyst  # the demo council is small: its figures are "c" for a member
    fragments.clear()
    assert _scorecard_tables(member.get(SCORECARD)) == suppressed


def test_a_target_set_shows_on_the_scorecard_shown_again(demo_dataset, client_as, fresh):
    analyst = client_as("performance_analyst")
    before = _scorecard_tables(analyst.get(SCORECARD))
    rendered = _rendered()
    assert _scorecard_tables(analyst.get(SCORECARD)) == before
    assert _rendered() == rendered  # shown again: not rendered again
    Target.objects.create(indicator_id="referrals", value=4321)
    after = _scorecard_tables(analyst.get(SCORECARD))
    assert "4,321" in after and "4,321" not in before
    fragments.clear()
    assert _scorecard_tables(analyst.get(SCORECARD)) == after


def test_a_list_of_children_is_one_insert_and_the_chain_holds(db):
    children = [f"C{n}" for n in range(150)]
    with CaptureQueriesContext(connection) as queries:
        accesslog.write(
            None,
            [{"outcome": "viewed", "kind": "list", "what": "a list", "child_id": c,
              "children_shown": len(children)} for c in children],
            username="ann",
        )  # fmt: skip
    inserts = [
        q["sql"] for q in queries.captured_queries if 'INTO "accesslog_accessentry"' in q["sql"]
    ]
    # one statement for the many rows, not one per child: on SQLite an executemany (Django
    # records it as "150 times: ..."), on PostgreSQL one INSERT ... SELECT of unnested arrays
    assert len(inserts) == 1
    if connection.vendor == "postgresql":
        assert "unnest(" in inserts[0] and " times: " not in inserts[0]
    else:
        assert inserts[0].startswith(f"{len(children)} times: ")
    assert AccessEntry.objects.filter(what="a list").count() == len(children)
    assert sorted(AccessEntry.objects.values_list("child_id", flat=True)) == sorted(children)
    assert accesslog.verify() == []


@pytest.mark.parametrize(
    ("role", "url", "most"),
    [
        # the session, the user, the targets, the audits' figure
        ("performance_analyst", SCORECARD, 4),
        # the session, the user, the audit actions; the access log: the chain's head, the one
        # INSERT of its records, the head moved on (and the transaction's begin and commit)
        ("senior_leader", WORK + "?status=overdue", 8),
    ],
)
def test_a_page_shown_again_asks_the_database_a_bounded_number_of_questions(
    demo_dataset, client_as, settings, fresh, django_assert_max_num_queries, role, url, most
):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    reader = client_as(role)
    assert reader.get(url).status_code == 200
    with django_assert_max_num_queries(most):
        assert reader.get(url).status_code == 200


def test_the_children_behind_a_figure_are_each_readers_own_and_logged_on_every_view(
    demo_dataset, client_as, fresh
):
    url = reverse("performance:children", kwargs={"indicator_id": "referrals"})

    def table(response) -> str:
        assert response.status_code == 200
        html = response.content.decode()
        return html[html.index('<div class="sightline-table-wrap">') : html.index("</table>")]

    everyone = client_as("senior_leader")
    first = table(everyone.get(url))
    assert {"C1", "C2"} <= _children(first)
    rendered = _rendered()
    assert table(everyone.get(url)) == first
    assert _rendered() == rendered
    assert (
        AccessEntry.objects.filter(child_id="C2", what__startswith="children behind").count() == 2
    )
    manager = client_as("team_manager", teams=("Team A",))
    theirs = table(manager.get(url))
    assert "C1" in _children(theirs) and not {"C2", "C4"} & _children(theirs)
    fragments.clear()
    assert table(manager.get(url)) == theirs
