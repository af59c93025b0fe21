from django import forms

from sightline.web.accesslog.models import AccessEntry


class AccessSearchForm(forms.Form):
    username = forms.CharField(required=False, label="User name contains")
    child_id = forms.CharField(required=False, label="Child ID")
    outcome = forms.ChoiceField(
        required=False, choices=[("", "Any"), *AccessEntry.Outcome.choices], label="Outcome"
    )
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)")
