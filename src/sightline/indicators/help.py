"""The one line per indicator written for elected members and board members: what the figure says
about children, in plain words. It is written on each declaration (`Indicator(help=...)`); the
definitions stay there too, for analysts. Every registered indicator has one (test)."""

from __future__ import annotations


def member_help(indicator_id: str) -> str:
    """The one-line help for an indicator ("" when none is written or no such indicator)."""
    from sightline.indicators import registry

    try:
        return registry.get(indicator_id).help
    except KeyError:
        return ""
