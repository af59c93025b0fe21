"""Agreement between auditors: weighted kappa and Gwet's AC1 against a hand-worked example, and
against scikit-learn's kappa and a second AC1 implementation on random grades."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from sightline.audits.agreement import cohen_kappa, gwet_ac1, pairwise
from sightline.audits.grades import GRADES

O, G, RI, I = GRADES  # noqa: E741 (initials of the four grades)

# Ten cases graded by an auditor (A) and a moderator (B).
A = [G, G, G, G, RI, RI, RI, I, I, O]
B = [G, G, G, RI, RI, RI, I, I, I, G]


def test_kappa_and_ac1_match_the_hand_worked_example():
    # 7 of 10 agree: po = 0.7. Marginals A (O, G, RI, I) = .1 .4 .3 .2, B = 0 .4 .3 .3.
    # Unweighted: pe = (.1*0 + .4*.4 + .3*.3 + .2*.3) = .31; kappa = .39 / .69 = 13/23.
    assert cohen_kappa(A, B, GRADES, weights=None) == pytest.approx(13 / 23)
    # Linear weights 1 - |i-j|/3: the 3 disagreements are one step apart (weight 2/3), so
    # po_w = .7 + .3 * 2/3 = .9; pe_w = sum w_ij a_i b_j = .673333...; kappa_w = .68/.98 = 34/49.
    assert cohen_kappa(A, B, GRADES, weights="linear") == pytest.approx(34 / 49)
    # AC1: pi_k = mean of the two marginals = .05 .4 .3 .25;
    # pe = (.05*.95 + .4*.6 + .3*.7 + .25*.75) / 3 = .685/3 = 137/600; AC1 = (420-137)/(600-137).
    ac1 = gwet_ac1(list(zip(A, B, strict=True)), GRADES)
    assert ac1 == pytest.approx(283 / 463)
    found = pairwise(A, B, GRADES)
    assert (found.cases, found.observed) == (10, pytest.approx(0.7))


def test_ac1_holds_where_one_grade_dominates_and_kappa_collapses():
    # 18 of 20 audits agree, nearly all "requires improvement": pe for kappa is .905 > po = .9, so
    # kappa is negative; AC1's pe = (.95*.05*2)/3 = .0317, so AC1 = (.9-.0317)/(1-.0317) = .897.
    a = [RI] * 19 + [G]
    b = [RI] * 18 + [G, RI]
    assert cohen_kappa(a, b, GRADES, weights=None) < 0
    assert gwet_ac1(list(zip(a, b, strict=True)), GRADES) == pytest.approx(0.8968, abs=1e-4)


def test_missing_grades_are_left_out_and_unknown_grades_refused():
    assert cohen_kappa([G, None, RI], [G, RI, RI], GRADES, None) == 1.0
    with pytest.raises(ValueError, match="not on the scale"):
        cohen_kappa(["great"], [G], GRADES)


def _ac1_from_contingency(a, b, q):
    """A second AC1, from Gwet (2008) for two raters: the cross-table, its diagonal and the
    average of the two raters' marginal shares."""
    table = np.zeros((q, q))
    for x, y in zip(a, b, strict=True):
        table[x, y] += 1
    n = table.sum()
    pa = np.trace(table) / n
    pi = (table.sum(axis=0) + table.sum(axis=1)) / (2 * n)
    pe = (pi * (1 - pi)).sum() / (q - 1)
    return (pa - pe) / (1 - pe)


@pytest.mark.parametrize("seed", range(25))
def test_random_grades_agree_with_scikit_learn_and_a_second_ac1(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 80))
    a = rng.integers(0, 4, n)
    noise = rng.integers(-1, 2, n) * (rng.random(n) < 0.4)
    b = np.clip(a + noise, 0, 3)
    ga, gb = [GRADES[i] for i in a], [GRADES[i] for i in b]
    for weights in ("linear", "quadratic", None):
        expected = cohen_kappa_score(ga, gb, labels=list(GRADES), weights=weights)
        got = cohen_kappa(ga, gb, GRADES, weights)
        if np.isnan(expected):
            assert got is None
        else:
            assert got == pytest.approx(expected)
    assert gwet_ac1(list(zip(ga, gb, strict=True)), GRADES) == pytest.approx(
        _ac1_from_contingency(a, b, 4)
    )


def test_ac1_for_several_auditors_on_the_same_cases():
    # Calibration exercise: 3 auditors, 2 cases. Case 1: all agree (pa_1 = 1); case 2: G, G, RI:
    # sum r(r-1) / (3*2) = 2/6. pa = (1 + 1/3)/2 = 2/3. pi: case1 G=1; case2 G=2/3, RI=1/3;
    # pi = (0, 5/6, 1/6, 0), pe = (5/6*1/6 * 2)/3 = 5/54; AC1 = (2/3 - 5/54)/(1 - 5/54) = 31/49.
    ratings = [[G, G, G], [G, G, RI]]
    assert gwet_ac1(ratings, GRADES) == pytest.approx(31 / 49)
