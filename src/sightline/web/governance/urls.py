from django.urls import path

from sightline.web.governance import views

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<int:body_id>/", views.body, name="body"),
    path("bodies/<int:body_id>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:body_id>/members/", views.member_add, name="member_add"),
    path("members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("bodies/<int:body_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:item_id>/move/", views.agenda_move, name="agenda_move"),
    path("agenda/<int:item_id>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path("decisions/<int:decision_id>/edit/", views.decision_edit, name="decision_edit"),
    path("meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/status/", views.action_status, name="action_status"),
    path("meetings/<int:meeting_id>/challenges/", views.challenge_add, name="challenge_add"),
    path("challenges/<int:challenge_id>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:challenge_id>/answer/", views.challenge_answer, name="challenge_answer"),
    path("meetings/<int:meeting_id>/packs/", views.pack_generate, name="pack_generate"),
    path("packs/<int:pack_id>/", views.pack, name="pack"),
    path("packs/<int:pack_id>/pdf/", views.pack_pdf, name="pack_pdf"),
]
