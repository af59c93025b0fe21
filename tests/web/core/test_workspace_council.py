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
