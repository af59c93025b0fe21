"""The upload form: one or more return files, checked for size and type before they are kept."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from sightline.web.common.forms import MultipleFileField, looks_like

# What a return file may be: CIN census and 903 XML, 903 and workforce CSV, Annex A workbooks.
ALLOWED_SUFFIXES = (".xml", ".csv", ".xlsx", ".xls", ".zip")


def _year_choices() -> list[tuple[str, str]]:
    """The 903 years the reader knows, up to the one now being collected, newest first."""
    from sightline.returns.ssda903.read import FIRST_YEAR, LAST_YEAR

    last = min(LAST_YEAR, date.today().year + 1)
    years = [(str(y), f"{y - 1} to {y}") for y in range(last, FIRST_YEAR - 1, -1)]
    return [("", "Work it out from the files"), *years]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Return files",
        help_text="CIN census (.xml), SSDA903 tables (.csv or .xml), Annex A (.xlsx or .xls), "
        "workforce census (.csv or .xml), or a .zip of them. You can choose several files at once.",
        error_messages={"required": "Choose at least one return file to upload"},
    )

    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The year to 31 March the returns cover. Choose it for SSDA903 tables (.csv) "
        "that do not say it; left to be worked out, the year comes from the latest episode "
        "dates and the problem report warns that it was inferred.",
        choices=_year_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.SIGHTLINE_MAX_UPLOAD_BYTES
        if not files:
            raise forms.ValidationError("Choose at least one return file to upload")
        if len(files) > settings.SIGHTLINE_MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"Upload at most {settings.SIGHTLINE_MAX_UPLOAD_FILES} files at once"
            )
        problems = []
        names = set()
        for upload in files:
            name = upload.name
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if suffix not in ALLOWED_SUFFIXES:
                problems.append(
                    f"{name} is not a return file: it must be .xml, .csv, .xlsx, .xls or .zip"
                )
            elif upload.size > limit:
                problems.append(
                    f"{name} is {filesizeformat(upload.size)}: the largest file accepted is "
                    f"{filesizeformat(limit)}"
                )
            elif upload.size == 0:
                problems.append(f"{name} is empty")
            elif not looks_like(upload, suffix):
                problems.append(f"{name} does not contain what a {suffix} file should")
            if name in names:
                problems.append(f"{name} is chosen twice")
            names.add(name)
        if problems:
            raise forms.ValidationError(problems)
        return files
