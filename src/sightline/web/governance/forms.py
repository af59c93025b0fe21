"""Forms for bodies, members, meetings and their business. Each error names its field in plain words;
a refused form is shown again with what was typed (pages render each field with {% govuk_field %}, common/templatetags/govuk.py).
"""

from __future__ import annotations

from django import forms

from sightline.web.common.forms import GovukDateField
from sightline.web.governance.models import (
    AgendaItem,
    BoardPack,
    Body,
    Meeting,
    MeetingAction,
    Member,
)


def _date(label: str, required: bool = True, **kwargs) -> GovukDateField:
    return GovukDateField(label=label, required=required, **kwargs)


class BodyForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the body's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of body",
        choices=[("", "Choose a kind"), *Body.Kind.choices],
        error_messages={"required": "Choose what kind of body it is"},
    )
    purpose = forms.CharField(
        label="Purpose", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cadence = forms.CharField(
        label="How often it meets",
        required=False,
        max_length=100,
        help_text="For example: monthly, every 6 weeks",
    )
    chair = forms.CharField(label="Chair", required=False, max_length=200)


class MemberForm(forms.Form):
    member_name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the member's name"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *((r, r) for r in Member.ROLES)],
        error_messages={"required": "Choose the member's role"},
    )
    organisation = forms.CharField(label="Organisation", required=False, max_length=200)
    is_elected_member = forms.BooleanField(
        label="Elected member (the body's packs then hold aggregate figures only)",
        required=False,
    )


class MeetingForm(forms.Form):
    date = _date("Date of the meeting")
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 14:00",
        },
    )
    location = forms.CharField(label="Place", required=False, max_length=200)


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Item", max_length=300, error_messages={"required": "Enter the agenda item's title"}
    )
    presenter = forms.CharField(label="Presented by", required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label="Improvement theme it concerns (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )
    plan_action = forms.ModelChoiceField(
        label="Plan action it concerns (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )
    recommendation = forms.ModelChoiceField(
        label="Recommendation it concerns (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )
    pack = forms.ModelChoiceField(
        label="Pack laid for it (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from sightline.web.improvement.models import Action, Recommendation, Theme

        self.fields["theme"].queryset = Theme.objects.filter(framework__active=True)
        self.fields["plan_action"].queryset = Action.objects.filter(
            priority__theme__framework__active=True
        )
        self.fields["recommendation"].queryset = Recommendation.objects.filter(status="open")
        self.fields["pack"].queryset = BoardPack.objects.filter(meeting=meeting).defer("content")
        self.fields["pack"].label_from_instance = (
            lambda p: f"Pack generated {p.generated_at:%d %B %Y %H:%M}"
        )


def _agenda_item_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Agenda item it arose under (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None: the meeting's general business",
        error_messages={"invalid_choice": "Choose one of this meeting's agenda items"},
    )


class _UnderAgendaItem(forms.Form):
    """A form whose record may name the agenda item of its meeting it arose under."""

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda.all()


class DecisionForm(_UnderAgendaItem):
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the decision"},
    )
    agenda_item = _agenda_item_field()


class MeetingActionForm(forms.Form):
    text = forms.CharField(label="Action", error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Owner", error_messages={"required": "Enter who owns the action"})
    due_date = _date("Due date", required=False)
    plan_action = forms.ModelChoiceField(
        label="Plan action it is the same as (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )
    new_in_priority = forms.ModelChoiceField(
        label="Or add it to the improvement plan under this priority (optional)",
        queryset=None,
        required=False,
        empty_label="Do not add it to the plan",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sightline.web.improvement.models import Action, Priority

        self.fields["plan_action"].queryset = Action.objects.filter(
            priority__theme__framework__active=True
        )
        self.fields["new_in_priority"].queryset = Priority.objects.filter(
            theme__framework__active=True
        ).select_related("theme")
        self.fields["new_in_priority"].label_from_instance = lambda p: f"{p.theme}: {p}"

    def clean(self):
        data = super().clean()
        if data.get("plan_action") and data.get("new_in_priority"):
            self.add_error(
                "new_in_priority",
                "Either link an existing plan action or add a new one, not both",
            )
        elif (
            data.get("new_in_priority")
            and not data.get("due_date")
            and "due_date" not in self.errors
        ):
            self.add_error("due_date", "Enter the due date: a plan action needs one")
        return data


class MeetingActionEditForm(forms.Form):
    text = forms.CharField(label="Action", error_messages={"required": "Enter the action"})
    owner = forms.CharField(
        label="Owner", max_length=200, error_messages={"required": "Enter who owns the action"}
    )
    due_date = _date("Due date", required=False)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=MeetingAction.Status.choices)


class ChallengeForm(_UnderAgendaItem):
    raised_by = forms.CharField(
        label="Raised by", error_messages={"required": "Enter who raised the challenge"}
    )
    directed_to = forms.CharField(label="Put to", required=False, max_length=200)
    question = forms.CharField(
        label="Challenge or question",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the question asked"},
    )
    agenda_item = _agenda_item_field()


class AnswerForm(forms.Form):
    answered_by = forms.CharField(
        label="Answered by", error_messages={"required": "Enter who answered"}
    )
    answered_on = _date("Date answered", required=False, help_text="Leave empty for today")
    answer = forms.CharField(
        label="Answer",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the answer given"},
    )
