"""Aggregate-only readers (elected members) see figures from 1 to 5 children as "c" (DfE's rule)."""

import pytest
from django.urls import reverse

from sightline.indicators.model import Period, Result
from sightline.suppression import NOTE, REASON, suppress_small

pytestmark = pytest.mark.django_db


def _result(value, numerator, denominator, unit="percent"):
    return Result("x", Period.year(2025), value, numerator, denominator, (), unit=unit)


@pytest.mark.parametrize(
    ("result", "suppressed"),
    [
        (_result(3, 3, None, "count"), True),
        (_result(0, 0, None, "count"), False),
        (_result(5, 5, None, "count"), True),
        (_result(6, 6, None, "count"), False),
        (_result(50.0, 2, 4), True),
        (_result(10.0, 1, 10), True),
        (_result(50.0, 5, 10), True),
        (_result(60.0, 6, 10), False),
        (_result(30.0, None, 3, "days"), True),
        (_result(0.2, 1, 59521, "rate_per_10k"), True),
        (_result(75.0, 450, 59521, "rate_per_10k"), False),
    ],
)
def test_suppress_small(result, suppressed):
    shown = suppress_small(result)
    assert (shown.value is None and shown.note == NOTE) == suppressed
    if suppressed:
        assert shown.numerator is None and shown.denominator is None


def _cla_cell(html: str) -> str:
    start = html.index("Children looked after at the period end")
    return html[start : html.index("</tr>", start)]


def test_a_member_sees_c_where_an_analyst_sees_the_count(
    demo_dataset, elected_member_client, performance_analyst_client
):
    from sightline.web.core import engine

    engine.clear_cache()
    analyst = _cla_cell(
        performance_analyst_client.get(reverse("performance:scorecard")).content.decode()
    )
    member = _cla_cell(elected_member_client.get(reverse("performance:scorecard")).content.decode())
    assert ">2<" in analyst.replace(" ", "") or "2<br>" in analyst
    assert REASON in member and "c:" in member
    assert "2<br>" not in member


def test_member_breakdowns_are_suppressed(demo_dataset, elected_member_client, auditor_client):
    from sightline.web.core import engine

    engine.clear_cache()
    url = reverse("performance:indicator", kwargs={"indicator_id": "referrals"}) + "?breakdown=team"
    assert REASON in elected_member_client.get(url).content.decode()
    assert REASON not in auditor_client.get(url).content.decode()


def test_compliance_summary_counts_are_suppressed_for_members(
    demo_dataset, elected_member_client, performance_analyst_client
):
    from sightline.web.core import engine

    engine.clear_cache()
    url = reverse("compliance:summary")
    member = elected_member_client.get(url).content.decode()
    analyst = performance_analyst_client.get(url).content.decode()
    assert 'id="suppression-note"' in member and REASON in member
    assert 'id="suppression-note"' not in analyst
    assert ">c<" in member.replace(" ", "") and ">c<" not in analyst.replace(" ", "")


def test_workforce_figures_count_staff_and_are_never_suppressed():
    # Rotherham's synthetic census: 3.4 FTE vacancies of 202.4 posts identifies no child.
    vacancies = Result("vacancy_rate", Period.year(2025), 1.7, 3.4, 202.4, ())
    assert suppress_small(vacancies) == vacancies


def test_an_indicator_about_children_is_suppressed_when_small():
    rereferrals = Result("rereferrals", Period.year(2025), 50.0, 2, 4, ())
    assert suppress_small(rereferrals).value is None


def test_a_hidden_breakdown_cell_is_c_and_a_second_is_hidden_beside_the_total(
    demo_dataset, elected_member_client
):
    from sightline.web.core import engine

    engine.clear_cache()
    url = reverse("performance:indicator", kwargs={"indicator_id": "referrals"}) + "?breakdown=team"
    html = elected_member_client.get(url).content.decode()
    table = html[html.index("By team") :]
    table = table[: table.index("</table>")]
    assert "<abbr" in table and ">c<" in table.replace(" ", "")
