"""The `sightline` command: a thin layer over the engine. Each command builds a workspace and makes
one call into it (`sightline.commands`); the command modules import the engine only when they run,
so `sightline --help` answers quickly.

Commands are found, not listed: every module of the `sightline.commands` package that declares
`COMMANDS` (a list of click commands) adds them. Adding a command is adding one module there (or
one command to a module's list).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import cache

import click

from sightline import __version__


@cache
def commands() -> dict[str, click.Command]:
    """Every command of every module in `sightline.commands`, by name (a name twice is an error)."""
    import sightline.commands as package

    found: dict[str, click.Command] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            if command.name in found:
                raise ValueError(f"two sightline commands are called {command.name!r}")
            found[str(command.name)] = command
    return found


class _FoundCommands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(commands())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return commands().get(cmd_name)


@click.group(cls=_FoundCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sightline")
def main() -> None:
    """Sightline: performance, compliance and improvement for children's services."""
    # Everything a command writes (snapshots, reports, exports, the result cache, logs) is for the
    # service's own user alone, whatever the shell's umask: files 0600, folders 0700.
    os.umask(0o077)


if __name__ == "__main__":
    main()
