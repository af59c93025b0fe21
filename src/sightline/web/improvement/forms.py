from __future__ import annotations

from django import forms

from sightline.web.common.forms import GovukDateField
from sightline.web.improvement.models import Action, Recommendation

RAG_CHOICES = [("", "Use the computed RAG"), ("red", "Red"), ("amber", "Amber"), ("green", "Green")]


class ActionForm(forms.Form):
    """Edit an action; `version` is the version the user started from (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the action's title"})
    owner_title = forms.CharField(label="Owner (role or name)", max_length=200, required=False)
    due_date = GovukDateField(label="Due date")
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices)
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UpdateForm(forms.Form):
    """A progress update, optionally with one piece of evidence."""

    text = forms.CharField(
        label="What has been done",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    evidence_title = forms.CharField(label="Evidence title", max_length=300, required=False)
    evidence_url = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link like https://example.org/report"},
    )
    evidence_file = forms.FileField(label="Or upload a file", required=False)
    evidence_indicator = forms.ChoiceField(
        label="Or capture an indicator's current value", required=False
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_indicator"].choices = [("", "None"), *indicators]

    def clean(self):
        data = super().clean()
        has_evidence = (
            data.get("evidence_url") or data.get("evidence_file") or data.get("evidence_indicator")
        )
        if not (data.get("text") or "").strip() and not has_evidence:
            raise forms.ValidationError("Write what has been done, or attach evidence")
        if has_evidence and not (data.get("evidence_title") or "").strip():
            self.add_error("evidence_title", "Give the evidence a title that says what it shows")
        return data


class OverrideForm(forms.Form):
    """`version` is the item's version when the page was opened (optimistic concurrency)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: open the page again"},
    )
    rag = forms.ChoiceField(label="RAG", choices=RAG_CHOICES, required=False)
    reason = forms.CharField(
        label="Reason (required for an override)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class CloseRecommendationForm(forms.Form):
    note = forms.CharField(
        label="How it has been met", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_title = forms.CharField(label="Evidence title", max_length=300, required=False)
    evidence_url = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link like https://example.org/report"},
    )
    evidence_file = forms.FileField(label="Or upload a file", required=False)


class FrameworkForm(forms.Form):
    file = forms.FileField(
        label="Framework file (YAML or JSON)",
        error_messages={"required": "Choose a framework file"},
    )


class NewActionForm(forms.Form):
    # Optional: the theme's first priority when none is chosen.
    priority = forms.ModelChoiceField(
        label="Priority", queryset=None, required=False, empty_label=None
    )
    title = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Enter the action's title"}
    )
    owner_title = forms.CharField(label="Owner (role or name)", max_length=200, required=False)
    due_date = GovukDateField(label="Due date")

    def __init__(self, *args, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = theme.priorities.all() if theme else None


class NewPriorityForm(forms.Form):
    priority_title = forms.CharField(
        label="Priority", max_length=300, error_messages={"required": "Enter the priority's title"}
    )


class MeasureForm(forms.Form):
    target = forms.FloatField(
        label="Target", required=False, error_messages={"invalid": "Enter the target as a number"}
    )
    tolerance = forms.FloatField(
        label="Tolerance (in the indicator's unit)",
        min_value=0,
        error_messages={
            "required": "Enter a tolerance (0 for none)",
            "invalid": "Enter the tolerance as a number",
        },
    )
    trajectory = forms.CharField(
        label="Trajectory (one 'year: value' a line, e.g. 2026: 80)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_trajectory(self) -> dict[int, float]:
        points: dict[int, float] = {}
        for n, line in enumerate((self.cleaned_data.get("trajectory") or "").splitlines(), start=1):
            if not line.strip():
                continue
            year, _, value = line.partition(":")
            try:
                points[int(year.strip())] = float(value.strip())
            except ValueError:
                raise forms.ValidationError(
                    f"Line {n} ('{line.strip()}') is not like '2026: 80'"
                ) from None
        return points


class RecommendationForm(forms.Form):
    source = forms.ChoiceField(label="Source", choices=Recommendation.Source.choices)
    source_title = forms.CharField(
        label="From (report or visit)",
        max_length=300,
        error_messages={"required": "Enter the report or visit it comes from"},
    )
    source_date = GovukDateField(label="Date of the report")
    reference = forms.CharField(label="Reference (optional)", max_length=50, required=False)
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions answering it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(
            priority__theme__framework__active=True
        ).select_related("priority__theme")


class MilestoneForm(forms.Form):
    milestone_priority = forms.ModelChoiceField(
        label="Priority", queryset=None, required=False, empty_label=None
    )
    milestone_title = forms.CharField(
        label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"}
    )
    milestone_due = GovukDateField(label="Due date")

    def __init__(self, *args, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone_priority"].queryset = theme.priorities.all() if theme else None


class LeadForm(forms.Form):
    """The accountable lead: a senior leader with a user account, and the title they lead as."""

    lead = forms.ModelChoiceField(
        label="Lead", queryset=None, required=False, empty_label="Nobody named yet"
    )
    lead_title = forms.CharField(label="Lead's title", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from sightline.web.accounts.roles import Role

        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, role__in=[Role.SENIOR_LEADER.value, Role.ADMINISTRATOR.value]
            )
            .order_by("last_name", "username")
        )
