from django.urls import path

from sightline.web.accounts import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", views.two_factor_verify, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("users/", views.users, name="users"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<int:user_id>/", views.user_detail, name="user"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path(
        "users/<int:user_id>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("users/<int:user_id>/resend-invite/", views.user_resend_invite, name="user_resend_invite"),
]
