"""Fixtures for the web tests: a private Sightline home per test and a signed-in client per role.

def test_something(team_manager_client): ...      # signed in as a team manager of "Team A"
def test_other(client_as): client_as("auditor")    # any role, optional teams=("Team B",)
def test_plan(seeded): ...                         # the demo plan and calendar, today 31 March 2025
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from sightline.web.accounts.roles import Role

TEAM_MANAGER_TEAMS = ("Team A",)


@pytest.fixture(autouse=True)
def sightline_home(tmp_path, settings):
    """Snapshots, uploads and import reports go to a fresh folder; imports run in the request."""
    home = tmp_path / "home"
    home.mkdir()
    settings.SIGHTLINE_HOME = home
    settings.SIGHTLINE_IMPORT_MODE = "inline"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SIGHTLINE_TWO_FACTOR_ROLES = []  # on where a test asks (test_accounts_two_factor.py)
    return home


@pytest.fixture
def make_user(db):
    from sightline.web.accounts.models import TeamMembership, User

    def make(role: str | Role, username: str | None = None, teams=(), password: str | None = None):
        role = Role(role)
        user = User.objects.create_user(username=username or f"{role.value}-user", role=role.value)
        if password:
            user.set_password(password)
            user.save()
        for team in teams:
            TeamMembership.objects.create(user=user, team=team)
        return user

    return make


@pytest.fixture
def client_as(make_user):
    """A new Django test client signed in with the given role."""
    from django.test import Client

    def sign_in(role: str | Role, teams=None, username: str | None = None) -> Client:
        role = Role(role)
        if teams is None:
            teams = TEAM_MANAGER_TEAMS if role is Role.TEAM_MANAGER else ()
        client = Client()
        client.user = make_user(role, username=username, teams=teams)  # type: ignore[attr-defined]
        client.force_login(client.user)  # type: ignore[attr-defined]
        return client

    return sign_in


def _role_fixture(role: Role):
    @pytest.fixture(name=f"{role.value}_client")
    def fixture(client_as):
        return client_as(role)

    return fixture


for _role in Role:
    globals()[f"{_role.value}_client"] = _role_fixture(_role)


# The improvement plan and governance tests: the seeded demo plan and calendar at a fixed today.
PLAN_TODAY = dt.date(2025, 3, 31)


@pytest.fixture
def today(settings):
    settings.SIGHTLINE_TODAY = PLAN_TODAY.isoformat()
    return PLAN_TODAY


@pytest.fixture
def seeded(db, today):
    """The demo plan (seven tests with actions), recommendations and board calendar; its measures
    are held to their targets (the demo's trajectories are removed, so tests state their own)."""
    from sightline.web.governance.seed import seed_calendar
    from sightline.web.improvement.models import TrajectoryPoint
    from sightline.web.improvement.seed import seed_plan

    framework = seed_plan(today)
    seed_calendar(today)
    TrajectoryPoint.objects.all().delete()
    return framework


@dataclass
class DemoData:
    """A small council (999) in the test's store: two CIN census years and one 903 year.

    Children: C1 (Team A: referral, late assessment, S47, ICPC, CP plan), C2 (Team B), C3 (Team A,
    looked after), C4 (Team B, looked after).
    """

    store: object
    snapshot_ids: list[str]
    teams: dict[str, str]

    def teams_of_child(self, child_id: str | None) -> tuple[str, ...]:
        return (self.teams[child_id],) if child_id in self.teams else ()


def _rows(name: str, rows: list[dict]):
    import pyarrow as pa

    from sightline import canonical

    schema = canonical.table(name).arrow_schema()
    full = [{f: row.get(f) for f in schema.names} for row in rows]
    for row in full:
        for f in schema:
            if pa.types.is_date32(f.type) and isinstance(row[f.name], str):
                row[f.name] = dt.date.fromisoformat(row[f.name])
    return pa.Table.from_pylist(full, schema=schema)


def _cin_tables(year: int) -> dict:
    y = year - 1
    return {
        "ssd_person": _rows(
            "ssd_person",
            [
                {"pers_person_id": "C1", "pers_dob": "2015-02-01", "pers_sex": "1"},
                {"pers_person_id": "C2", "pers_dob": "2012-07-09", "pers_sex": "2"},
            ],
        ),
        "ssd_cin_episodes": _rows(
            "ssd_cin_episodes",
            [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "C1",
                    "cine_referral_date": f"{y}-05-01",
                    "cine_referral_team": "Team A",
                    "cine_referral_worker_id": "W1",
                },
                {
                    "cine_referral_id": "R2",
                    "cine_person_id": "C2",
                    "cine_referral_date": f"{y}-06-03",
                    "cine_referral_team": "Team B",
                    "cine_referral_worker_id": "W2",
                },
            ],
        ),
        "ssd_cin_assessments": _rows(
            "ssd_cin_assessments",
            [
                {
                    "cina_assessment_id": "A1",
                    "cina_person_id": "C1",
                    "cina_referral_id": "R1",
                    "cina_assessment_start_date": f"{y}-05-02",
                    "cina_assessment_auth_date": f"{y}-08-01",
                    "cina_assessment_team": "Team A",
                },
                {
                    "cina_assessment_id": "A2",
                    "cina_person_id": "C2",
                    "cina_referral_id": "R2",
                    "cina_assessment_start_date": f"{y}-06-04",
                    "cina_assessment_auth_date": f"{y}-06-20",
                    "cina_assessment_team": "Team B",
                },
            ],
        ),
        "ssd_s47_enquiry": _rows(
            "ssd_s47_enquiry",
            [
                {
                    "s47e_s47_enquiry_id": "S1",
                    "s47e_person_id": "C1",
                    "s47e_referral_id": "R1",
                    "s47e_s47_start_date": f"{y}-05-03",
                }
            ],
        ),
        "ssd_initial_cp_conference": _rows(
            "ssd_initial_cp_conference",
            [
                {
                    "icpc_icpc_id": "I1",
                    "icpc_s47_enquiry_id": "S1",
                    "icpc_person_id": "C1",
                    "icpc_referral_id": "R1",
                    "icpc_icpc_date": f"{y}-05-20",
                    "icpc_icpc_outcome_cp_flag": True,
                }
            ],
        ),
        "ssd_cp_plans": _rows(
            "ssd_cp_plans",
            [
                {
                    "cppl_cp_plan_id": "P1",
                    "cppl_person_id": "C1",
                    "cppl_referral_id": "R1",
                    "cppl_icpc_id": "I1",
                    "cppl_cp_plan_start_date": f"{y}-05-20",
                    "cppl_cp_plan_team": "Team A",
                }
            ],
        ),
    }


def _903_tables() -> dict:
    return {
        "ssd_person": _rows(
            "ssd_person",
            [
                {"pers_person_id": "C3", "pers_dob": "2010-01-01"},
                {"pers_person_id": "C4", "pers_dob": "2011-01-01"},
            ],
        ),
        "ssd_cla_episodes": _rows(
            "ssd_cla_episodes",
            [
                {
                    "clae_cla_episode_id": "E3",
                    "clae_person_id": "C3",
                    "clae_cla_episode_start_date": "2024-09-02",
                    "clae_cla_episode_start_reason": "S",
                    "clae_legal_status": "C2",
                    "clae_placement_type": "U1",
                },
                {
                    "clae_cla_episode_id": "E4",
                    "clae_person_id": "C4",
                    "clae_cla_episode_start_date": "2023-01-05",
                    "clae_cla_episode_start_reason": "S",
                    "clae_legal_status": "C2",
                    "clae_placement_type": "U1",
                },
            ],
        ),
        "ssd_involvements": _rows(
            "ssd_involvements",
            [
                {
                    "invo_involvements_id": "V3",
                    "invo_person_id": "C3",
                    "invo_professional_id": "W1",
                    "invo_professional_team": "Team A",
                    "invo_involvement_start_date": "2024-09-02",
                },
                {
                    "invo_involvements_id": "V4",
                    "invo_person_id": "C4",
                    "invo_professional_id": "W2",
                    "invo_professional_team": "Team B",
                    "invo_involvement_start_date": "2023-01-05",
                },
            ],
        ),
    }


def _write(store, return_: str, year: int, tables: dict, source: Path):
    import pyarrow as pa

    from sightline.returns.problems import PROBLEM_SCHEMA

    problems = pa.Table.from_pylist(
        [
            {
                "return_": return_,
                "file": source.name,
                "location": "line 2",
                "child_id": "C2",
                "field": "PrimaryNeedCode",
                "value": "N99",
                "code": "8590",
                "severity": "error",
                "message": "Primary need code is not valid",
                "blocks_file": False,
            }
        ],
        schema=PROBLEM_SCHEMA,
    )
    return store.write(
        return_=return_,
        council="999",
        year=year,
        period=(dt.date(year - 1, 4, 1), dt.date(year, 3, 31)),
        files=[source],
        file_years={source.name: year},
        tables=tables,
        problems=problems,
        created_by="test",
    )


@pytest.fixture(scope="session")
def _demo_store(tmp_path_factory) -> DemoData:
    """Built once per test run (snapshots never change), so results cache across tests."""
    from sightline.store import Store

    home = tmp_path_factory.mktemp("demo-home")
    sources = tmp_path_factory.mktemp("demo-sources")
    store = Store(home)
    ids = []
    for year in (2024, 2025):
        source = sources / f"CIN_999_{year}.xml"
        source.write_text("<Message/>")
        ids.append(_write(store, "cin", year, _cin_tables(year), source).id)
    source = sources / "episodes.csv"
    source.write_text("CHILD\n")
    ids.append(_write(store, "ssda903", 2025, _903_tables(), source).id)
    teams = {"C1": "Team A", "C2": "Team B", "C3": "Team A", "C4": "Team B"}
    return DemoData(store, ids, teams)


@pytest.fixture
def demo_dataset(_demo_store, settings) -> DemoData:
    """Council 999 in the store the app reads (see DemoData). Read-only: do not import into it."""
    settings.SIGHTLINE_HOME = _demo_store.store.home
    settings.SIGHTLINE_BENCHMARK_COUNCIL = "372"  # modelled on Rotherham
    return _demo_store


@pytest.fixture(scope="session")
def _synthetic_home(tmp_path_factory) -> Path:
    """A small synthetic council like Rotherham (372), two years of real-format returns (CIN census
    XML, 903 CSVs, Annex A, workforce census) imported as `make demo` imports them. Built once."""
    from sightline.demo import import_demo_council
    from sightline.synth.council import Request, generate

    council = tmp_path_factory.mktemp("synthetic-council")
    generate(Request(out=council, seed=1, years=[2024, 2025], children=250, like="372",
                     la_code="372"))  # fmt: skip
    home = tmp_path_factory.mktemp("synthetic-home")
    import_demo_council(home, council)
    return home


@pytest.fixture
def synthetic_council(_synthetic_home, settings, seeded) -> Path:
    """The synthetic council in the app, with the demo plan and calendar, today 31 March 2025.
    Read-only: do not import into it."""
    settings.SIGHTLINE_HOME = _synthetic_home
    settings.SIGHTLINE_COUNCIL = "372"
    settings.SIGHTLINE_BENCHMARK_COUNCIL = "372"
    return _synthetic_home
