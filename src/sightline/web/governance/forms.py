from django import forms


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the decision"},
    )


class MeetingActionForm(forms.Form):
    text = forms.CharField(label="Action", error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Owner", error_messages={"required": "Enter who owns the action"})
    due_date = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the due date like 2026-03-31"},
    )

    plan_action = forms.ModelChoiceField(
        label="Plan action it concerns (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sightline.web.improvement.models import Action

        self.fields["plan_action"].queryset = Action.objects.filter(
            priority__theme__framework__active=True
        )


class ChallengeForm(forms.Form):
    raised_by = forms.CharField(
        label="Raised by", error_messages={"required": "Enter who raised the challenge"}
    )
    question = forms.CharField(
        label="Challenge or question",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the question asked"},
    )


class AnswerForm(forms.Form):
    answered_by = forms.CharField(
        label="Answered by", error_messages={"required": "Enter who answered"}
    )
    answer = forms.CharField(
        label="Answer",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the answer given"},
    )
