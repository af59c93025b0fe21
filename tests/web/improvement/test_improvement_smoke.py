from django.urls import reverse

from sightline.web.improvement.models import Action, Recommendation, Theme


def test_pages_render(seeded, senior_leader_client):
    c = senior_leader_client
    theme = Theme.objects.get(code="practice")
    action = Action.objects.first()
    rec = Recommendation.objects.first()
    for url in [
        reverse("improvement:plan"),
        reverse("improvement:theme", args=[theme.id]),
        reverse("improvement:action", args=[action.id]),
        reverse("improvement:recommendations"),
        reverse("improvement:recommendation", args=[rec.id]),
        reverse("improvement:history"),
        reverse("improvement:framework"),
        reverse("governance:index"),
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content[:2000])
