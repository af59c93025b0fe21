"""Sightline: the system children's services run their improvement on."""

__version__ = "0.1.0"
