"""`make demo` keeps two-factor sign-in on (the secure default) and says, before the users and
their passwords, what a person trying it must do at the first sign-in, or that it is off."""

from __future__ import annotations

from sightline.demo import two_factor_note


def test_by_default_the_demo_says_child_level_users_set_up_an_authenticator_app():
    note = two_factor_note({})
    assert "two-factor sign-in is on" in note
    assert "but councillor" in note
    assert "QR code" in note and "authenticator app" in note
    assert "I cannot scan the code" in note  # the key typed in, where the page shows it
    assert "SIGHTLINE_TWO_FACTOR_ROLES=none make demo" in note


def test_the_note_follows_the_setting():
    assert "off" in two_factor_note({"SIGHTLINE_TWO_FACTOR_ROLES": "none"})
    assert "administrator,team_manager" in two_factor_note(
        {"SIGHTLINE_TWO_FACTOR_ROLES": "administrator,team_manager"}
    )
