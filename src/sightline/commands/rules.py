"""`sightline validate`: declared beside the rules it runs (`sightline.rules.commands`)."""

from __future__ import annotations

from sightline.rules.commands import COMMANDS

__all__ = ["COMMANDS"]
