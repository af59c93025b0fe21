"""The `sightline` command: a thin layer over the engine. Each command builds its context and
calls one engine function; commands register themselves from their own modules below."""

from __future__ import annotations

import click

from sightline import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sightline")
def main() -> None:
    """Sightline: performance, compliance and improvement for children's services."""


from sightline.returns.commands import COMMANDS as _RETURNS_COMMANDS  # noqa: E402

for _command in _RETURNS_COMMANDS:
    main.add_command(_command)

from sightline.synth.cli import synth  # noqa: E402

main.add_command(synth)

from sightline.benchmarks.commands import COMMANDS as _BENCHMARK_COMMANDS  # noqa: E402
from sightline.compliance.commands import COMMANDS as _COMPLIANCE_COMMANDS  # noqa: E402
from sightline.indicators.commands import COMMANDS as _INDICATOR_COMMANDS  # noqa: E402

for _command in (*_INDICATOR_COMMANDS, *_COMPLIANCE_COMMANDS, *_BENCHMARK_COMMANDS):
    main.add_command(_command)

from sightline.webapp_commands import COMMANDS as _WEBAPP_COMMANDS  # noqa: E402

for _command in _WEBAPP_COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
