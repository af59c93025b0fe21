"""GOV.UK form pieces: the date input (day, month, year boxes), a field of several files with a
look at each file's first bytes, and how a field is described to the template that renders it
(templates/common/_field.html, through the `govuk_field` tag)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = ("day", "month", "year")


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes named <name>-day, <name>-month, <name>-year (the GOV.UK date input).

    A single <name>=YYYY-MM-DD is accepted too, so links and scripts can pass a date whole."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__([forms.TextInput(box), forms.TextInput(box), forms.TextInput(box)], attrs)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            try:
                return self.decompress(dt.date.fromisoformat(value))
            except ValueError:
                return [None, None, None]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}-{part}") for part in DATE_PARTS]
        if not any(parts) and data.get(name):
            return data.get(name)  # whole: checked by the field
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in DATE_PARTS)


class GovukDateField(forms.Field):
    """A date entered as day, month and year; errors in the GOV.UK pattern's words."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, required: bool = True, help_text: str = "", **kwargs):
        self.what = label[0].lower() + label[1:]
        super().__init__(
            label=label,
            required=required,
            help_text=help_text or "For example, 31 3 2026",
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    f"Enter the {self.what} like 31 3 2026", code="invalid"
                ) from None
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"The {self.what} must include a {missing[0]}", code="incomplete")
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"Enter the {self.what} like 31 3 2026", code="invalid")
        day, month, year = (int(p) for p in parts)
        if year < 1900 or year > 2200:
            raise ValidationError(f"The {self.what} must have a 4-digit year", code="invalid")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(f"The {self.what} must be a real date", code="invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise ValidationError(f"Enter the {self.what}", code="required")

    def prepare_value(self, value):
        return value


def field_context(bound) -> dict:
    """What the GOV.UK field template needs: the kind of control, ids, aria-describedby, value."""
    fid = bound.id_for_label or f"id_{bound.html_name}"
    widget = bound.field.widget
    if isinstance(widget, GovukDateWidget):
        kind = "date_input"
        value = bound.value()
        parts = value if isinstance(value, list) else widget.decompress(value)
        if isinstance(value, str) and not any(parts):
            parts = [None, None, None]
        fid = f"id_{bound.html_name}"
        date_parts = [
            {
                "name": f"{bound.html_name}-{part}",
                "id": f"{fid}-{part}",
                "label": part.title(),
                "value": parts[i] or "",
                "width": 4 if part == "year" else 2,
            }
            for i, part in enumerate(DATE_PARTS)
        ]
    else:
        kind = {
            "checkbox": "checkbox",
            "textarea": "textarea",
            "select": "select",
            "radioselect": "radios",
            "checkboxselectmultiple": "checkboxes",
            "date": "date",
            "time": "time",
            "clearablefile": "file",
            "file": "file",
            "number": "number",
            "password": "password",
            "email": "email",
            "url": "url",
        }.get(bound.widget_type, "text")
        date_parts = []
    hint_id = f"{fid}-hint" if bound.help_text else ""
    error_id = f"{fid}-error" if bound.errors else ""
    value = bound.value()
    choices = list(getattr(bound.field, "choices", []) or [])
    return {
        "field": bound,
        "kind": kind,
        "fid": fid,
        "hint_id": hint_id,
        "error_id": error_id,
        "describedby": " ".join(i for i in (hint_id, error_id) if i),
        "value": "" if value is None or isinstance(value, list) else value,
        "choices": [(str(v), t) for v, t in choices],
        "selected": "" if value is None else str(value),
        "selected_list": [str(v) for v in value] if isinstance(value, list | tuple) else [],
        "date_parts": date_parts,
        "rows": bound.field.widget.attrs.get("rows", 3),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def looks_like(upload, suffix: str) -> bool:
    """A quick look at the first bytes: the file is what its name says."""
    head = upload.read(512)
    upload.seek(0)
    if suffix in (".xlsx", ".zip"):
        return head.startswith(b"PK\x03\x04")
    if suffix == ".xls":  # the old binary workbook (or an .xlsx saved with the old name)
        return head.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"))
    if b"\x00" in head:
        return False  # binary content in a text format
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if suffix == ".xml":
        return text.startswith(b"<")
    return True  # CSV: any text
