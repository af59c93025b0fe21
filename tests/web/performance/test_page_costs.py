"""What a page costs once its results are cached: no figure worked out again, no dataset opened by
a warm worker, and a bounded number of database queries. Counts, not times (times vary with the
machine; counts do not)."""

import pytest
from django.urls import reverse

from sightline import dataset as dataset_module
from sightline.indicators import runner
from sightline.web.core import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """Counts of the costly engine calls a page may make: indicator queries, datasets opened."""
    counted = {"children_behind": 0, "run_one": 0, "datasets": 0}

    def counting(name, function):
        def wrapped(*args, **kwargs):
            counted[name] += 1
            return function(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(
        runner, "children_behind", counting("children_behind", runner.children_behind)
    )
    monkeypatch.setattr(runner, "run_one", counting("run_one", runner.run_one))
    opened = dataset_module.Dataset.from_snapshots
    monkeypatch.setattr(
        dataset_module.Dataset, "from_snapshots", staticmethod(counting("datasets", opened))
    )
    return counted


def _as_a_fresh_worker():
    """A worker that has just started: no dataset open (the results cache is on disk)."""
    engine.workspace().close()


def test_children_behind_a_figure_are_listed_again_without_running_the_indicator(
    performance_analyst_client, demo_dataset, calls, django_assert_max_num_queries
):
    url = reverse("performance:children", kwargs={"indicator_id": "referrals"})
    first = performance_analyst_client.get(url)
    assert first.status_code == 200
    assert b"C1" in first.content
    worked_out = calls["children_behind"]
    assert worked_out <= 1
    _as_a_fresh_worker()
    opened = calls["datasets"]
    # the user, the session, the access log entry and its rows; not one query per child
    with django_assert_max_num_queries(12):
        again = performance_analyst_client.get(url)
    # the child's link, not a bare "C1" (which a random CSRF token or CSP nonce may hold)
    assert again.content.count(b"/children/C1/") == first.content.count(b"/children/C1/") > 0
    assert calls["children_behind"] == worked_out  # the units were not worked out again
    assert calls["datasets"] == opened  # nor a dataset opened to list them


def test_a_breakdown_shown_again_opens_no_dataset(
    performance_analyst_client, demo_dataset, calls, django_assert_max_num_queries
):
    url = reverse("performance:indicator", kwargs={"indicator_id": "referrals"})
    first = performance_analyst_client.get(url, {"breakdown": "team"})
    assert first.status_code == 200
    assert b"Team A" in first.content
    _as_a_fresh_worker()
    computed, opened = calls["run_one"], calls["datasets"]
    with django_assert_max_num_queries(6):
        again = performance_analyst_client.get(url, {"breakdown": "team"})
    assert b"Team A" in again.content
    assert calls["run_one"] == computed
    assert calls["datasets"] == opened


def test_the_children_behind_a_figure_do_not_compute_the_scorecard(
    performance_analyst_client, demo_dataset, monkeypatch
):
    from sightline.web.performance import selectors

    def no_scorecard(*args, **kwargs):
        raise AssertionError("the list of children needs only the scorecard's years")

    monkeypatch.setattr(selectors, "scorecard", no_scorecard)
    url = reverse("performance:children", kwargs={"indicator_id": "referrals"})
    assert performance_analyst_client.get(url).status_code == 200


# An audit's answers and a round's sampling plan are large JSON documents: a page that only
# counts grades or lists open actions must not read (and decode) every one of them.
LARGE_COLUMNS = ('"picture"', '"evidence"', '"grades"', '"plan"', '"excluded"')


@pytest.mark.parametrize(
    ("name", "query"), [("performance:scorecard", {}), ("compliance:list", {"status": "overdue"})]
)
def test_pages_that_count_audits_do_not_read_their_answers(
    performance_analyst_client, demo_dataset, name, query
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert performance_analyst_client.get(reverse(name), query).status_code == 200
    audit_queries = [q["sql"] for q in queries.captured_queries if "audits_" in q["sql"]]
    assert audit_queries  # the page does read the audits
    for sql in audit_queries:
        assert not [c for c in LARGE_COLUMNS if c in sql], sql
