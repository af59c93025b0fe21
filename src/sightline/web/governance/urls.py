from django.urls import path

from sightline.web.governance import views

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<int:body_id>/", views.body, name="body"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path("meetings/<int:meeting_id>/challenges/", views.challenge_add, name="challenge_add"),
    path("challenges/<int:challenge_id>/answer/", views.challenge_answer, name="challenge_answer"),
    path("meetings/<int:meeting_id>/packs/", views.pack_generate, name="pack_generate"),
    path("packs/<int:pack_id>/", views.pack, name="pack"),
    path("packs/<int:pack_id>/pdf/", views.pack_pdf, name="pack_pdf"),
]
