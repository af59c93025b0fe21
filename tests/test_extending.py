"""Each kind of thing Sightline grows by is added in one place and picked up with no list edited
(docs/extending.md). Each test here writes a toy one as a new module, where a developer would put
it, and sees the engine find it and use it end to end. A return format's toy is in
tests/returns/test_return_format_registry.py; a web area's and a job's in
tests/web/test_extending_web.py.
"""

from __future__ import annotations

import pkgutil
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import sightline
from sightline import cli, indicators
from sightline.dataset import Dataset
from sightline.indicators import registry
from sightline.rules import engine
from sightline.rules.cases import cases, run_case

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def package_with(monkeypatch, tmp_path):
    """Put a folder of new modules inside a package (as if they were files in it), for one test."""
    added: list[str] = []

    def extend(package, files: dict[str, str]) -> str:
        folder = tmp_path / package.__name__.replace(".", "_")
        folder.mkdir(exist_ok=True)
        _write(folder, files)
        monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
        added.extend(f"{package.__name__}.{Path(n).stem}" for n in files if n.endswith(".py"))
        return str(folder)

    yield extend
    for name in added:
        sys.modules.pop(name, None)


def test_a_new_years_rule_set_with_a_rule_and_its_cases_is_found_and_run(package_with, monkeypatch):
    import sightline.rules.cin as cin_rules  # a return's rules live in its own package

    monkeypatch.setattr(engine, "_SETS", dict(engine._SETS))
    package_with(
        cin_rules,
        {
            "y2028_toy.py": '''
                """CIN 2027/28 (a toy year): a child's UPN must not be all zeros."""
                from sightline.rules.engine import Row, Rule, rule_set

                # No DfE message for a toy code: the rule says its own.
                ALL_ZEROS = Row("ChildIdentifiers", "\\"UPN_text\\" = 'A000000000000'")
                rule_set("cin", 2028).add(
                    Rule("TOY1", "UPN", ALL_ZEROS, message="The UPN is all zeros."),
                    origin=__name__,
                )
            ''',
            "y2028_toy_cases.yaml": """
                TOY1:
                  pass:
                    - {ChildIdentifiers: [{LAchildID: C1, UPN: A123456789012}]}
                  fail:
                    - {ChildIdentifiers: [{LAchildID: C1, UPN: A000000000000}]}
            """,
        },
    )
    engine.discover.cache_clear()
    try:
        assert 2028 in engine.years("cin")
        rules = engine.resolve("cin", 2028)
        assert set(rules) == set(engine.resolve("cin", 2027)) | {"TOY1"}  # inherits the year before
        assert engine.set_year("cin", 2030) == 2028
        toy = rules["TOY1"]
        passing, failing = cases(toy)  # its cases, read from the YAML beside its module
        assert len(passing) == len(failing) == 1
        assert run_case("cin", toy, passing[0]).num_rows == 0
        [finding] = run_case("cin", toy, failing[0]).to_pylist()
        assert finding["code"] == "TOY1" and finding["message"] == "The UPN is all zeros."
        assert finding["field"] == "UPN" and finding["value"] == "A000000000000"
    finally:
        engine.discover.cache_clear()


def test_a_new_indicator_family_with_its_cases_is_found_and_computed(package_with):
    package_with(
        indicators,
        {
            "toy_family.py": '''
                """A toy family: referrals from schools."""
                from sightline.indicators.model import Indicator

                TITLE = "Toy referrals"
                ORDER = 99

                INDICATORS = [
                    Indicator(
                        id="toy_school_referrals",
                        name="Referrals from schools",
                        family="toy_family",
                        unit="count",
                        polarity="neutral",
                        definition="Referrals in the period whose source is a school (2A).",
                        help="How many times a school asked for help for a child.",
                        not_published="A local measure: DfE publishes no figure like it.",
                        units="""
                            SELECT cine_person_id AS person_id, cine_referral_id AS record_id,
                                cine_referral_date AS event_date, true AS denominator,
                                true AS numerator
                            FROM ssd_cin_episodes
                            WHERE cine_referral_date BETWEEN $period_start AND $period_end
                              AND cine_referral_source_code = '2A'
                        """,
                        tables=("ssd_cin_episodes",),
                    )
                ]
            ''',
            "toy_family_cases.yaml": """
                - indicator: toy_school_referrals
                  case: one referral from a school, one from the police
                  period: "2025"
                  tables:
                    ssd_cin_episodes:
                      - {cine_referral_id: R1, cine_person_id: A, cine_referral_date: 2024-05-01, cine_referral_source_code: 2A}
                      - {cine_referral_id: R2, cine_person_id: B, cine_referral_date: 2024-06-01, cine_referral_source_code: 5A}
                  expect: {value: 1}
            """,
        },
    )
    registry.forget()
    try:
        toy = indicators.get("toy_school_referrals")
        assert registry.family_title("toy_family") == "Toy referrals"
        assert [f.name for f in registry.families()][-1] == "toy_family"  # ORDER 99: last
        from sightline.indicators.help import member_help

        assert member_help(toy.id).startswith("How many times a school")
        # the data-only cases beside it are collected as every family's are
        sys.path.insert(0, str(ROOT / "tests" / "indicators"))
        from test_cases import _load_cases

        [case] = [c for c in _load_cases() if c["indicator"] == toy.id]
        dataset = Dataset.from_tables(case["tables"])
        results = {r.indicator: r for r in indicators.run(dataset, "2025")}
        assert results[toy.id].value == 1  # computed with every other indicator
    finally:
        registry.forget()


def test_a_new_cli_command_is_found(package_with):
    import sightline.commands as commands_package

    package_with(
        commands_package,
        {
            "toy.py": '''
                """`sightline toy-hello`: a toy command."""
                import click

                @click.command("toy-hello")
                @click.argument("name")
                def hello(name: str) -> None:
                    """Say hello (a toy command)."""
                    click.echo(f"Hello, {name}")

                COMMANDS = [hello]
            ''',
        },
    )
    cli.commands.cache_clear()
    try:
        runner = CliRunner()
        assert "toy-hello" in runner.invoke(cli.main, ["--help"]).output
        done = runner.invoke(cli.main, ["toy-hello", "Rotherham"])
        assert done.exit_code == 0 and done.output == "Hello, Rotherham\n"
    finally:
        cli.commands.cache_clear()


def test_two_commands_of_one_name_are_refused(package_with):
    import sightline.commands as commands_package

    package_with(
        commands_package,
        {
            "toy_again.py": """
                import click

                @click.command("import")
                def again() -> None:
                    pass

                COMMANDS = [again]
            """
        },
    )
    cli.commands.cache_clear()
    try:
        with pytest.raises(ValueError, match="two sightline commands are called 'import'"):
            cli.commands()
    finally:
        cli.commands.cache_clear()


def test_the_no_django_contract_covers_every_engine_module():
    """The engine is every module of `sightline` but the web app and the benchmarks of it
    (`bench` times the web server): a new engine package fails here until the contract names it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "The engine never imports Django or the web app"
    ]
    engine_modules = {
        f"sightline.{m.name}"
        for m in pkgutil.iter_modules(sightline.__path__)
        if m.name not in ("web", "bench")
    }
    missing = engine_modules - set(contract["source_modules"])
    assert not missing, f"add to the contract's source_modules in pyproject.toml: {sorted(missing)}"


def test_the_web_layers_contract_places_every_app():
    """An app missing from the layers contract would be checked by nothing: each must stand on a
    line (docs/extending.md, a web area)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    placed = {
        name.strip() for line in contract["layers"] for name in line.replace(":", "|").split("|")
    }
    web = ROOT / "src" / "sightline" / "web"
    apps = {path.parent.name for path in web.glob("*/apps.py")}
    missing = apps - placed
    assert not missing, (
        f"put these apps on a line of the web layers contract in pyproject.toml: {sorted(missing)}"
    )
