"""The shared web layer every area builds on: history, optimistic versions, the model-update
helper, GOV.UK fields with their own errors, and areas declared in their AppConfig."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template

from sightline.web.common import areas
from sightline.web.common.forms import GovukDateField
from sightline.web.common.history import history
from sightline.web.common.updates import apply_changes
from sightline.web.common.versions import StaleEdit, save_at_version

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    due = GovukDateField(label="Due date")
    note = forms.CharField(label="Note", help_text="A few words")


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the due date"),
        (("31", "2", "2026"), "The due date must be a real date"),
        (("1", "", "2026"), "The due date must include a month"),
        (("a", "b", "c"), "Enter the due date like 31 3 2026"),
        (("1", "2", "26"), "The due date must have a 4-digit year"),
    ],
)
def test_the_date_input_refuses_in_the_gov_uk_patterns_words(parts, message):
    data = dict(zip(("due-day", "due-month", "due-year"), parts, strict=True))
    form = _Form({**data, "note": "x"})
    assert not form.is_valid() and form.errors["due"] == [message]


def test_the_date_input_takes_three_boxes_or_a_whole_date():
    assert _Form({"due-day": "5", "due-month": "4", "due-year": "2026", "note": "x"}).is_valid()
    whole = _Form({"due": "2026-04-05", "note": "x"})
    assert whole.is_valid() and whole.cleaned_data["due"] == dt.date(2026, 4, 5)


def test_each_field_carries_its_own_error_and_describes_it():
    form = _Form({"due-day": "31", "due-month": "2", "due-year": "2026", "note": ""})
    form.is_valid()
    html = Template(
        "{% load govuk %}{% govuk_errors form %}{% govuk_field form.due %}{% govuk_field form.note %}"
    ).render(Context({"form": form}))
    assert 'href="#id_due-day"' in html  # the summary links to the first box
    assert 'aria-describedby="id_due-hint id_due-error"' in html
    assert 'id="id_due-error"' in html and "must be a real date" in html
    assert 'aria-describedby="id_note-hint id_note-error"' in html
    assert 'value="31"' in html  # what was typed is kept


def _round():
    from sightline.audits.sampling import SamplePlan
    from sightline.web.audits import services

    return services.round_create(
        title="R", kind="monthly", period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 1, 31), scope="", plan=SamplePlan(), seed=1,
        moderation_percent=0, user=None,
    )  # fmt: skip


def test_changed_fields_are_saved_and_recorded_and_unchanged_ones_are_not():
    item = _round()
    changed = apply_changes(item, {"title": "Round one", "scope": ""}, ("title", "scope"),
                            item_type="audit round", by="lead")  # fmt: skip
    assert changed == ["title"]
    item.refresh_from_db()
    assert item.title == "Round one"
    found = [c for c in history("audit round", item.id) if c.field == "title"]
    assert [(c.before, c.after, c.by) for c in found] == [("R", "Round one", "lead")]


def test_a_save_from_an_old_version_is_refused_with_the_changes_since():
    item = _round()
    save_at_version(item, 1, "audit round", {"scope": "All teams"})
    from sightline.web.common.history import record

    record(item, "audit round", "scope", "", "All teams", by="lead", version=2)
    with pytest.raises(StaleEdit) as refused:
        save_at_version(item, 1, "audit round", {"scope": "Mine"})
    assert "lead changed this audit round" in str(refused.value)
    assert [c.after for c in refused.value.changes] == ["All teams"]


def test_every_area_declares_its_prefix_and_navigation():
    prefixes = {a.label: a.url_prefix for a in areas.areas()}
    assert prefixes["audits"] == "audits/" and prefixes["governance"] == "governance/"
    labels = [entry.label for entry, _ in areas.nav_entries()]
    assert labels.index("Performance") < labels.index("Audits") < labels.index("Access log")
    assert any(p.template == "audits/_child_panel.html" for p in areas.child_panels())
