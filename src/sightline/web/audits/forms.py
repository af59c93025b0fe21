"""Forms for the audit programme; each error names its field (rendered with {% govuk_field %})."""

from __future__ import annotations

from django import forms

from sightline.audits.sampling import GROUPS
from sightline.web.audits.models import Round
from sightline.web.common.forms import GovukDateField


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the round's title"}
    )
    kind = forms.ChoiceField(
        label="Kind of round", choices=Round.Kind.choices, widget=forms.RadioSelect
    )
    period_start = GovukDateField(label="Start of the period")
    period_end = GovukDateField(label="End of the period")
    scope = forms.CharField(
        label="Scope",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: all teams; or the theme of a deep dive",
    )
    strata = forms.ChoiceField(
        label="Draw cases from each",
        choices=[("team", "Team"), ("service", "Service area")],
        widget=forms.RadioSelect,
    )
    per_stratum = forms.IntegerField(
        label="Cases drawn at random from each",
        required=False,
        min_value=0,
        help_text="Leave empty to give a percentage",
    )
    percent = forms.FloatField(
        label="Or this percentage of each", required=False, min_value=0.1, max_value=100
    )
    groups = forms.MultipleChoiceField(
        label="Also every case in",
        required=False,
        choices=list(GROUPS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    exclude_audited_months = forms.IntegerField(
        label="Leave out cases audited in the last (months)", initial=12, min_value=0
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        help_text=("The draw is reproducible: the same seed and snapshot draw the same cases"),
    )
    moderation_percent = forms.IntegerField(
        label="Share moderated (%)",
        initial=20,
        min_value=0,
        max_value=100,
        help_text="Every inadequate audit is moderated too",
    )


class ResponseForm(forms.Form):
    worker_response = forms.CharField(
        label="The worker's response", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    manager_response = forms.CharField(
        label="The team manager's response",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(
        label="Action", max_length=500, error_messages={"required": "Enter the action"}
    )
    owner = forms.CharField(
        label="Owner", max_length=200, error_messages={"required": "Enter who owns the action"}
    )
    due_date = GovukDateField(label="Due date")


class ExerciseForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the exercise's title"}
    )
    child_id = forms.CharField(
        label="Child ID", max_length=64, error_messages={"required": "Enter the child's ID"}
    )
    held_on = GovukDateField(label="Held on")
    auditors = forms.MultipleChoiceField(
        label="Auditors",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least two auditors"},
    )
