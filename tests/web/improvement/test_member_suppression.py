"""Elected members see the plan's measures as aggregates only: a value resting on 1 to 4 children is
"c" (with the reason) on the plan, theme, action and measure pages, in the measure's chart and
table, and in evidence that captured it; senior leaders see the number. The RAG is still shown."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from plan_data import write_cin_assessments

from sightline.store import Store
from sightline.suppression import REASON
from sightline.web.core import engine
from sightline.web.core.charts import COLOURS
from sightline.web.improvement import services
from sightline.web.improvement.models import Action, Measure

pytestmark = pytest.mark.django_db

INDICATOR = "assessments_45wd"
SMALL = "66.7"  # 2 of 3 assessments in time: rests on 3 children
LARGE = "91.7"  # 11 of 12


@pytest.fixture
def assessments(seeded, sightline_home):
    """Write the year's assessments: `assessments(in_time, late)` (a newer snapshot each time)."""
    store = Store(sightline_home)

    def write(in_time: int, late: int) -> None:
        write_cin_assessments(store, 2025, in_time=in_time, late=late)
        engine.clear_cache()

    return write


def _shows(html: str, figure: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?!\d)", html) is not None


def _measure() -> Measure:
    return Measure.objects.get(indicator_id=INDICATOR)


def _action() -> Action:
    return Action.objects.filter(measure__indicator_id=INDICATOR).order_by("id").first()


def _theme_row(html: str) -> str:
    return html.split(f'data-indicator="{INDICATOR}"')[1].split("</tr>")[0]


def _page(client, name: str, *args) -> str:
    response = client.get(reverse(f"improvement:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def _council_points(html: str) -> int:
    """Points drawn for the council's own series in the measure's chart."""
    return html.count(f'r="4" fill="{COLOURS[0]}"')


def test_the_theme_page_shows_c_to_a_member_and_the_value_to_a_leader(
    assessments, senior_leader_client, elected_member_client
):
    theme_id = _measure().theme_id
    assessments(11, 1)  # 12 children: shown to everyone
    for client in (senior_leader_client, elected_member_client):
        assert _shows(_theme_row(_page(client, "theme", theme_id)), LARGE)
    assessments(2, 1)  # 3 children
    leader = _page(senior_leader_client, "theme", theme_id)
    member = _page(elected_member_client, "theme", theme_id)
    assert _shows(_theme_row(leader), SMALL)
    assert not _shows(member, SMALL)
    row = _theme_row(member)
    assert re.search(r">c<", row)
    assert "govuk-tag--red" in row  # the RAG (from the real value) is still shown
    assert REASON in member and REASON not in leader


def test_the_measure_page_table_and_chart_hide_the_value_from_a_member(
    assessments, senior_leader_client, elected_member_client
):
    measure_id = _measure().id
    assessments(11, 1)
    for client in (senior_leader_client, elected_member_client):
        page = _page(client, "measure", measure_id)
        assert _shows(page.split('id="trajectory"')[1], LARGE)
        assert _council_points(page) == 1
    assessments(2, 1)
    leader = _page(senior_leader_client, "measure", measure_id)
    member = _page(elected_member_client, "measure", measure_id)
    assert _shows(leader.split('id="trajectory"')[1], SMALL)
    assert _council_points(leader) == 1
    assert not _shows(member, SMALL)
    table = member.split('id="trajectory"')[1].split("</table>")[0]
    assert re.search(r"<th[^>]*>2025</th><td[^>]*>c</td>", table)
    assert _council_points(member) == 0  # the suppressed point is not drawn
    assert "govuk-tag--red" in member.split('id="measure-rag"')[1].split("</p>")[0]
    assert REASON in member


def _capture(action: Action, user) -> None:
    services.evidence_add(
        action, services.EvidenceInput("Assessments in time", indicator_id=INDICATOR), user
    )


def _measure_cell(html: str) -> str:
    return html.split('id="measure"')[1].split("</dd>")[0]


def _evidence(html: str) -> str:
    return html.split('id="evidence"')[1].split("</ul>")[0]


def test_the_action_page_shows_c_for_its_measure_and_captured_evidence(
    assessments, senior_leader_client, elected_member_client, make_user
):
    action, lead = _action(), make_user("senior_leader", username="lead")
    assessments(11, 1)
    _capture(action, lead)
    for client in (senior_leader_client, elected_member_client):
        page = _page(client, "action", action.id)
        assert _shows(_measure_cell(page), LARGE) and _shows(_evidence(page), LARGE)
        assert REASON not in page
    assessments(2, 1)
    _capture(action, lead)
    leader = _page(senior_leader_client, "action", action.id)
    member = _page(elected_member_client, "action", action.id)
    assert _shows(_measure_cell(leader), SMALL) and _shows(_evidence(leader), SMALL)
    assert not _shows(member, SMALL)
    assert re.search(r">c<", _measure_cell(member))
    assert re.search(r">c<", _evidence(member))
    assert _shows(_evidence(member), LARGE)  # the earlier capture rested on 12 children
    assert REASON in member


def test_opening_the_plan_records_no_small_value_for_members_to_read(
    assessments, senior_leader_client, elected_member_client
):
    # Opening the plan records computed RAG changes with their reasons, which members can read.
    assessments(2, 1)
    plan = _page(senior_leader_client, "plan")
    assert not _shows(_page(elected_member_client, "plan"), SMALL)
    assert not _shows(plan, SMALL)
    assert not _shows(_page(elected_member_client, "history"), SMALL)
    assert not _shows(_page(elected_member_client, "action", _action().id), SMALL)


def test_a_value_captured_before_its_size_was_recorded_is_c_to_a_member(
    seeded, senior_leader_client, elected_member_client
):
    action = _action()
    action.evidence.create(
        kind="indicator",
        title="Older capture",
        indicator_id=INDICATOR,
        indicator_value=66.7,
        indicator_year=2024,
        indicator_small=None,  # not known: treated as small
        added_by="lead",
    )
    assert _shows(_evidence(_page(senior_leader_client, "action", action.id)), SMALL)
    member = _evidence(_page(elected_member_client, "action", action.id))
    assert not _shows(member, SMALL) and re.search(r">c<", member)
