"""The reference list upload form: the kind of list and its files, checked for size and type
before anything is kept (the same limits as a return's upload)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from sightline.web.common.forms import MultipleFileField, looks_like
from sightline.web.validation.models import ReferenceList

ALLOWED_SUFFIXES = (".csv", ".xlsx")
MAX_FILES = 5  # Ofsted's lists: children's homes, social care providers (current and closed)


class ReferenceUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which list",
        choices=ReferenceList.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which list you are uploading"},
    )
    files = MultipleFileField(
        label="Files",
        help_text="Ofsted's lists as Ofsted publishes them (.xlsx), or a .csv with the same "
        "headings: URN, setting postcode, provider placement code, registration date, closed "
        "date. You can choose several provider lists at once (children's homes, social care "
        "providers). A postcode reference is one .csv or .xlsx with postcode, easting and "
        "northing (the ONS postcode directory's pcd, oseast1m, osnrth1m, and oslaua).",
        error_messages={
            "required": "Choose at least one file to upload",
            "empty": "A file you chose is empty: export the list again and upload it",
        },
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.SIGHTLINE_MAX_UPLOAD_BYTES
        if not files:
            raise forms.ValidationError("Choose at least one file to upload")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at once")
        problems = []
        names = set()
        for upload in files:
            name = upload.name
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if suffix not in ALLOWED_SUFFIXES:
                problems.append(f"{name} is not a list Sightline reads: it must be .xlsx or .csv")
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

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if cleaned.get("kind") == ReferenceList.Kind.POSTCODES and len(files) > 1:
            self.add_error("files", "Upload one postcode reference file at a time")
        return cleaned
