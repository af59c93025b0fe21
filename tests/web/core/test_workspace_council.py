"""The web app chooses its council by the command line's rule, through the same workspace."""

from __future__ import annotations

import datetime as dt

from sightline.dataset import canonical_tables
from sightline.returns.problems import PROBLEM_SCHEMA
from sightline.store import Store
from sightline.web.core import engine


def _write(home, council: str) -> None:
    source = home.parent / f"cin-{council}.txt"
    source.write_text("original file")
    Store(home).write(
        return_="cin", council=council, year=2025, period=(dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        files=[source], file_years={source.name: 2025},
        tables=canonical_tables({"ssd_cin_episodes": [{"cine_referral_id": "R", "cine_person_id": "A"}]}),
        problems=PROBLEM_SCHEMA.empty_table(), created_by="test",
    )  # fmt: skip


def test_the_only_council_held_is_shown_and_a_second_does_not_switch_it_silently(
    sightline_home, settings
):
    settings.SIGHTLINE_COUNCIL = None
    assert engine.council() is None and engine.dataset() is None  # an empty store
    _write(sightline_home, "372")
    assert engine.council() == "372"
    assert engine.dataset() is not None and engine.dataset().council == "372"
    _write(sightline_home, "805")  # the newest snapshot is another council's
    assert engine.council() is None  # neither is guessed: the setting must name one
    settings.SIGHTLINE_COUNCIL = "805"
    assert engine.council() == "805" and engine.dataset().council == "805"


def test_the_web_and_the_command_line_build_the_same_workspace(sightline_home, settings):
    from sightline.workspace import Workspace

    settings.SIGHTLINE_COUNCIL = None
    _write(sightline_home, "372")
    web = engine.workspace()
    cli = Workspace(sightline_home)
    assert isinstance(web, Workspace)
    assert web.council == cli.council == "372"
    assert web.dataset().all_snapshot_ids == cli.dataset().all_snapshot_ids


def test_with_two_councils_and_none_set_web_readers_are_told_what_to_do_in_words(
    sightline_home, settings, client_as
):
    """The engine's message names the command line's option; a web reader is told, on every
    page, why no figures show and to ask the administrator (no "--council")."""
    settings.SIGHTLINE_COUNCIL = None
    _write(sightline_home, "372")
    _write(sightline_home, "805")
    client = client_as("team_manager", username="t.manager")
    for url in ("/", "/performance/"):
        page = client.get(url).content.decode()
        assert 'id="council-problem"' in page, url
        assert "2 councils" in page and "Ask your administrator" in page
        assert "--council" not in page and "SIGHTLINE_COUNCIL" not in page
        assert "No returns have been imported yet" not in page
    settings.SIGHTLINE_COUNCIL = "372"
    assert 'id="council-problem"' not in client.get("/").content.decode()
