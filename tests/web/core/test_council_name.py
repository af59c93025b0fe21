"""Pages name the council, not just its code."""

from sightline.web.core.templatetags.sightline import council_name


def test_a_published_council_is_named_with_its_code():
    assert council_name("372") == "Rotherham (372)"


def test_an_unknown_code_is_shown_as_it_is():
    assert council_name("999") == "999"
