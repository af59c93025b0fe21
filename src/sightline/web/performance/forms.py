from django import forms


class TargetForm(forms.Form):
    value = forms.FloatField(
        label="Target",
        error_messages={
            "required": "Enter a target",
            "invalid": "Enter the target as a number, like 85 or 12.5",
        },
    )
    note = forms.CharField(label="Why this target (optional)", required=False, max_length=300)

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if unit == "percent":
            self.fields["value"].min_value = 0
            self.fields["value"].max_value = 100
            self.fields["value"].validators = []

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("The target cannot be negative")
        return value
