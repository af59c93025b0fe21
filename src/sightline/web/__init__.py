"""The Django project: where the people in mission.md meet Sightline.

The web app calls the engine through a `services.py` / `selectors.py` module per app; the engine never
imports Django. Child-level data stays in snapshots (files); the web database holds users, roles,
teams, targets, import jobs, the access log and references to snapshots by id.
"""
