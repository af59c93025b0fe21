from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from sightline.web.accounts.roles import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask an administrator.",
    }


ROLE_CHOICES = [(r.value, r.label) for r in Role]
TEAMS_HELP = (
    "One team a line, named exactly as the returns name it (the allocated team). Team managers "
    "see only their teams' children."
)


def _teams(text: str) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]


class AccessForm(forms.Form):
    """What a user may see: their role, and a team manager's teams."""

    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    teams = forms.CharField(
        label="Teams",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=TEAMS_HELP,
    )

    def clean_teams(self) -> list[str]:
        return _teams(self.cleaned_data.get("teams", ""))


class InviteForm(AccessForm):
    """A new user: who they are, then their access (the fields of AccessForm)."""

    field_order = ["username", "first_name", "last_name", "email", "role", "teams"]
    username = forms.CharField(
        label="User name",
        max_length=150,
        help_text="What they type to sign in. Letters, digits and @ . + - _ only.",
        error_messages={"required": "Enter a user name"},
    )
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address",
        help_text="The link to choose a password is sent here.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    def clean_username(self) -> str:
        from django.contrib.auth.validators import UnicodeUsernameValidator

        name = self.cleaned_data["username"].strip()
        try:
            UnicodeUsernameValidator()(name)
        except forms.ValidationError:
            raise forms.ValidationError(
                "User name must only include letters, digits and @ . + - _"
            ) from None
        return name


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="The 6-digit code the app shows now.",
        error_messages={"required": "Enter the 6-digit code from your app"},
    )


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
