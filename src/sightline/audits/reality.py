"""Paperwork against reality: each audited case's compliance picture beside its moderated grade.

Ofsted's lesson from Rotherham was that it had "relied on the appearance of, and paperwork
describing, Rotherham's systems rather than the actuality". The list here is the cases that look
right on paper (every timescale the data can judge met) but were graded requires improvement or
inadequate; the teams are ranked by how far their compliance runs ahead of their quality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sightline.audits.grades import INADEQUATE, REQUIRES_IMPROVEMENT, is_good_or_better


@dataclass(frozen=True)
class AuditedCase:
    audit_id: int
    child_id: str
    team: str
    compliant: bool  # on paper (the snapshot's picture)
    grade: str  # the grade that counts (moderated where moderated)


@dataclass(frozen=True)
class TeamGap:
    team: str
    cases: int
    compliant_pct: float
    good_pct: float

    @property
    def gap(self) -> float:
        """Points by which compliance on paper runs ahead of quality."""
        return self.compliant_pct - self.good_pct


def compliant_but_poor(cases: Iterable[AuditedCase]) -> list[AuditedCase]:
    return sorted(
        (c for c in cases if c.compliant and c.grade in (REQUIRES_IMPROVEMENT, INADEQUATE)),
        key=lambda c: (c.grade != INADEQUATE, c.team, c.child_id),
    )


def team_gaps(cases: Iterable[AuditedCase]) -> list[TeamGap]:
    by_team: dict[str, list[AuditedCase]] = {}
    for case in cases:
        by_team.setdefault(case.team, []).append(case)
    gaps = [
        TeamGap(
            team=team,
            cases=len(found),
            compliant_pct=100 * sum(c.compliant for c in found) / len(found),
            good_pct=100 * sum(is_good_or_better(c.grade) for c in found) / len(found),
        )
        for team, found in by_team.items()
    ]
    return sorted(gaps, key=lambda g: (-g.gap, g.team))
