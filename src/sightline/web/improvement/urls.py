from django.urls import path

from sightline.web.improvement import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("themes/<int:theme_id>/", views.theme, name="theme"),
    path("themes/<int:theme_id>/override/", views.theme_override, name="theme_override"),
    path("themes/<int:theme_id>/lead/", views.theme_lead, name="theme_lead"),
    path("themes/<int:theme_id>/priorities/", views.priority_add, name="priority_add"),
    path("themes/<int:theme_id>/actions/", views.action_add, name="action_add"),
    path("themes/<int:theme_id>/milestones/", views.milestone_add, name="milestone_add"),
    path(
        "milestones/<int:milestone_id>/achieved/",
        views.milestone_achieved,
        name="milestone_achieved",
    ),
    path("measures/<int:measure_id>/", views.measure, name="measure"),
    path("measures/<int:measure_id>/set/", views.measure_set, name="measure_set"),
    path("actions/<int:action_id>/", views.action, name="action"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/update/", views.action_update, name="action_update"),
    path("actions/<int:action_id>/override/", views.action_override, name="action_override"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("recommendations/<int:rec_id>/", views.recommendation, name="recommendation"),
    path(
        "recommendations/<int:rec_id>/close/",
        views.recommendation_close,
        name="recommendation_close",
    ),
    path("history/", views.history, name="history"),
    path("framework/", views.framework, name="framework"),
]
