"""Dates in UK style, values with their units, rows traced in words."""

import datetime as dt

from sightline.indicators import registry
from sightline.web.core.columns import column_label, source_words
from sightline.web.core.templatetags.sightline import (
    uk_date,
    uk_dates_in,
    uk_datetime,
    uk_short,
    with_unit,
)


def test_dates_read_as_in_the_uk():
    assert uk_date(dt.date(2026, 12, 1)) == "1 December 2026"
    assert uk_short(dt.date(2026, 12, 1)) == "01/12/2026"
    assert uk_date("2026-12-01T19:41:09.320305+00:00") == "1 December 2026"
    assert uk_datetime("2026-07-01T19:41:09.320305+00:00") == "1 July 2026 at 8:41pm"  # BST
    assert uk_dates_in("45 working days from referral: due 2024-07-05") == (
        "45 working days from referral: due 05/07/2024"
    )


def test_values_carry_their_unit():
    assert with_unit(12.1, registry.get("assessments_45wd")) == "12.1%"
    assert with_unit(412.3, registry.get("referrals_rate")).endswith(" per 10,000")
    assert with_unit("c", registry.get("assessments_45wd")) == "c"
    assert with_unit(None, registry.get("referrals")) == "–"


def test_columns_and_sources_in_words():
    assert column_label("cine_referral_nfa") == "Referral no further action"
    assert column_label("person_id") == "Child"
    assert source_words("/Message/Children/Child[8]/CINdetails[2]/Assessments[1]") == (
        "CIN census: child 8, episode 2, assessment 1"
    )
    assert source_words("List 9!row 2") == "Annex A list 9, row 2"


def test_snapshots_are_named_by_return_year_and_when_imported():
    from sightline.web.core.templatetags.sightline import snapshot_name, snapshot_names

    assert snapshot_name("cin-E08000018-2025-20261201T194109320305Z") == (
        "CIN census, year to 31 March 2025, imported 1 December 2026 at 7:41pm"
    )
    assert snapshot_name("ssda903-999-unknown-20260701T080000000001Z") == (
        "SSDA903 (children looked after), imported 1 July 2026 at 9:00am"  # BST
    )
    assert snapshot_names(
        "annex_a-999-2024-20261201T090000000000Z,cin-999-2024-20261201T090000Z"
    ) == (
        "Ofsted Annex A, year to 31 March 2024, imported 1 December 2026 at 9:00am; "
        "CIN census, year to 31 March 2024, imported 1 December 2026 at 9:00am"
    )
    assert snapshot_name("not a snapshot id") == "not a snapshot id"


def test_a_903_value_is_named_by_its_column():
    from sightline.web.core.templatetags.sightline import code_words

    assert code_words("C2", "LS") == "Full care order (C2)"
    assert code_words("PR4", "PLACE_PROVIDER") == "Private provision (PR4)"
    assert code_words("2024-05-01", "DECOM") == "2024-05-01"
    assert code_words(None, "LS") == ""
