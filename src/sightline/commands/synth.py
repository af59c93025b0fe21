"""`sightline synth`: the synthetic council generator's commands (`sightline.synth.cli`)."""

from __future__ import annotations

from sightline.synth.cli import synth

COMMANDS = [synth]
