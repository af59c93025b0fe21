"""Sightline's settings, read from the environment in one place, each under one name.

The command line, the engine and the web app (`sightline.web.settings` takes its Sightline values
from here) all read these; nothing else reads `SIGHTLINE_*` variables. A value that cannot be
understood stops start-up with a sentence naming the variable, never a traceback deep inside.

| variable | what it sets | default |
|---|---|---|
| SIGHTLINE_HOME | where snapshots, uploads, the web database and caches live | `var/` in the checkout |
| SIGHTLINE_COUNCIL | the council shown (3-digit LA code) | the only council in the store |
| SIGHTLINE_BENCHMARK_COUNCIL | the published council benchmarks compare with | the council itself |
| SIGHTLINE_TODAY | the date due lists are worked out at (YYYY-MM-DD) | today |
| SIGHTLINE_STANDARDS | the council's local standards (YAML over the defaults) | the defaults |
| SIGHTLINE_MAX_UPLOAD_BYTES | the largest file an import accepts, web or command line | 1 GiB |
| SIGHTLINE_RESULT_CACHE | `0` turns off the on-disk cache of computed results | on |
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The checkout (or installed package's) root, as sightline.paths has it; computed here because
# paths reads the home folder from this module (importing paths would make a cycle).
REPO = Path(__file__).resolve().parent.parent.parent

# England's CIN census is about 506 MiB, so the default must take a whole-country file.
DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024


class ConfigError(ValueError):
    """A setting in the environment cannot be understood (the message names it)."""


@dataclass(frozen=True)
class Config:
    home: Path
    council: str | None = None
    benchmark_council: str | None = None
    today: dt.date | None = None
    standards: Path | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    result_cache: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env

        def text(name: str) -> str | None:
            return env.get(name, "").strip() or None

        return cls(
            home=Path(text("SIGHTLINE_HOME") or REPO / "var"),
            council=text("SIGHTLINE_COUNCIL"),
            benchmark_council=text("SIGHTLINE_BENCHMARK_COUNCIL"),
            today=_date("SIGHTLINE_TODAY", text("SIGHTLINE_TODAY")),
            standards=Path(s) if (s := text("SIGHTLINE_STANDARDS")) else None,
            max_upload_bytes=_whole(
                "SIGHTLINE_MAX_UPLOAD_BYTES",
                text("SIGHTLINE_MAX_UPLOAD_BYTES"),
                DEFAULT_MAX_UPLOAD_BYTES,
            ),
            result_cache=text("SIGHTLINE_RESULT_CACHE") != "0",
        )


def config() -> Config:
    """The settings as the environment gives them now."""
    return Config.from_env()


def _date(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name}: {value!r} is not a date like 2025-03-31") from None


def _whole(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{name}: {value!r} is not a whole number of 1 or more")
    return int(value)
