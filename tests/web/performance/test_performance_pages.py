"""Performance pages: answer before any import, set targets, set the council beside England."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("performance:scorecard", {}),
    ("performance:indicator", {"indicator_id": "referrals"}),
    ("performance:children", {"indicator_id": "referrals"}),
    ("compliance:summary", {}),
    ("compliance:list", {}),
    ("benchmarks:index", {}),
    ("imports:index", {}),
    ("children:timeline", {"child_id": "C1"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_answer_before_any_import(administrator_client, name, kwargs):
    response = administrator_client.get(reverse(name, kwargs=kwargs))
    assert response.status_code in (200, 404), response.content[:500]


def test_unknown_indicator_is_not_found(administrator_client, demo_dataset):
    url = reverse("performance:indicator", kwargs={"indicator_id": "no_such_thing"})
    assert administrator_client.get(url).status_code == 404


def test_target_must_be_a_number(performance_analyst_client, demo_dataset):
    url = reverse("performance:target", kwargs={"indicator_id": "assessments_45wd"})
    response = performance_analyst_client.post(url, {"value": "lots"})
    assert response.status_code == 400
    assert "Enter the target as a number" in response.content.decode()


def test_target_sets_the_rag_status(performance_analyst_client, demo_dataset):
    url = reverse("performance:target", kwargs={"indicator_id": "assessments_45wd"})
    performance_analyst_client.post(url, {"value": "95"})
    html = performance_analyst_client.get(reverse("performance:scorecard")).content.decode()
    assert "govuk-tag--red" in html  # 1 of 2 assessments in time: 50% against a 95% target


def test_indicator_chart_sets_the_council_beside_england(auditor_client, demo_dataset):
    url = reverse("performance:indicator", kwargs={"indicator_id": "rereferrals"})
    html = auditor_client.get(url).content.decode()
    assert "England" in html and "Neighbours" in html
    assert html.count("<polyline") + html.count("<circle") >= 2


def test_a_count_draws_england_and_the_neighbours_on_their_own_scales(auditor_client, demo_dataset):
    page = auditor_client.get("/performance/indicators/referrals/").content.decode()
    assert page.count("<svg") >= 2  # the council's chart, then England's (and neighbours') own
    assert 'id="own-scale-note"' in page
    first = page.split("<svg")[1]
    assert "England" not in first.split("</svg>")[0]


def test_a_rate_keeps_england_on_the_councils_chart(auditor_client, demo_dataset):
    page = auditor_client.get("/performance/indicators/assessments_45wd/").content.decode()
    assert page.count("<svg") == 1


def test_an_indicator_shows_month_by_month_and_rolling_12_months(auditor_client, demo_dataset):
    from sightline.indicators import registry
    from sightline.indicators.model import Period
    from sightline.indicators.runner import run_one
    from sightline.web.core import engine

    page = auditor_client.get("/performance/indicators/referrals/?period=month").content.decode()
    assert 'id="period-values"' in page and "April 2024" in page and "March 2025" in page
    expected = run_one(engine.dataset(2025), registry.get("referrals"), Period.parse("2024-05"))
    row = page.split("May 2024</th>")[1].split("</td>")[0]
    assert row.endswith(f">{expected[0].value:,.0f}") or f">{expected[0].value:g}" in row
    page = auditor_client.get(
        "/performance/indicators/referrals/?period=rolling12"
    ).content.decode()
    assert "12 months to 31 March 2025" in page


def test_a_figure_dfe_does_not_publish_says_why_it_has_no_england_figure(
    auditor_client, demo_dataset
):
    """No bare dash where England would be: the page says why there is nothing to compare with,
    and the scorecard that it is not published."""
    url = reverse("performance:indicator", kwargs={"indicator_id": "assessments_45wd"})
    html = auditor_client.get(url).content.decode()
    reason = html.split('id="not-published">')[1].split("</dd>")[0]
    assert "table C2" in reason and "not among the published statistics" in reason
    card = auditor_client.get(reverse("performance:scorecard")).content.decode()
    row = card.split("Assessments completed within 45 working days</a>")[1].split("</tr>")[0]
    assert row.count("Not published") == 2  # England and the neighbours' median
    published = card.split("Re-referrals within 12 months</a>")[1].split("</tr>")[0]
    assert "Not published" not in published


def test_every_indicator_says_where_dfe_publishes_it_or_why_it_is_not_compared():
    from sightline.indicators import registry
    from sightline.indicators.model import Indicator

    for indicator in registry.indicators():
        assert (indicator.published is None) == bool(indicator.not_published), indicator.id
    with pytest.raises(ValueError, match="not_published"):
        Indicator(id="x", name="X", family="cin", unit="count", polarity="neutral",
                  definition="", units="", tables=())  # fmt: skip
