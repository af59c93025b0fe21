"""The `sightline` command: a thin layer over the engine. Each command builds a workspace and makes
one call into it (`sightline.commands`); the command modules import the engine only when they run,
so `sightline --help` answers quickly."""

from __future__ import annotations

import os

import click

from sightline import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sightline")
def main() -> None:
    """Sightline: performance, compliance and improvement for children's services."""
    # Everything a command writes (snapshots, reports, exports, the result cache, logs) is for the
    # service's own user alone, whatever the shell's umask: files 0600, folders 0700.
    os.umask(0o077)


from sightline.commands.returns import COMMANDS as _RETURNS_COMMANDS  # noqa: E402

for _command in _RETURNS_COMMANDS:
    main.add_command(_command)

from sightline.synth.cli import synth  # noqa: E402

main.add_command(synth)

from sightline.commands.benchmarks import COMMANDS as _BENCHMARK_COMMANDS  # noqa: E402
from sightline.commands.compliance import COMMANDS as _COMPLIANCE_COMMANDS  # noqa: E402
from sightline.commands.indicators import COMMANDS as _INDICATOR_COMMANDS  # noqa: E402

for _command in (*_INDICATOR_COMMANDS, *_COMPLIANCE_COMMANDS, *_BENCHMARK_COMMANDS):
    main.add_command(_command)

from sightline.rules.commands import COMMANDS as _RULES_COMMANDS  # noqa: E402

for _command in _RULES_COMMANDS:
    main.add_command(_command)

from sightline.webapp_commands import COMMANDS as _WEBAPP_COMMANDS  # noqa: E402

for _command in _WEBAPP_COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
