"""The admin site cannot change an account, even for a superuser: every account change is made on
the user pages and so reaches the history (decision 0023)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from sightline.web.accounts.models import TeamMembership, User
from sightline.web.common.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(make_user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    boss = User.objects.create_superuser("root", "root@example.org", "right-password-r")
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    client = Client()
    client.force_login(boss)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.user = boss  # type: ignore[attr-defined]
    return client


def test_a_superuser_reads_an_account_in_the_admin_site_but_cannot_change_it(
    superuser_client, make_user
):
    member = make_user("elected_member", username="cllr", teams=["North"])
    url = f"/admin/accounts/user/{member.id}/change/"
    assert superuser_client.get("/admin/accounts/user/").status_code == 200
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(
        url,
        {"username": "cllr", "role": "administrator", "is_active": "on", "is_staff": "on",
         "is_superuser": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
         "teammembership_set-TOTAL_FORMS": "0", "teammembership_set-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.role == "elected_member" and not member.is_superuser
    assert superuser_client.post(f"/admin/accounts/user/{member.id}/delete/", {"post": "yes"}
                                 ).status_code == 403  # fmt: skip
    assert superuser_client.get("/admin/accounts/user/add/").status_code == 403
    password_url = f"/admin/accounts/user/{member.id}/password/"
    superuser_client.post(password_url, {"password1": "new-password-x1", "password2":
                                         "new-password-x1", "usable_password": "true"})  # fmt: skip
    member.refresh_from_db()
    assert not member.check_password("new-password-x1")
    assert User.objects.filter(username="cllr").exists()
    assert list(TeamMembership.objects.filter(user=member).values_list("team", flat=True)) == [
        "North"
    ]
    assert not Change.objects.filter(item_type="user").exists()


def test_no_admin_page_changes_accounts_groups_or_two_factor_devices(superuser_client):
    request = RequestFactory().get("/admin/")
    request.user = superuser_client.user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in ("accounts", "auth", "otp_totp", "otp_static", "django_otp"):
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model
            for inline in model_admin.get_inline_instances(request):
                assert not inline.has_change_permission(request), inline
    registered = {m._meta.label for m in admin.site._registry}
    assert "auth.Group" not in registered and "otp_totp.TOTPDevice" not in registered
