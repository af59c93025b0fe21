"""Find a child by ID from any page: to their timeline, scoped to the reader's teams, logged."""

from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry


def test_the_box_is_on_every_page_for_roles_that_see_children(demo_dataset, client_as):
    assert 'id="find-child"' in client_as("auditor").get("/performance/").content.decode()
    assert 'id="find-child"' not in client_as("elected_member").get("/").content.decode()


def test_finding_a_child_opens_their_timeline_and_logs_the_view(demo_dataset, client_as):
    client = client_as("auditor")
    response = client.get(reverse("children:find"), {"id": " C2 "}, follow=True)
    assert response.redirect_chain[-1][0] == "/children/C2/"
    assert AccessEntry.objects.filter(child_id="C2", outcome="viewed").exists()


def test_a_team_manager_cannot_find_another_teams_child(demo_dataset, client_as):
    client = client_as("team_manager", teams=("Team A",))
    response = client.get(reverse("children:find"), {"id": "C2"}, follow=True)
    assert response.status_code == 403
    assert AccessEntry.objects.filter(child_id="C2", outcome="denied").exists()


def test_an_unknown_id_says_so_in_the_form_and_is_logged(demo_dataset, client_as):
    response = client_as("auditor").get(reverse("children:find"), {"id": "NOPE"})
    assert response.status_code == 404
    assert "There is no child with the ID NOPE" in response.content.decode()
    assert AccessEntry.objects.filter(child_id="NOPE", outcome="denied").exists()


def test_elected_members_may_not_search(demo_dataset, client_as):
    assert (
        client_as("elected_member").get(reverse("children:find"), {"id": "C1"}).status_code == 403
    )
