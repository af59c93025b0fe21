from django.urls import path

from sightline.web.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_page, name="round"),
    path("rounds/<int:round_id>/draw/", views.round_draw, name="round_draw"),
    path("my-cases/", views.my_cases, name="my_cases"),
    path("audit/<int:audit_id>/", views.audit_page, name="audit"),
    path("audit/<int:audit_id>/respond/", views.respond, name="respond"),
    path("audit/<int:audit_id>/actions/", views.action_add, name="action_add"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("moderation/", views.moderation_list, name="moderation"),
    path("moderation/<int:audit_id>/", views.moderate, name="moderate"),
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/new/", views.exercise_new, name="exercise_new"),
    path("paperwork-against-reality/", views.reality_page, name="reality"),
]
