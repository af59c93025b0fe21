"""Practice quality of a synthetic council's teams: what case audits would find behind the returns.

The returns show timeliness, not quality. A synthetic council needs both, and the pattern Ofsted
found in Rotherham ("the appearance of, and paperwork describing, ... systems rather than the
actuality") must be there to be found: so the teams whose cases look most compliant on paper are,
here, not the best at practice. Every other team's quality follows its compliance. The settings are
drawn from a seed, so a demo council's audits are the same each time.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

# The four grades, best first (sightline.audits.grades.GRADES).
_GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class TeamQuality:
    team: str
    quality: float  # 0 (inadequate practice) to 1 (outstanding)
    paperwork_only: bool  # compliant on paper, poor in practice


def team_qualities(
    compliance: Mapping[str, float], seed: int, paperwork_share: float = 1 / 3
) -> dict[str, TeamQuality]:
    """Each team's practice quality from its share of compliant cases (0-1): the most compliant
    `paperwork_share` of teams (at least one) practise poorly; the rest about as well as they comply."""
    rng = random.Random(seed)
    ranked = sorted(compliance, key=lambda t: (-compliance[t], t))
    paperwork = set(ranked[: max(1, round(len(ranked) * paperwork_share))])
    found = {}
    for team in sorted(compliance):
        if team in paperwork:
            quality = rng.uniform(0.1, 0.3)
        else:
            quality = min(1.0, max(0.0, 0.35 + 0.5 * compliance[team] + rng.uniform(-0.1, 0.1)))
        found[team] = TeamQuality(team, quality, team in paperwork)
    return found


def grade(quality: float, rng: random.Random) -> str:
    """A case's grade in a team of this quality: good or better with probability `quality`."""
    if rng.random() < quality:
        return "outstanding" if rng.random() < 0.15 else "good"
    return "inadequate" if rng.random() < 0.25 else "requires_improvement"


def rater(true_grade: str, rng: random.Random, drift: float = 0.2) -> str:
    """An auditor's reading of a case: the grade, or one step either way with probability `drift`."""
    index = _GRADES.index(true_grade)
    if rng.random() < drift:
        index = min(3, max(0, index + rng.choice((-1, 1))))
    return _GRADES[index]
