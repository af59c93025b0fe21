"""Agreement between auditors: weighted Cohen's kappa and Gwet's AC1.

Kappa's chance term grows with prevalence, so when most audits share one grade (commonly "requires
improvement") kappa can be low although auditors nearly always agree: the "kappa paradox"
(Feinstein and Cicchetti 1990). Gwet's AC1 (Gwet 2008, "Computing inter-rater reliability and its
variance in the presence of high agreement", Br J Math Stat Psychol 61:29-48) takes chance agreement
as what raters guessing at random would reach, which stays small when one grade dominates. Both are
reported side by side.

Grades are ordinal: weighted kappa gives partial credit to near misses (linear weights
1 - |i-j|/(q-1), or quadratic 1 - ((i-j)/(q-1))^2; Cohen 1968). AC1 here is the nominal form
(exact agreement), for two or more raters per case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Agreement:
    cases: int  # cases rated by both (kappa) or by two or more raters (AC1)
    observed: float | None  # proportion of exact agreement
    kappa: float | None  # weighted Cohen's kappa (None: fewer than 2 cases or undefined)
    ac1: float | None


def _codes(ratings: Sequence[str | None], categories: Sequence[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(categories)}
    unknown = sorted({r for r in ratings if r is not None and r not in index})
    if unknown:
        raise ValueError(f"Grades not on the scale: {', '.join(map(str, unknown))}")
    return np.array([-1 if r is None else index[r] for r in ratings], dtype=np.int64)


def weights_matrix(q: int, weights: str | None) -> np.ndarray:
    i, j = np.indices((q, q))
    if weights is None:
        return (i == j).astype(float)
    span = max(q - 1, 1)
    if weights == "linear":
        return 1.0 - np.abs(i - j) / span
    if weights == "quadratic":
        return 1.0 - ((i - j) / span) ** 2
    raise ValueError(f"Unknown weights {weights!r}: use linear, quadratic or None")


def cohen_kappa(
    a: Sequence[str | None],
    b: Sequence[str | None],
    categories: Sequence[str],
    weights: str | None = "linear",
) -> float | None:
    """Weighted Cohen's kappa of two raters over the same cases (pairs with a missing grade are
    left out). None when it is undefined (no pairs, or both raters gave one grade only)."""
    if len(a) != len(b):
        raise ValueError("Both raters must rate the same cases")
    x, y = _codes(a, categories), _codes(b, categories)
    both = (x >= 0) & (y >= 0)
    x, y = x[both], y[both]
    n, q = len(x), len(categories)
    if n == 0:
        return None
    observed = np.zeros((q, q))
    np.add.at(observed, (x, y), 1.0)
    observed /= n
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    w = weights_matrix(q, weights)
    po, pe = float((w * observed).sum()), float((w * expected).sum())
    if pe >= 1.0:
        return None
    return (po - pe) / (1.0 - pe)


def gwet_ac1(ratings: Sequence[Sequence[str | None]], categories: Sequence[str]) -> float | None:
    """Gwet's AC1 for any number of raters: `ratings` holds one row per case, one entry per rater
    (None where that rater did not rate the case). Cases with fewer than two ratings are left out.

        pa = mean over cases of  sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))
        pi_k = mean over cases of r_ik / r_i
        pe = sum_k pi_k (1 - pi_k) / (q - 1)
        AC1 = (pa - pe) / (1 - pe)
    """
    q = len(categories)
    if q < 2:
        return None
    rows = [_codes(list(row), categories) for row in ratings]
    counts = np.array(
        [np.bincount(r[r >= 0], minlength=q) for r in rows if (r >= 0).sum() >= 2], dtype=float
    ).reshape(-1, q)
    if len(counts) == 0:
        return None
    per_case = counts.sum(axis=1)
    pa = float(np.mean((counts * (counts - 1)).sum(axis=1) / (per_case * (per_case - 1))))
    pi = (counts / per_case[:, None]).mean(axis=0)
    pe = float((pi * (1 - pi)).sum() / (q - 1))
    if pe >= 1.0:
        return None
    return (pa - pe) / (1.0 - pe)


def pairwise(
    a: Sequence[str | None],
    b: Sequence[str | None],
    categories: Sequence[str],
    weights: str | None = "linear",
) -> Agreement:
    """Two raters over the same cases (an auditor and the moderator): kappa, AC1, exact agreement."""
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if not pairs:
        return Agreement(0, None, None, None)
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    return Agreement(
        cases=len(pairs),
        observed=sum(x == y for x, y in pairs) / len(pairs),
        kappa=cohen_kappa(xs, ys, categories, weights),
        ac1=gwet_ac1(pairs, categories),
    )
